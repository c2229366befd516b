/** Accounts (persons now, orgs later): lookup by identifier, profile, assurance level from evidence. */
import type { AppContext } from '../context.js';
import { deriveLevel, maskEmail, maskIdNumber, maskPhone, type AssuranceLevel } from '../domain/index.js';
import type { DB } from '../store/db.js';
import { AppError } from '../shared/app-error.js';

export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/** Keyed-hash kinds, so equal strings of different kinds never collide. */
export const HASH_KIND = { idNumber: 'id_number', phone: 'phone', identifier: 'login_identifier' } as const;

export interface AccountSummary {
  id: string;
  kind: 'person' | 'org';
  username: string;
  displayName: string;
  assuranceLevel: AssuranceLevel;
}

export interface LoginCandidate {
  id: string;
  status: 'active' | 'suspended' | 'deactivated';
  passwordHash: string | null;
}

/**
 * Finds the account a login identifier names: a username of that kind, else (persons) an ID
 * number or (orgs) a USCC. Person and org logins never find each other's accounts.
 */
export async function findByIdentifier(ctx: AppContext, identifier: string, kind: 'person' | 'org' = 'person'): Promise<LoginCandidate | undefined> {
  const byName = await ctx.db
    .selectFrom('accounts')
    .leftJoin('password_credentials', 'password_credentials.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.status', 'password_credentials.hash'])
    .where('accounts.username_norm', '=', normaliseUsername(identifier))
    .where('accounts.kind', '=', kind)
    .executeTakeFirst();
  if (byName) return { id: byName.id, status: byName.status, passwordHash: byName.hash };
  return findByOtherIdentifier(ctx, identifier, kind);
}

/** findByIdentifier without the username: an ID number or verified phone (persons), a USCC (orgs). */
export async function findByOtherIdentifier(ctx: AppContext, identifier: string, kind: 'person' | 'org'): Promise<LoginCandidate | undefined> {
  if (kind === 'org') return findOrgByUscc(ctx, identifier);
  const idHash = ctx.vault.lookupHash(HASH_KIND.idNumber, identifier.trim().toUpperCase());
  const byId = await ctx.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.id', 'persons.account_id')
    .leftJoin('password_credentials', 'password_credentials.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.status', 'password_credentials.hash'])
    .where('persons.id_number_hash', '=', idHash)
    .limit(2)
    .execute();
  // The same number under two document types would be ambiguous: treat as unknown.
  const only = byId.length === 1 ? byId[0] : undefined;
  if (only) return { id: only.id, status: only.status, passwordHash: only.hash };
  // Seed 002: the mobile number is the login name of persons registered by phone.
  return findByVerifiedPhone(ctx, identifier);
}

/** The one account whose verified phone is this number (none if none or several). */
export async function findByVerifiedPhone(ctx: AppContext, phone: string): Promise<LoginCandidate | undefined> {
  if (!/^1[3-9]\d{9}$/.test(phone.trim())) return undefined;
  const rows = await ctx.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.id', 'persons.account_id')
    .leftJoin('password_credentials', 'password_credentials.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.status', 'password_credentials.hash'])
    .where('persons.phone_hash', '=', ctx.vault.lookupHash(HASH_KIND.phone, phone.trim()))
    .where('persons.phone_verified_at', 'is not', null)
    .limit(2)
    .execute();
  const only = rows.length === 1 ? rows[0] : undefined;
  return only ? { id: only.id, status: only.status, passwordHash: only.hash } : undefined;
}

async function findOrgByUscc(ctx: AppContext, identifier: string): Promise<LoginCandidate | undefined> {
  const row = await ctx.db
    .selectFrom('orgs')
    .innerJoin('accounts', 'accounts.id', 'orgs.account_id')
    .leftJoin('password_credentials', 'password_credentials.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.status', 'password_credentials.hash'])
    .where('orgs.uscc', '=', identifier.trim().toUpperCase())
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status, passwordHash: row.hash } : undefined;
}

export type EvidenceRow = { level: AssuranceLevel; result: 'pass' | 'fail'; expires_at: Date | null; revoked_at: Date | null };

const levelOf = (ctx: AppContext, rows: EvidenceRow[]) =>
  deriveLevel(rows.map((e) => ({ level: e.level, result: e.result, expiresAt: e.expires_at, revokedAt: e.revoked_at })), ctx.clock.now());

export async function assuranceLevel(ctx: AppContext, accountId: string, db: DB = ctx.db): Promise<AssuranceLevel> {
  const rows = await db.selectFrom('evidence').select(['level', 'result', 'expires_at', 'revoked_at']).where('account_id', '=', accountId).execute();
  return levelOf(ctx, rows);
}

/** The summary of an account row and its evidence rows (for queries that fetch them with other things). */
export const toAccountSummary = (
  ctx: AppContext,
  a: { id: string; kind: 'person' | 'org'; username: string; display_name: string },
  evidence: EvidenceRow[],
): AccountSummary => ({ id: a.id, kind: a.kind, username: a.username, displayName: a.display_name, assuranceLevel: levelOf(ctx, evidence) });

/** The account with its level, in one query (one row per evidence record). */
export async function accountSummary(ctx: AppContext, accountId: string): Promise<AccountSummary> {
  const rows = await ctx.db
    .selectFrom('accounts')
    .leftJoin('evidence', 'evidence.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.kind', 'accounts.username', 'accounts.display_name', 'evidence.level', 'evidence.result', 'evidence.expires_at', 'evidence.revoked_at'])
    .where('accounts.id', '=', accountId)
    .execute();
  const a = rows[0];
  if (!a) throw new Error(`no account ${accountId}`);
  const evidence = rows.filter((r): r is typeof r & EvidenceRow => r.level !== null && r.result !== null);
  return { id: a.id, kind: a.kind, username: a.username, displayName: a.display_name, assuranceLevel: levelOf(ctx, evidence) };
}

/** The profile as the account centre shows it: sensitive values decrypted only to be masked. */
export async function personProfile(ctx: AppContext, accountId: string) {
  const p = await ctx.db
    .selectFrom('accounts')
    .innerJoin('persons', 'persons.account_id', 'accounts.id')
    .select([
      'accounts.kind',
      'accounts.username',
      'accounts.created_at',
      'persons.name',
      'persons.id_type',
      'persons.id_number_enc',
      'persons.phone_enc',
      'persons.phone_verified_at',
      'persons.nickname',
      'persons.email_enc',
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  // An org account has no person profile (its centre is /api/org).
  if (!p) throw new AppError('account.person_only');
  return {
    kind: p.kind,
    username: p.username,
    name: p.name,
    idType: p.id_type,
    idNumberMasked: p.id_number_enc ? maskIdNumber(ctx.vault.decrypt(p.id_number_enc)) : null,
    phoneMasked: p.phone_enc ? maskPhone(ctx.vault.decrypt(p.phone_enc)) : null,
    phoneVerified: p.phone_verified_at !== null,
    nickname: p.nickname,
    emailMasked: p.email_enc ? maskEmail(ctx.vault.decrypt(p.email_enc)) : null,
    assuranceLevel: await assuranceLevel(ctx, accountId),
    createdAt: p.created_at.toISOString(),
  };
}
