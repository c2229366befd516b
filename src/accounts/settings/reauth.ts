/**
 * Re-authentication (SECURITY.md "Sessions"): changing the password, phone, e-mail or security
 * questions, and deactivating, need a fresh proof — the password, or an SMS code to the bound, verified phone —
 * given within `reauthMinutes` in this session. The proof is kept on the session row, so it ends
 * with the session and every node sees it.
 */
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import type { Pass } from '../../methods/registry.js';
import { hit } from '../../security/rate-limit.js';
import type { SessionInfo } from '../../sessions/sessions.js';
import type { DB } from '../../store/db.js';

/** When the session's proof stops counting, or null when it has none (or it has passed). */
export async function reauthValidUntil(ctx: AppContext, session: Pick<SessionInfo, 'id'>): Promise<Date | null> {
  const row = await ctx.db.selectFrom('sessions').select('reauth_at').where('id', '=', session.id).executeTakeFirst();
  if (!row?.reauth_at) return null;
  const until = addMinutes(row.reauth_at, ctx.config.accountCentre.reauthMinutes);
  return until > ctx.clock.now() ? until : null;
}

/** Throws reauth.required (403) unless the session proved itself within the window. */
export async function requireRecentAuth(ctx: AppContext, session: Pick<SessionInfo, 'id'>): Promise<void> {
  if (!(await reauthValidUntil(ctx, session))) throw new AppError('reauth.required');
}

/**
 * The re-authentication purpose's completion point: a method's pass (the password, an SMS code to
 * the verified phone; later a second factor) opens the 身份验证 window on the session, and the audit
 * log says by which method. A pass that proved another account than the session's opens nothing.
 */
export async function markReauthenticated(ctx: AppContext, session: Pick<SessionInfo, 'id' | 'accountId'>, pass: Pick<Pass, 'accountId' | 'amr'>, ip: string | null, db: DB = ctx.db): Promise<Date> {
  assertThat(pass.amr.length > 0 && (pass.accountId === undefined || pass.accountId === session.accountId), 'reauth.required');
  const now = ctx.clock.now();
  await db.updateTable('sessions').set({ reauth_at: now }).where('id', '=', session.id).execute();
  await audit(db, { at: now, actor: session.accountId, event: 'account.reauth', result: 'success', ip, subject: session.accountId, detail: { method: pass.amr.join('+') } });
  return addMinutes(now, ctx.config.accountCentre.reauthMinutes);
}

/**
 * Checks the account's current password, counted per account and per IP (a stolen session must not
 * become a password oracle). Throws `wrongCode` when it does not match.
 */
export async function checkCurrentPassword(
  ctx: AppContext,
  accountId: string,
  password: string,
  ip: string,
  wrongCode: 'reauth.wrong_password' | 'password.current_wrong',
): Promise<void> {
  await hit(ctx, 'reauthPerIp', ip);
  await hit(ctx, 'reauthPerAccount', accountId);
  const cred = await ctx.db.selectFrom('password_credentials').select('hash').where('account_id', '=', accountId).executeTakeFirst();
  // No password (an SMS-only account) verifies a dummy hash: the same answer in similar time.
  const ok = await ctx.passwords.verify(cred?.hash ?? null, password);
  if (!ok) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: accountId, event: 'account.password_check', result: 'failure', ip, subject: accountId, detail: { purpose: wrongCode === 'password.current_wrong' ? 'password_change' : 'reauth' } });
    throw new AppError(wrongCode, { [wrongCode === 'password.current_wrong' ? 'currentPassword' : 'password']: wrongCode });
  }
}

/** The bound phone a re-authentication code may go to: only a verified one. */
export async function verifiedPhone(ctx: AppContext, accountId: string): Promise<string | null> {
  const p = await ctx.db.selectFrom('persons').select(['phone_enc', 'phone_verified_at']).where('account_id', '=', accountId).executeTakeFirst();
  return p?.phone_enc && p.phone_verified_at ? ctx.vault.decrypt(p.phone_enc) : null;
}
