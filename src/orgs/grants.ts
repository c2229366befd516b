/**
 * Whether a person may use a business system for an org: an active binding, the org active and
 * its grants not suspended (legal-representative change), and a grant for that system that has
 * not expired. The org account itself may use every system.
 */
import type { AppContext } from '../context.js';

export type GrantDecision = 'granted' | 'not_member' | 'org_inactive' | 'suspended' | 'not_granted' | 'expired';

export async function grantDecision(ctx: AppContext, personId: string, orgId: string, systemId: string): Promise<GrantDecision> {
  const row = await ctx.db
    .selectFrom('org_members')
    .innerJoin('orgs', 'orgs.account_id', 'org_members.org_id')
    .innerJoin('accounts', 'accounts.id', 'orgs.account_id')
    .leftJoin('org_grants', (j) => j.onRef('org_grants.member_id', '=', 'org_members.id').on('org_grants.business_system_id', '=', systemId))
    .select(['accounts.status', 'orgs.grants_suspended_at', 'org_grants.granted_at', 'org_grants.expires_at'])
    .where('org_members.org_id', '=', orgId)
    .where('org_members.person_id', '=', personId)
    .where('org_members.status', '=', 'active')
    .executeTakeFirst();
  return decideGrant(row, ctx.clock.now());
}

/** What a person's active binding to an org holds for one system; none when there is no active binding. */
export interface GrantRow {
  /** The org account's status. */
  status: string;
  grants_suspended_at: Date | null;
  granted_at: Date | null;
  expires_at: Date | null;
}

/**
 * The rule itself, for queries that read the binding with other things (the single sign-on
 * access decision, src/business-systems/access.ts, reads it with the account in one statement).
 */
export function decideGrant(row: GrantRow | undefined, now: Date): GrantDecision {
  if (!row) return 'not_member';
  if (row.status !== 'active') return 'org_inactive';
  if (row.grants_suspended_at) return 'suspended';
  if (!row.granted_at) return 'not_granted';
  if (row.expires_at && row.expires_at <= now) return 'expired';
  return 'granted';
}

/** Words for the refusal page, per decision. */
export const GRANT_REFUSALS: Record<Exclude<GrantDecision, 'granted'>, string> = {
  not_member: '您与该单位的绑定已解除，不能再代表该单位办理业务。',
  org_inactive: '该单位账户已停用。',
  suspended: '该单位的法定代表人已变更，授权暂停，待单位确认后恢复。',
  not_granted: '单位尚未授权您使用该业务系统。请联系单位管理员在“子账号信息”中为您授权。',
  expired: '单位对您使用该业务系统的授权已过期。请联系单位管理员续期。',
};
