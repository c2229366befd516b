/**
 * Forgot password, 第二步 验证身份 by bank four-element (银行卡验证, seed 000 银联认证找回): the person
 * types their name (姓名), a bank card number, the phone reserved at the bank, and a picture code.
 * The UnionPay four-element check (the configured authority, as the 银行卡实名认证 method asks it)
 * runs with the typed name and the account's own ID number — the ID identifies the person and must
 * be theirs — and only when it passes does an SMS code go to that reserved phone (never to the one on
 * record: the person usually comes here because that phone is lost); the code then proves the phone
 * and the flow moves on to 重置密码.
 *
 * Why the check comes before the code: a code sent to any typed phone for a known account (and
 * none for an unknown one) would tell whoever typed their own phone that the account exists. So,
 * as with the ID-number method, an unknown account, a wrong name or card, or a phone that is not the
 * reserved one all look alike — the same answer, a code made but never sent, and the one
 * `recovery.verification_failed` at the code. The authority's outcome goes to the audit log only.
 *
 * What passed stays sealed in the flow (../../accounts/bank-identity.ts): the reset makes the bank-
 * verified name and phone the account's (seed 000: "找回密码成功后会将您账号的姓名、手机号修改为银联认证时
 * 的姓名和手机号"), records the check as bank4 evidence and keeps the card. A phone that is another
 * account's verified phone is refused once the code proved it, before the reset.
 */
import { phoneHeldByAnother, sealBankIdentity } from '../../accounts/bank-identity.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError, assertThat } from '../../http/errors.js';
import { bankCard } from '../../methods/realname/bank-card.js';
import type { Verdict } from '../../methods/realname/method.js';
import { hit } from '../../security/rate-limit.js';
import { advanceFlow, consumeCaptcha, expectState } from '../flow.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../sms-code.js';
import { countTry, MAX_ANSWER_ATTEMPTS, subjectOf, verified, type RecoveryFlow } from './forgot-password.js';

export const BANK4_SMS_PURPOSE = 'recovery:bank4';
/** Four-element checks (code requests) one flow may make. */
export const MAX_BANK4_CHECKS = MAX_ANSWER_ATTEMPTS;

/** Asks the authority with the typed name and the account's ID number; no verdict for an unknown account or a person without a checkable ID. */
async function checkFourElements(ctx: AppContext, accountId: string | null, typed: { name: string; cardNumber: string; phone: string }): Promise<{ verdict: Verdict | null; outcome: string }> {
  if (!accountId) return { verdict: null, outcome: 'unknown_account' };
  const person = await ctx.db.selectFrom('persons').select(['id_type', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  if (!person?.id_type || !person.id_number_enc || !(bankCard.idTypes as readonly string[]).includes(person.id_type)) return { verdict: null, outcome: 'no_identity' };
  const identity = { accountId, name: typed.name, idType: person.id_type, idNumber: ctx.vault.decrypt(person.id_number_enc) };
  const verdict = await bankCard.verify(ctx, identity, { cardNumber: typed.cardNumber }, { phone: typed.phone });
  return { verdict, outcome: verdict.ok ? 'match' : verdict.reason };
}

/** Name + card + reserved phone + picture code: the four-element check, then a code to the reserved phone if it passed (made but not sent otherwise). */
export async function requestBank4Code(ctx: AppContext, flow: RecoveryFlow, input: { name: string; cardNumber: string; phone: string; captcha: string }, ip: string): Promise<SentCode> {
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
  const { verdict, outcome } = await checkFourElements(ctx, d.accountId ?? null, input);
  const matched = verdict?.ok === true;
  // The code is made for the typed number whatever the outcome (it is typed, not looked up, so this
  // says nothing), and delivered only on a match: its cooldown and caps then count the same for an
  // unknown account as for a known one, and cannot tell them apart.
  const destination = input.phone;
  const sent = await sendSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: destination, ip, deliver: matched });
  // Only a check that passed is kept (sealed) for the reset; a new request replaces it.
  const bankVerified = verdict?.ok ? sealBankIdentity(ctx, input, verdict) : undefined;
  await advanceFlow(ctx, counted.flow, 'verify', 'verify', { ...counted.flow.data, bankDestinationEnc: ctx.vault.encrypt(destination), bankVerified });
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

/**
 * The code sent to the reserved phone; passes only when the four elements matched. A phone that is
 * another account's verified phone is refused here, once the code proved the person holds it, so
 * the reset never starts on a change it cannot make.
 */
export async function submitBank4Code(ctx: AppContext, flow: RecoveryFlow, code: string, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  const d = flow.data;
  if (!d.bankDestinationEnc) throw new AppError('otp.expired');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  const fail = (reason: string) =>
    audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: d.accountId ?? d.identifierKey ?? null, detail: { method: 'bank4', reason } });
  await checkSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: ctx.vault.decrypt(d.bankDestinationEnc), code }).catch(async (err: unknown) => {
    await fail(err instanceof AppError ? err.code : 'error');
    throw err;
  });
  if (!d.bankVerified || !d.accountId) throw new AppError('recovery.verification_failed');
  if (await phoneHeldByAnother(ctx, d.accountId, d.bankVerified.phoneEnc)) {
    await fail('phone_taken');
    throw new AppError('recovery.phone_taken');
  }
  return verified(ctx, flow, 'bank4', ip);
}
