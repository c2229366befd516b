/** Org records: lookup, the view the org centre shows, and the check of org details against the enterprise registry. */
import { assuranceLevel, HASH_KIND } from '../accounts/accounts.js';
import type { EnterpriseCheckInput } from '../connectors/enterprise/registry.js';
import type { AppContext } from '../context.js';
import { maskIdNumber, maskName } from '../domain/index.js';
import { AppError } from '../http/errors.js';
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
 * its USCC, name and legal representative — level L3, as an authoritative check of a person is
 * (docs/orgs.md#assurance-levels). L4/L5 for an org need more than a registry answer (the legal
 * person's certificate, seed 004) and are not reached yet.
 */
export const REGISTRY_EVIDENCE = { method: 'enterprise_registry', level: 'L3' } as const;

/** Within the caller's transaction: the registry's latest match replaces the org's earlier registry evidence. */
export async function recordRegistryEvidence(ctx: AppContext, tx: DB, orgId: string, match: RegistryMatch): Promise<void> {
  await revokeEvidence(ctx, orgId, [REGISTRY_EVIDENCE.method], tx);
  await recordEvidence(
    ctx,
    { accountId: orgId, ...REGISTRY_EVIDENCE, source: match.source, result: 'pass', reason: null, inputFingerprint: null, expiresAt: null, reference: match.reference },
    tx,
  );
}
