/**
 * Forgot password, 第二步 验证身份 by bank four-element (银行卡验证; issue 5): the person types a
 * bank card number and the phone reserved at the bank, and a picture code. The UnionPay
 * four-element check (the configured authority, as the real-name method asks it) runs with the
 * account's own name and ID number, and only when it passes does an SMS code go to that reserved
 * phone; the code then proves the phone and the flow moves on to 重置密码.
 *
 * Why the check comes before the code: a code sent to any typed phone for a known account (and
 * none for an unknown one) would tell whoever typed their own phone that the account exists. So,
 * as with the ID-number method, an unknown account, a wrong card or a phone that is not the
 * reserved one all look alike — the same answer, a code made but never sent, and the one
 * `recovery.verification_failed` at the code. The authority's outcome goes to the audit log only.
 *
 * Nothing is recorded as real-name evidence and the card is not kept: a recovery check proves
 * possession of the card and phone to reset a password, not a new assurance level (the person
 * can do 银行卡实名认证 in the account centre once signed in).
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError, assertThat } from '../../http/errors.js';
import { CHECKABLE_ID_TYPES } from '../../methods/realname/method.js';
import { hit } from '../../security/rate-limit.js';
import { advanceFlow, consumeCaptcha, expectState } from '../flow.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../sms-code.js';
import { countTry, decoyDestination, MAX_ANSWER_ATTEMPTS, subjectOf, verified, type RecoveryFlow } from './forgot-password.js';

export const BANK4_SMS_PURPOSE = 'recovery:bank4';
/** Four-element checks (code requests) one flow may make. */
export const MAX_BANK4_CHECKS = MAX_ANSWER_ATTEMPTS;

/** Asks the authority with the account's name and ID; false for an unknown account, a person without a checkable ID, or any outcome but match. */
async function fourElementsMatch(ctx: AppContext, accountId: string | null, cardNumber: string, phone: string): Promise<{ matched: boolean; outcome: string }> {
  if (!accountId) return { matched: false, outcome: 'unknown_account' };
  const person = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  if (!person?.name || !person.id_number_enc || !(CHECKABLE_ID_TYPES as readonly string[]).includes(person.id_type ?? '')) return { matched: false, outcome: 'no_identity' };
  const answer = await ctx.realName.bankCard.checkFourElements({ name: person.name, idNumber: ctx.vault.decrypt(person.id_number_enc), cardNumber, phone });
  return { matched: answer.outcome === 'match', outcome: answer.outcome };
}

/** Card + reserved phone + picture code: the four-element check, then a code to the reserved phone if it passed (made but not sent otherwise). */
export async function requestBank4Code(ctx: AppContext, flow: RecoveryFlow, input: { cardNumber: string; phone: string; captcha: string }, ip: string): Promise<SentCode> {
  expectState(flow, 'verify');
  await consumeCaptcha(ctx, flow, input.captcha);
  const d = flow.data;
  assertThat(d.accountKind !== 'org', 'flow.wrong_state');
  if ((d.bankAttempts ?? 0) >= MAX_BANK4_CHECKS) throw new AppError('recovery.too_many_attempts');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  // The authority costs and answers about a card: the real-name limits apply, counted apart from the account's own real-name checks.
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', `recovery:${subjectOf(d)}`);
  const counted = await countTry(ctx, flow, 'bankAttempts', MAX_BANK4_CHECKS);
  const { matched, outcome } = await fourElementsMatch(ctx, d.accountId ?? null, input.cardNumber, input.phone);
  // An unknown account's code goes nowhere: to a number that is never a phone, as the ID-number method does.
  const destination = d.accountId ? input.phone : decoyDestination(d.identifierKey ?? flow.id);
  const sent = await sendSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: destination, ip, deliver: matched });
  await advanceFlow(ctx, counted.flow, 'verify', 'verify', { ...counted.flow.data, bankDestinationEnc: ctx.vault.encrypt(destination), bankMatched: matched });
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: 'anonymous',
    event: 'recovery.bank4_check',
    result: matched ? 'success' : 'failure',
    ip,
    subject: d.accountId ?? d.identifierKey ?? null,
    detail: { outcome, check: counted.count },
  });
  return sent;
}

/** The code sent to the reserved phone; passes only when the four elements matched. */
export async function submitBank4Code(ctx: AppContext, flow: RecoveryFlow, code: string, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  const d = flow.data;
  if (!d.bankDestinationEnc) throw new AppError('otp.expired');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  await checkSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: ctx.vault.decrypt(d.bankDestinationEnc), code }).catch(async (err: unknown) => {
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: d.accountId ?? d.identifierKey ?? null, detail: { method: 'bank4', reason: err instanceof AppError ? err.code : 'error' } });
    throw err;
  });
  if (!d.bankMatched || !d.accountId) throw new AppError('recovery.verification_failed');
  return verified(ctx, flow, 'bank4', ip);
}
