/**
 * Signing an account out everywhere (password change or reset, deactivation): every Shenfen
 * session ends, and so does everything single sign-on issued on them — oidc-provider's sessions,
 * grants, codes, access and refresh tokens, and CAS tickets — so no business system can refresh
 * its way back in. The business systems are told too (back-channel logout, CAS single logout):
 * call the returned `notify` once the transaction has committed (src/sessions/logout-fanout.ts).
 */
import type { AppContext } from '../context.js';
import type { DB } from '../store/db.js';
import { sendLogoutNotices, takeLogoutNotices } from './logout-fanout.js';

export async function endEverywhere(
  ctx: AppContext,
  accountId: string,
  reason: string,
  db: DB = ctx.db,
): Promise<{ sessions: number; notify: () => Promise<void> }> {
  const now = ctx.clock.now();
  const ended = await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  // Whom to tell: the systems signed in through any of the account's oidc-provider sessions, and
  // the CAS services holding a validated ticket. Taking them removes those rows, and with `all`
  // everything else issued to the account (also acting for an org, src/protocols/oidc/logout.ts).
  const notices = await takeLogoutNotices(ctx, db, { accountId, all: true });
  return { sessions: Number(ended.numUpdatedRows), notify: () => sendLogoutNotices(ctx, notices) };
}
