/**
 * 银联实名认证修改手机号 (seed 000 手机绑定: "录入必填项，点击确认修改，完成银联实名认证修改手机号";
 * seed 001: "变更用户信息时也需要通过银行做实名认证"), and what a plain change would cost.
 *
 * A plain change revokes the evidence that vouched for the old number — bank four-element (银行卡
 * 四要素, L4) and telecom three-element (L3) — so a Shenzhen registrant at L4 falls to L2.
 * `phoneChangeImpact` says so before the change. The bank-checked way keeps the level: on the
 * phone flow (phone.ts) the person types 银行卡号 and the new 手机号 (the bank-reserved one), gets a
 * code at it, and 确认修改 runs UnionPay's four-element check with the account's own name and ID
 * number; a pass binds the number with the new check as its evidence, in one transaction.
 *
 * The code is checked before the bank is asked (the check costs and answers about a card); a
 * refused card leaves the number proven (phone_proven), so another card needs no new code.
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { deriveLevel, type AssuranceEvidence } from '../../domain/index.js';
import { advanceFlow, expectState } from '../../flows/flow.js';
import { checkSmsCode } from '../../flows/sms-code.js';
import { AppError } from '../../shared/app-error.js';
import { bankCard, saveBankCard } from '../../methods/realname/bank-card.js';
import { completeRealName, realNameOutcome } from '../../methods/realname/complete.js';
import type { PersonIdentity } from '../../methods/realname/method.js';
import { PHONE_BOUND_METHODS } from '../../methods/realname/revoke-phone-evidence.js';
import { personIdentity } from '../../methods/realname/verify.js';
import { hit } from '../../security/rate-limit.js';
import type { ErrorCode } from '../../shared/errors.js';
import { commitPhoneChange, flowPhone, PHONE_SMS_PURPOSE, type PhoneFlow } from './phone.js';

const isPhoneBound = (method: string) => (PHONE_BOUND_METHODS as readonly string[]).includes(method);

/** The registered identity the bank can check (name and a checkable ID on record), or null. */
async function bankCheckableIdentity(ctx: AppContext, accountId: string): Promise<PersonIdentity | null> {
  const person = await personIdentity(ctx, accountId);
  return person && bankCard.idTypes.includes(person.idType) ? person : null;
}

/**
 * What changing the number does to the 实名等级: the level now, the level after a plain change
 * (without the phone-bound evidence), which phone-bound methods count now, and whether the
 * bank-checked way is open to this person (with the card verified before, masked, as a hint).
 */
export async function phoneChangeImpact(ctx: AppContext, accountId: string) {
  const [rows, person, card] = await Promise.all([
    ctx.db.selectFrom('evidence').select(['method', 'level', 'result', 'expires_at', 'revoked_at']).where('account_id', '=', accountId).execute(),
    bankCheckableIdentity(ctx, accountId),
    ctx.db.selectFrom('person_bank_cards').select('card_masked').where('account_id', '=', accountId).executeTakeFirst(),
  ]);
  const now = ctx.clock.now();
  const evidence = rows.map((r) => ({ method: r.method, level: r.level, result: r.result, expiresAt: r.expires_at, revokedAt: r.revoked_at }));
  const counts = (e: AssuranceEvidence) => deriveLevel([e], now) !== 'L1';
  return {
    assuranceLevel: deriveLevel(evidence, now),
    levelAfterPlainChange: deriveLevel(
      evidence.filter((e) => !isPhoneBound(e.method)),
      now,
    ),
    phoneBoundMethods: [...new Set(evidence.filter((e) => isPhoneBound(e.method) && counts(e)).map((e) => e.method))].sort(),
    bankChange: { available: person !== null, bankCardMasked: card?.card_masked ?? null },
  };
}

/** Which field a bank refusal points at. */
const FIELD_OF: Partial<Record<ErrorCode, string>> = { 'realname.bank_phone_mismatch': 'phone', 'realname.bank_mismatch': 'cardNumber' };

/**
 * 确认修改 on the bank-checked way: the code from the new number (unless a refused card already
 * proved it), the four-element check with the account's name and ID, then the binding with the new
 * bank4 evidence and card in the binding's transaction (phone.ts `commitPhoneChange`).
 */
export async function confirmBankPhoneChange(ctx: AppContext, flow: PhoneFlow, input: { cardNumber: string; code?: string | undefined }, ip: string) {
  expectState(flow, 'code_sent', 'phone_proven');
  const { accountId, phoneHash } = flow.data;
  const person = await bankCheckableIdentity(ctx, accountId);
  if (!person) throw new AppError('phone.bank_no_identity');
  const phone = flowPhone(ctx, flow);
  let proven = flow;
  if (flow.state === 'code_sent') {
    if (!input.code) throw new AppError('otp.invalid', { code: 'otp.invalid' });
    await checkSmsCode(ctx, { purpose: PHONE_SMS_PURPOSE, flowId: flow.id, phone, code: input.code });
    proven = await advanceFlow(ctx, flow, 'code_sent', 'phone_proven', flow.data);
  }
  const now = ctx.clock.now();
  // The code proved the number is held, so another account's verified number may be said now — before the bank is asked.
  // The unique index still decides at the binding (commitPhoneChange) should another account prove it in between.
  const holder = await ctx.db
    .selectFrom('persons')
    .select('account_id')
    .where('phone_hash', '=', phoneHash!)
    .where('phone_verified_at', 'is not', null)
    .where('account_id', '!=', accountId)
    .executeTakeFirst();
  if (holder) {
    await audit(ctx.db, { at: now, actor: accountId, event: 'account.phone_change', result: 'failure', ip, subject: accountId, detail: { via: 'bank4', reason: 'phone_taken' } });
    throw new AppError('phone.taken', { phone: 'phone.taken' });
  }
  // The account's own real-name checks' limits: the bank check costs, and answers about a card.
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', accountId);
  const verdict = await bankCard.verify(ctx, person, { cardNumber: input.cardNumber }, { phone });
  if (!verdict.ok) {
    const { source } = verdict;
    await ctx.db.transaction().execute(async (tx) => {
      if (source !== null) await completeRealName(ctx, realNameOutcome(ctx, accountId, bankCard, { ...verdict, source }), tx);
      await audit(tx, { at: now, actor: accountId, event: 'account.phone_change', result: 'failure', ip, subject: accountId, detail: { via: 'bank4', reason: verdict.reason, source } });
    });
    const field = FIELD_OF[verdict.code];
    throw new AppError(verdict.code, field ? { [field]: verdict.code } : undefined);
  }
  return commitPhoneChange(ctx, proven, ip, {
    via: 'bank4',
    write: async (tx) => {
      await completeRealName(ctx, realNameOutcome(ctx, accountId, bankCard, verdict), tx);
      await saveBankCard(ctx, tx, accountId, input.cardNumber, phone);
    },
  });
}
