/**
 * SMS-code login (seed 002 §2.2 短信登录): a code to the phone, then the code signs in the one
 * active account whose verified phone it is. Asking for a code answers the same whether or not
 * the number belongs to an account (the code is made and counted, but sent only to a known one).
 * Wrong codes are counted per number typed across flows (the login_guards row `sms:<phone hash>`,
 * ../../security/login-guards.ts), known or not: 5 failures lock SMS login for that number for
 * SHENFEN_LOCKOUT_MINUTES (15), on top of the 5 tries per code; 100 in a row lock it until the
 * owner signs in by password or resets it. A sign-in here lifts the account's password locks.
 */
import { sql } from 'kysely';
import { accountSummary, findByVerifiedPhone, HASH_KIND, type AccountSummary } from '../../accounts/accounts.js';
import { recordLoginAttempt } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../../flows/sms-code.js';
import { AppError } from '../../http/errors.js';
import { countFailureCte, liftLocks, lockedNow, SMS_LOCKS, smsGuardKey } from '../../security/login-guards.js';
import { lockedError, type ClientInfo } from '../password/authenticate.js';

export const SMS_LOGIN_PURPOSE = 'login';

/** Sends a login code if the number is an active account's verified phone; the answer never says which. */
export async function sendLoginCode(ctx: AppContext, flowId: string, phone: string, ip: string): Promise<SentCode> {
  const candidate = await findByVerifiedPhone(ctx, phone);
  return sendSmsCode(ctx, { purpose: SMS_LOGIN_PURPOSE, flowId, phone, ip, deliver: candidate?.status === 'active' });
}

/** Checks the code and returns the account to sign in; throws otp.* or auth.locked*. */
export async function authenticateSms(ctx: AppContext, flowId: string, phone: string, code: string, client: ClientInfo): Promise<AccountSummary> {
  const now = ctx.clock.now();
  const key = smsGuardKey(ctx, phone);
  const candidate = await findByVerifiedPhone(ctx, phone);
  const accountId = candidate?.id ?? null;
  const subject = ctx.vault.lookupHash(HASH_KIND.identifier, phone);
  const record = (result: 'success' | 'failure' | 'locked', reason?: string) =>
    recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method: 'sms', result, ...(reason ? { reason } : {}) },
      { at: now, event: 'login.sms', result: result === 'success' ? 'success' : 'failure', actor: accountId ?? 'anonymous', ip: client.ip, subject, detail: { method: 'sms', ...(reason ? { reason } : {}) } },
    );

  const guard = await ctx.db.selectFrom('login_guards').select('locked_until').where('key', '=', key).executeTakeFirst();
  if (lockedNow(ctx, guard?.locked_until)) {
    await record('locked', 'locked');
    throw lockedError(ctx, guard!.locked_until);
  }
  try {
    await checkSmsCode(ctx, { purpose: SMS_LOGIN_PURPOSE, flowId, phone, code });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const counted = await sql<{ locked_until: Date | null }>`with ${countFailureCte(ctx, 'counted', key, SMS_LOCKS)} select locked_until from counted`.execute(ctx.db);
    const lockedUntil = counted.rows[0]?.locked_until ?? null;
    const locked = lockedNow(ctx, lockedUntil);
    await record(locked ? 'locked' : 'failure', err.code);
    throw locked ? lockedError(ctx, lockedUntil) : err;
  }
  // A right code for a number with no usable account cannot happen (none was sent) unless guessed.
  if (!candidate || candidate.status !== 'active') {
    await record('failure', candidate ? `account_${candidate.status}` : 'unknown_account');
    throw new AppError('otp.invalid');
  }
  // The owner's phone proved: the number's SMS lock and the account's password locks are lifted.
  await liftLocks(ctx, candidate.id);
  await record('success');
  return accountSummary(ctx, candidate.id);
}
