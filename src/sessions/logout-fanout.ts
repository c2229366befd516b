/**
 * Ending Shenfen sessions other than by the browser's own logout — 退出该设备 in the account
 * centre, signing out everywhere (password change or reset, deactivation) — reaches the business
 * systems as a logout does: the oidc-provider sessions signed in on them end and each system with
 * a back-channel logout URI gets its logout token; the CAS services that validated a ticket in
 * them get their single-logout request. Unlike a logout, the grants given in those sessions end
 * too, with their refresh tokens, so no system can refresh its way back in.
 *
 * Two steps: `takeLogoutNotices` removes everything in the caller's transaction and says whom to
 * tell; `sendLogoutNotices` tells them once that has committed, best effort (failures audited).
 * What each protocol removes and how it tells is its session-end listener
 * (src/sessions/session-end.ts); nothing here imports a protocol.
 */
import type { AppContext } from '../context.js';
import type { DB } from '../store/db.js';
import { sql } from 'kysely';
import type { EndedSessions, LogoutNotices } from './session-end.js';

export type { LogoutNotices } from './session-end.js';

/**
 * Removes the single sign-on of the given Shenfen sessions of an account (or of all its sessions)
 * — each protocol's listener takes its own (oidc-provider sessions with their grants, codes and
 * tokens; CAS tickets). Use inside the transaction that ends the sessions; returns whom
 * `sendLogoutNotices` must tell.
 */
export async function takeLogoutNotices(ctx: AppContext, db: DB, which: EndedSessions): Promise<LogoutNotices> {
  const notices: LogoutNotices = new Map();
  // One after the other: inside a transaction they share its one connection.
  for (const listener of ctx.sessionEndListeners.values()) notices.set(listener, await listener.take(db, which));
  return notices;
}

/** Tells the business systems, all at once; never throws (what fails is audited by each protocol). */
export async function sendLogoutNotices(_ctx: AppContext, notices: LogoutNotices): Promise<void> {
  await Promise.all([...notices].map(([listener, n]) => listener.send(n).catch(() => undefined)));
}

/**
 * Ends some live sessions of an account (退出该设备) with everything signed in on them, in one
 * transaction, then tells the business systems. Returns how many sessions ended.
 */
export async function endSessionsAndNotify(ctx: AppContext, accountId: string, sessionIds: string[], reason: string): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const { ended, notices } = await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('sessions')
      .set({ ended_at: ctx.clock.now(), end_reason: reason })
      .where('account_id', '=', accountId)
      .where('id', 'in', sessionIds)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return { ended: Number(res.numUpdatedRows), notices: await takeLogoutNotices(ctx, tx, { accountId, sessionIds }) };
  });
  await sendLogoutNotices(ctx, notices);
  return ended;
}

/**
 * Ends sessions that ran past their idle or absolute timeout (SECURITY.md: 30 min / 12 h) and,
 * like a logout, the single sign-on issued on them: business systems hear a back-channel logout or
 * CAS single logout, so a system does not stay signed in for a person Shenfen has signed out.
 * Housekeeping sweeps all of them every minute (`for update skip locked`: nodes share the work);
 * a browser coming back with an expired session ends its own at once (`sessionId`).
 * Returns how many ended and the notices to send after the caller's wait (or not) for them.
 */
export async function endTimedOutSessions(ctx: AppContext, opts: { sessionId?: string; limit?: number } = {}): Promise<{ ended: number; notify: () => Promise<void> }> {
  const now = ctx.clock.now();
  const sid = opts.sessionId ?? null;
  const { ended, notices } = await ctx.db.transaction().execute(async (tx) => {
    // The idle deadline never passes the absolute one (startSessionIf, resumeSession), so the sweep finds
    // both by it (index sessions_live_idle); one named session is also checked against its absolute deadline.
    const rows = await sql<{ id: string; account_id: string }>`
      update sessions s set ended_at = ${now}::timestamptz,
        end_reason = case when s.absolute_expires_at <= ${now}::timestamptz then 'absolute_timeout' else 'idle_timeout' end
      where s.id in (
        select id from sessions
        where ended_at is null
          and (${sid}::text is null or id = ${sid}::text)
          and (idle_expires_at <= ${now}::timestamptz or (${sid}::text is not null and absolute_expires_at <= ${now}::timestamptz))
        order by idle_expires_at limit ${opts.limit ?? 500} for update skip locked)
      returning s.id, s.account_id`.execute(tx);
    const byAccount = new Map<string, string[]>();
    for (const r of rows.rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r.id]);
    const all: LogoutNotices = new Map();
    for (const [accountId, sessionIds] of byAccount) {
      for (const [listener, n] of await takeLogoutNotices(ctx, tx, { accountId, sessionIds })) all.set(listener, [...(all.get(listener) ?? []), ...n]);
    }
    return { ended: rows.rows.length, notices: all };
  });
  return { ended, notify: () => sendLogoutNotices(ctx, notices) };
}
