/**
 * Acting for an org: after signing in, a person with active bindings chooses the org they act
 * for; the session carries it (`sessions.acting_for`). Ending a binding ends the sessions acting
 * for that org and revokes the OIDC grants and tokens issued to "this person for this org".
 */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import { sendLogoutNotices, takeLogoutNotices } from '../sessions/logout-fanout.js';
import type { SessionInfo } from '../sessions/sessions.js';
import type { DB } from '../store/db.js';

/** The orgs a person acts for (active bindings of active orgs), with their grants. */
export async function actingChoices(ctx: AppContext, personId: string) {
  const rows = await ctx.db
    .selectFrom('org_members')
    .innerJoin('orgs', 'orgs.account_id', 'org_members.org_id')
    .innerJoin('accounts', 'accounts.id', 'orgs.account_id')
    .select(['org_members.id', 'org_members.org_id', 'org_members.role', 'org_members.responded_at', 'orgs.uscc', 'orgs.name', 'orgs.grants_suspended_at'])
    .where('org_members.person_id', '=', personId)
    .where('org_members.status', '=', 'active')
    .where('accounts.status', '=', 'active')
    .orderBy('orgs.name')
    .execute();
  const grants = rows.length
    ? await ctx.db
        .selectFrom('org_grants')
        .innerJoin('business_systems', 'business_systems.id', 'org_grants.business_system_id')
        .select(['org_grants.member_id', 'business_systems.id', 'business_systems.name', 'org_grants.expires_at'])
        .where('org_grants.member_id', 'in', rows.map((r) => r.id))
        .orderBy('business_systems.name')
        .execute()
    : [];
  const now = ctx.clock.now();
  return rows.map((r) => ({
    membershipId: r.id,
    orgId: r.org_id,
    uscc: r.uscc,
    name: r.name,
    role: r.role,
    since: r.responded_at?.toISOString() ?? null,
    grantsSuspended: r.grants_suspended_at !== null,
    systems: grants
      .filter((g) => g.member_id === r.id)
      .map((g) => ({ id: g.id, name: g.name, expiresAt: g.expires_at?.toISOString() ?? null, expired: !!g.expires_at && g.expires_at <= now })),
  }));
}

/** Sets (or with null, clears) the org this session acts for. */
export async function setActingFor(ctx: AppContext, session: SessionInfo, orgId: string | null, ip: string | null): Promise<void> {
  if (orgId) {
    const member = await ctx.db
      .selectFrom('org_members')
      .innerJoin('accounts', 'accounts.id', 'org_members.org_id')
      .select('org_members.id')
      .where('org_members.org_id', '=', orgId)
      .where('org_members.person_id', '=', session.accountId)
      .where('org_members.status', '=', 'active')
      .where('accounts.status', '=', 'active')
      .executeTakeFirst();
    if (!member) throw new AppError('org.not_member');
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('sessions').set({ acting_for: orgId }).where('id', '=', session.id).where('ended_at', 'is', null).execute();
    await audit(tx, { at: ctx.clock.now(), actor: session.accountId, event: orgId ? 'org.acting_start' : 'org.acting_stop', result: 'success', ip, subject: orgId ?? session.actingFor });
  });
}

/**
 * Ends every session of `personId` acting for `orgId`, and single sign-on issued to that principal
 * or on those sessions. Call the returned `notify` once the transaction has committed: it tells the
 * business systems (back-channel logout, CAS single logout; src/sessions/logout-fanout.ts).
 */
export async function endActingSessions(ctx: AppContext, db: DB, personId: string, orgId: string, reason: string): Promise<{ sessions: number; notify: () => Promise<void> }> {
  const ended = await db
    .updateTable('sessions')
    .set({ ended_at: ctx.clock.now(), end_reason: reason })
    .where('account_id', '=', personId)
    .where('acting_for', '=', orgId)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute();
  // With `actingFor`, also what was issued to the person as `<person>:<org>` in any session (src/orgs/subject.ts).
  const notices = await takeLogoutNotices(ctx, db, { accountId: personId, sessionIds: ended.map((r) => r.id), actingFor: orgId });
  return { sessions: ended.length, notify: () => sendLogoutNotices(ctx, notices) };
}
