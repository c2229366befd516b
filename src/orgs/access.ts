/**
 * Who is acting in the org centre: the org account itself, or a person acting for the org with
 * their role there. Only the org account, the legal representative and administrators manage
 * sub-accounts (`assertManager`); agents see the org but change nothing.
 */
import type { AppContext } from '../context.js';
import { AppError, assertThat } from '../shared/app-error.js';
import type { SessionInfo } from '../sessions/sessions.js';
import type { OrgRole } from '../store/schema.js';

export interface OrgActor {
  orgId: string;
  /** The account doing it: the org itself or the person. */
  actorId: string;
  role: 'org' | OrgRole;
  /** The person's membership, when a person acts. */
  memberId: string | null;
}

export async function orgActor(ctx: AppContext, session: SessionInfo): Promise<OrgActor> {
  const account = await ctx.db.selectFrom('accounts').select('kind').where('id', '=', session.accountId).executeTakeFirstOrThrow();
  if (account.kind === 'org') return { orgId: session.accountId, actorId: session.accountId, role: 'org', memberId: null };
  if (!session.actingFor) throw new AppError('org.choose_required');
  const member = await ctx.db
    .selectFrom('org_members')
    .select(['id', 'role'])
    .where('org_id', '=', session.actingFor)
    .where('person_id', '=', session.accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!member) throw new AppError('org.not_member');
  return { orgId: session.actingFor, actorId: session.accountId, role: member.role, memberId: member.id };
}

export const canManage = (actor: OrgActor) => actor.role !== 'agent';

export function assertManager(actor: OrgActor): void {
  assertThat(canManage(actor), 'org.forbidden');
}
