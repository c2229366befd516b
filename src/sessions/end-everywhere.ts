/**
 * Signing an account out everywhere (password change or reset, deactivation): every Shenfen
 * session ends, and so does everything single sign-on issued on them — oidc-provider's sessions,
 * grants, codes, access and refresh tokens, and unvalidated CAS tickets — so no business system
 * can refresh its way back in.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB } from '../store/db.js';

export async function endEverywhere(ctx: AppContext, accountId: string, reason: string, db: DB = ctx.db): Promise<{ sessions: number }> {
  const now = ctx.clock.now();
  const ended = await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  // Also what was issued to the account acting for an org (subject `<person>:<org>`, src/orgs/subject.ts).
  await db.deleteFrom('oidc_payloads').where(sql<boolean>`payload->>'accountId' = ${accountId} or payload->>'accountId' like ${`${accountId}:%`}`).execute();
  await db.deleteFrom('cas_tickets').where('account_id', '=', accountId).execute();
  return { sessions: Number(ended.numUpdatedRows) };
}
