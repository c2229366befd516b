/**
 * Orgs in single sign-on: a person acting for an org reaches a business system only with a live
 * grant for it (the access decision, src/business-systems/access.ts, refuses the sign-in; the
 * checks here keep refusing tokens and CAS validations once a grant ends); tokens and CAS
 * attributes carry the org (USCC, name) and the acting person. The org account itself may use
 * every system.
 */
import type { AppContext } from '../context.js';
import { grantDecision } from './grants.js';
import { parseSubject } from './subject.js';

/** Whether a live session may reach `clientId`: always for itself, for an org only with a live grant. */
export async function actingAllowed(ctx: AppContext, session: { accountId: string; actingFor: string | null }, clientId: string | undefined): Promise<boolean> {
  if (!session.actingFor) return true;
  return !!clientId && (await grantDecision(ctx, session.accountId, session.actingFor, clientId)) === 'granted';
}

/** The org's social-security codes (several per org, seed 004), for the systems that need the right one. */
async function ssCodes(ctx: AppContext, orgId: string) {
  const rows = await ctx.db.selectFrom('org_ss_codes').select(['code', 'region_level', 'region_name', 'insurance_types']).where('org_id', '=', orgId).orderBy('created_at').execute();
  return rows.map((r) => ({ code: r.code, region_level: r.region_level, region_name: r.region_name, insurance_types: r.insurance_types }));
}

export interface OrgClaims {
  /** The account whose person/org data fills the standard claims. */
  accountId: string;
  extra: Record<string, unknown>;
}

/**
 * Claims about the org for an SSO subject (see subject.ts), or null when a person-for-org subject
 * no longer holds a live grant for `clientId` (the provider then refuses the token).
 */
export async function orgClaims(ctx: AppContext, sub: string, clientId: string | undefined, enforceGrant = true): Promise<OrgClaims | null> {
  const { accountId, orgId } = parseSubject(sub);
  if (!orgId) {
    const own = await ctx.db.selectFrom('orgs').select(['uscc', 'name']).where('account_id', '=', accountId).executeTakeFirst();
    return { accountId, extra: own ? { org: { uscc: own.uscc, name: own.name, ss_codes: await ssCodes(ctx, accountId) } } : {} };
  }
  if (enforceGrant && (!clientId || (await grantDecision(ctx, accountId, orgId, clientId)) !== 'granted')) return null;
  const row = await ctx.db
    .selectFrom('orgs')
    .innerJoin('org_members', 'org_members.org_id', 'orgs.account_id')
    .innerJoin('accounts', 'accounts.id', 'org_members.person_id')
    .select(['orgs.uscc', 'orgs.name', 'org_members.role', 'accounts.display_name', 'accounts.username'])
    .where('orgs.account_id', '=', orgId)
    .where('org_members.person_id', '=', accountId)
    .where('org_members.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return enforceGrant ? null : { accountId, extra: {} };
  return { accountId, extra: { org: { uscc: row.uscc, name: row.name, ss_codes: await ssCodes(ctx, orgId) }, org_role: row.role, acting_person: { name: row.display_name, preferred_username: row.username } } };
}

/** CAS 3.0 attributes for a session acting for an org. */
export async function casOrgAttributes(ctx: AppContext, personId: string, orgId: string | null): Promise<[string, string][]> {
  if (!orgId) {
    const own = await ctx.db.selectFrom('orgs').select(['uscc', 'name']).where('account_id', '=', personId).executeTakeFirst();
    return own ? [['orgUscc', own.uscc], ['orgName', own.name], ...casSsCodes(await ssCodes(ctx, personId))] : [];
  }
  const row = await ctx.db
    .selectFrom('orgs')
    .innerJoin('org_members', 'org_members.org_id', 'orgs.account_id')
    .select(['orgs.uscc', 'orgs.name', 'org_members.role'])
    .where('orgs.account_id', '=', orgId)
    .where('org_members.person_id', '=', personId)
    .where('org_members.status', '=', 'active')
    .executeTakeFirst();
  return row ? [['orgUscc', row.uscc], ['orgName', row.name], ['orgRole', row.role], ['actingForOrg', 'true'], ...casSsCodes(await ssCodes(ctx, orgId))] : [];
}

/** One multi-valued attribute: `code|region_level|region_name|type,type`. */
function casSsCodes(codes: Awaited<ReturnType<typeof ssCodes>>): [string, string][] {
  return codes.map((c) => ['orgSsCode', `${c.code}|${c.region_level}|${c.region_name}|${c.insurance_types.join(',')}`]);
}
