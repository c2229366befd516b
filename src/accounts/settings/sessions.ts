/**
 * The account's active sessions (在线设备) and signing one of them out. Sessions are named to the
 * page by a keyed reference, never by their stored digest.
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { endSessionsAndNotify } from '../../sessions/logout-fanout.js';

const sessionRef = (ctx: AppContext, id: string) => ctx.vault.mac('session-ref', id).slice(0, 22);

export interface ActiveSession {
  ref: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  authMethods: string[];
  current: boolean;
}

async function liveSessions(ctx: AppContext, accountId: string) {
  const now = ctx.clock.now();
  return ctx.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent', 'auth_methods'])
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .limit(50)
    .execute();
}

/** Live sessions, the current one first and marked. */
export async function listSessions(ctx: AppContext, accountId: string, currentId: string): Promise<ActiveSession[]> {
  const rows = await liveSessions(ctx, accountId);
  const items = rows.map((r) => ({
    ref: sessionRef(ctx, r.id),
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    authMethods: r.auth_methods,
    current: r.id === currentId,
  }));
  return [...items.filter((i) => i.current), ...items.filter((i) => !i.current)];
}

/**
 * Ends one session of the account (退出该设备) and the single sign-on of that device with it: the
 * business systems signed in there get back-channel logout or CAS single logout and their tokens
 * end (src/sessions/logout-fanout.ts). Returns whether it was the current one.
 */
export async function endSessionByRef(ctx: AppContext, accountId: string, ref: string, currentId: string, ip: string | null): Promise<{ current: boolean }> {
  assertThat(/^[A-Za-z0-9_-]{22}$/.test(ref), 'session.not_found');
  const target = (await liveSessions(ctx, accountId)).find((r) => sessionRef(ctx, r.id) === ref);
  if (!target) throw new AppError('session.not_found');
  await endSessionsAndNotify(ctx, accountId, [target.id], 'ended_by_user');
  await audit(ctx.db, { at: ctx.clock.now(), actor: accountId, event: 'account.session_end', result: 'success', ip, subject: accountId, detail: { current: target.id === currentId } });
  return { current: target.id === currentId };
}
