/** Org records: lookup, the view the org centre shows, and the check of org details against the enterprise registry. */
import { assuranceLevel, HASH_KIND } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import { assertManager, type OrgActor } from './access.js';
import type { EnterpriseCheckInput } from '../connectors/enterprise/registry.js';
import { addMinutes, type AppContext } from '../context.js';
import { levelRank, maskIdNumber, maskName, type AssuranceLevel } from '../domain/index.js';
import { AppError } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/errors.js';
import { recordEvidence, revokeEvidence } from '../methods/realname/evidence.js';
import type { DB } from '../store/db.js';

/** The ID number's keyed hash, of the same kind as persons.id_number_hash, so a person can be matched. */
export const idNumberHash = (ctx: AppContext, idNumber: string) => ctx.vault.lookupHash(HASH_KIND.idNumber, idNumber.trim().toUpperCase());

export interface OrgRecord {
  id: string;
  uscc: string;
  name: string;
  username: string;
  status: 'active' | 'suspended' | 'deactivated';
  legalRepName: string;
  legalRepIdHash: string;
  grantsSuspended: boolean;
}

export async function findOrg(ctx: AppContext, orgId: string, db: DB = ctx.db): Promise<OrgRecord | undefined> {
  const r = await db
    .selectFrom('orgs')
    .innerJoin('accounts', 'accounts.id', 'orgs.account_id')
    .select(['orgs.account_id', 'orgs.uscc', 'orgs.name', 'accounts.username', 'accounts.status', 'orgs.legal_rep_name', 'orgs.legal_rep_id_hash', 'orgs.grants_suspended_at'])
    .where('orgs.account_id', '=', orgId)
    .executeTakeFirst();
  return r
    ? { id: r.account_id, uscc: r.uscc, name: r.name, username: r.username, status: r.status, legalRepName: r.legal_rep_name, legalRepIdHash: r.legal_rep_id_hash, grantsSuspended: r.grants_suspended_at !== null }
    : undefined;
}

