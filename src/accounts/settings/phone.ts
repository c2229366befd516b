/**
 * Binding or changing the phone (seed 000 手机绑定, seed 002 §2.7), a stored flow:
 *
 *   enter_phone ──captcha + new number──▶ code_sent ──code from the new number──▶ completed
 *        ▲                                   │ (a new captcha may send again)
 *        └───────────────────────────────────┘
 *
 * The bank-checked way (银联实名认证修改手机号, phone-bank.ts) shares the flow and its code step; a
 * code it accepted before the bank refused the card leaves the flow at phone_proven, from where
 * another card may be tried without a new code, or another number sent a code.
 *
 * Every step needs a recent re-authentication (the routes check it). Whether the number is another
 * account's is said only after the code proves the person holds it, so the flow cannot be used to
 * probe numbers. On success the old number gets a notice, and evidence that vouched for the old
 * number (telecom three-element, bank four-element) is revoked so the level is re-derived (the
 * bank-checked way writes the new check's evidence in the same transaction, so the level stays).
 */
import { assuranceLevel, HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskPhone } from '../../domain/mask.js';
import { advanceFlow, consumeCaptcha, createFlow, expectState, type CaptchaAnswer, type Flow } from '../../flows/flow.js';
import { checkSmsCode, enqueueSmsNotice, sendSmsCode, type SentCode } from '../../flows/sms-code.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { revokePhoneEvidence } from '../../methods/realname/revoke-phone-evidence.js';
import type { DB } from '../../store/db.js';
import { isUniqueViolation, UNIQUE } from '../../store/unique.js';

export const PHONE_FLOW = 'phone_change';
export type PhoneState = 'enter_phone' | 'code_sent' | 'phone_proven' | 'completed';
export interface PhoneData {
  accountId: string;
  phoneEnc?: string;
  phoneHash?: string;
}
export type PhoneFlow = Flow<PhoneState, PhoneData>;

export const PHONE_SMS_PURPOSE = 'bind_phone';

export function startPhoneChange(ctx: AppContext, accountId: string, binding: string) {
  return createFlow<PhoneState, PhoneData>(ctx, PHONE_FLOW, 'enter_phone', binding, { accountId }, true);
}

/** The flow must be this account's; another account's flow is as unknown as a missing one. */
export function assertOwnFlow(flow: Flow<string, { accountId: string }>, accountId: string): void {
  assertThat(flow.data.accountId === accountId, 'flow.not_found');
}

/** Captcha first, then a code to the new number (always sent: the number is not judged yet). */
export async function sendPhoneCode(ctx: AppContext, flow: PhoneFlow, phone: string, answer: CaptchaAnswer, ip: string): Promise<SentCode> {
  expectState(flow, 'enter_phone', 'code_sent', 'phone_proven');
  await consumeCaptcha(ctx, flow, answer);
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, phone);
  const current = await ctx.db.selectFrom('persons').select(['phone_hash', 'phone_verified_at']).where('account_id', '=', flow.data.accountId).executeTakeFirst();
  // Re-binding the verified number changes nothing; binding a declared but unverified one verifies it.
  if (current?.phone_hash === phoneHash && current.phone_verified_at) throw new AppError('phone.same', { phone: 'phone.same' });
  const sent = await sendSmsCode(ctx, { purpose: PHONE_SMS_PURPOSE, flowId: flow.id, phone, ip });
  await advanceFlow(ctx, flow, flow.state, 'code_sent', { accountId: flow.data.accountId, phoneEnc: ctx.vault.encrypt(phone), phoneHash });
  return sent;
}

/** The code from the new number, then the binding. */
export async function confirmPhoneChange(ctx: AppContext, flow: PhoneFlow, code: string, ip: string) {
  expectState(flow, 'code_sent');
  await checkSmsCode(ctx, { purpose: PHONE_SMS_PURPOSE, flowId: flow.id, phone: flowPhone(ctx, flow), code });
  return commitPhoneChange(ctx, flow, ip, { via: 'sms' });
}

/** The new number of a flow past its code request (decrypted). */
export function flowPhone(ctx: AppContext, flow: PhoneFlow): string {
  assertThat(flow.data.phoneEnc && flow.data.phoneHash, 'flow.wrong_state');
  return ctx.vault.decrypt(flow.data.phoneEnc);
}

/**
 * Binds the flow's proven number in one transaction with the flow's end, the revocation of the old
 * number's evidence, `write` (the bank-checked way's new evidence and card) and the audit row.
 * Whether the number is another account's verified phone (a suspended one's too; a deactivated
 * account gave its up) is decided by the unique index of migration 0011, so two accounts racing
 * for it cannot both win. The old number is told after the commit.
 */
export async function commitPhoneChange(ctx: AppContext, flow: PhoneFlow, ip: string, how: { via: 'sms' | 'bank4'; write?: (tx: DB) => Promise<void> }) {
  const { accountId, phoneEnc, phoneHash } = flow.data;
  const phone = flowPhone(ctx, flow);
  const now = ctx.clock.now();
  const old = await ctx.db.selectFrom('persons').select(['phone_enc', 'phone_hash']).where('account_id', '=', accountId).executeTakeFirst();
  const bind = ctx.db.transaction().execute(async (tx) => {
    await advanceFlow(ctx, flow, flow.state, 'completed', { accountId }, tx);
    // Only a person has a phone: nothing stored is no phone change (the transaction, the flow's end with it, rolls back).
    const bound = await tx.updateTable('persons').set({ phone_enc: phoneEnc, phone_hash: phoneHash, phone_verified_at: now }).where('account_id', '=', accountId).executeTakeFirst();
    assertThat(Number(bound.numUpdatedRows) === 1, 'account.person_only');
    await tx.updateTable('accounts').set({ updated_at: now }).where('id', '=', accountId).execute();
    // The same number, now verified, vouches for the same evidence: nothing to revoke.
    const revokedEvidence = old?.phone_hash === phoneHash ? 0 : await revokePhoneEvidence(ctx, accountId, tx);
    if (how.write) await how.write(tx);
    const level = await assuranceLevel(ctx, accountId, tx);
    await audit(tx, { at: now, actor: accountId, event: 'account.phone_change', result: 'success', ip, subject: accountId, detail: { phone: maskPhone(phone), via: how.via, revokedEvidence, assuranceLevel: level } });
    return { revokedEvidence, level };
  });
  const done = await bind.catch(async (err: unknown) => {
    if (!isUniqueViolation(err, UNIQUE.verifiedPhone)) throw err;
    await audit(ctx.db, { at: now, actor: accountId, event: 'account.phone_change', result: 'failure', ip, subject: accountId, detail: { reason: 'phone_taken' } });
    throw new AppError('phone.taken', { phone: 'phone.taken' });
  });
  if (old?.phone_enc && old.phone_hash !== phoneHash) await enqueueSmsNotice(ctx, ctx.vault.decrypt(old.phone_enc), 'phone_changed', { phone: maskPhone(phone) }, ip);
  return { phoneMasked: maskPhone(phone), revokedEvidence: done.revokedEvidence, assuranceLevel: done.level };
}
