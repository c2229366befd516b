/** Org records: lookup, the view the org centre shows, and the check of org details against the enterprise registry. */
import { HASH_KIND } from '../accounts/accounts.js';
import type { EnterpriseCheckInput } from '../connectors/enterprise/registry.js';
import type { AppContext } from '../context.js';
import { maskIdNumber, maskName } from '../domain/index.js';
import { AppError } from '../http/errors.js';
import type { ErrorCode } from '../shared/errors.js';
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
  return {
    id: r.account_id,
    uscc: r.uscc,
    name: r.name,
    username: r.username,
    status: r.status,
    legalRepName: maskName(r.legal_rep_name),
    legalRepIdMasked: maskIdNumber(ctx.vault.decrypt(r.legal_rep_id_enc)),
    registryCheckedAt: r.registry_checked_at.toISOString(),
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

/** Asks the enterprise registry; throws the matching org.registry_* error unless every detail matches. Returns the source. */
export async function checkWithRegistry(ctx: AppContext, input: EnterpriseCheckInput): Promise<string> {
  const result = await ctx.enterprise.checkOrg(input);
  if (result.outcome === 'match') return result.source;
  const e = OUTCOME_ERRORS[result.outcome] ?? OUTCOME_ERRORS.unavailable!;
  throw new AppError(e.code, e.field ? { [e.field]: e.code } : undefined);
}