/** The org as the org centre shows it: the legal representative masked. */
export async function orgView(ctx: AppContext, orgId: string) {
  const r = await ctx.db
    .selectFrom('orgs')
    .innerJoin('accounts', 'accounts.id', 'orgs.account_id')
    .selectAll('orgs')
    .select(['accounts.username', 'accounts.status'])
    .where('orgs.account_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const codes = await ctx.db.selectFrom('org_ss_codes').selectAll().where('org_id', '=', orgId).orderBy('created_at').execute();
  const level = await assuranceLevel(ctx, orgId);
  return {
    id: r.account_id,
    uscc: r.uscc,
    name: r.name,
    username: r.username,
    status: r.status,
    legalRepName: maskName(r.legal_rep_name),
    legalRepIdMasked: maskIdNumber(ctx.vault.decrypt(r.legal_rep_id_enc)),
    registryCheckedAt: r.registry_checked_at.toISOString(),
    assuranceLevel: level,
    grantsSuspended: r.grants_suspended_at !== null,
    createdAt: r.created_at.toISOString(),
    ssCodes: codes.map((c) => ({ id: c.id, code: c.code, regionLevel: c.region_level, regionName: c.region_name, insuranceTypes: c.insurance_types })),
  };
}

const OUTCOME_ERRORS: Record<string, { code: ErrorCode; field?: string }> = {
  not_found: { code: 'org.registry_not_found', field: 'uscc' },
  revoked: { code: 'org.registry_revoked', field: 'uscc' },
  name_mismatch: { code: 'org.registry_name_mismatch', field: 'name' },
  legal_rep_mismatch: { code: 'org.registry_legal_rep_mismatch', field: 'legalRepName' },
  unavailable: { code: 'org.registry_unavailable' },
};

/** What the enterprise registry said when every detail matched. */
export interface RegistryMatch {
  source: string;
  /** The registry's transaction number, when it gave one. */
  reference: string | null;
}

/** Asks the enterprise registry; throws the matching org.registry_* error unless every detail matches. */
export async function checkWithRegistry(ctx: AppContext, input: EnterpriseCheckInput): Promise<RegistryMatch> {
  const result = await ctx.enterprise.checkOrg(input);
  if (result.outcome === 'match') return { source: result.source, reference: result.reference ?? null };
  const e = OUTCOME_ERRORS[result.outcome] ?? OUTCOME_ERRORS.unavailable!;
  throw new AppError(e.code, e.field ? { [e.field]: e.code } : undefined);
}

/**
 * An org account's real-name evidence: the enterprise registry (an authoritative source) confirmed
 * its USCC, name and legal representative (docs/orgs.md#assurance-levels). The registry vouches for
 * the org; that this account is the org's rests on the person who proved it — details on the
 * business licence are public. So the level is L3 at most and never above the level of the person
 * who had the check made (a registrant who only declared an identity gives L2); the org account
 * itself re-checking keeps the level it had. The answer lasts a year: a company can be
 * deregistered, and 重新核验 asks again. L4/L5 need the legal person's certificate (seed 004).
 */
export const REGISTRY_EVIDENCE = { method: 'enterprise_registry', maxLevel: 'L3', days: 365 } as const;

/** The level a registry match gives when `by` had it made: the lower of L3 and `by`'s own level (an org account: its current level). */
export async function registryLevel(ctx: AppContext, by: string, db: DB = ctx.db): Promise<AssuranceLevel> {
  const level = await assuranceLevel(ctx, by, db);
  return levelRank(level) < levelRank(REGISTRY_EVIDENCE.maxLevel) ? level : REGISTRY_EVIDENCE.maxLevel;
}

/** Within the caller's transaction: the registry's latest match replaces the org's earlier registry evidence. */
export async function recordRegistryEvidence(ctx: AppContext, tx: DB, orgId: string, match: RegistryMatch, level: AssuranceLevel): Promise<void> {
  await revokeEvidence(ctx, orgId, [REGISTRY_EVIDENCE.method], tx);
  await recordEvidence(
    ctx,
    {
      accountId: orgId,
      method: REGISTRY_EVIDENCE.method,
      level,
      source: match.source,
      result: 'pass',
      reason: null,
      inputFingerprint: null,
      expiresAt: addMinutes(ctx.clock.now(), REGISTRY_EVIDENCE.days * 24 * 60),
      reference: match.reference,
    },
    tx,
  );
}

/** 重新核验: the org's registered details asked of the registry again, by a manager; the evidence renewed (or the failure said). */
export async function recheckRegistry(ctx: AppContext, actor: OrgActor, ip: string | null): Promise<void> {
  assertManager(actor);
  const org = await ctx.db.selectFrom('orgs').select(['uscc', 'name', 'legal_rep_name', 'legal_rep_id_enc']).where('account_id', '=', actor.orgId).executeTakeFirstOrThrow();
  const level = await registryLevel(ctx, actor.actorId);
  const input = { uscc: org.uscc, name: org.name, legalRepName: org.legal_rep_name, legalRepIdNumber: ctx.vault.decrypt(org.legal_rep_id_enc) };
  const match = await checkWithRegistry(ctx, input).catch(async (err: unknown) => {
    await audit(ctx.db, { at: ctx.clock.now(), actor: actor.actorId, event: 'org.registry_check', result: 'failure', ip, subject: actor.orgId, detail: { reason: err instanceof AppError ? err.code : 'error' } });
    throw err;
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('orgs').set({ registry_source: match.source, registry_checked_at: ctx.clock.now(), updated_at: ctx.clock.now() }).where('account_id', '=', actor.orgId).execute();
    await recordRegistryEvidence(ctx, tx, actor.orgId, match, level);
    await audit(tx, { at: ctx.clock.now(), actor: actor.actorId, event: 'org.registry_check', result: 'success', ip, subject: actor.orgId, detail: { level, source: match.source } });
  });
}
