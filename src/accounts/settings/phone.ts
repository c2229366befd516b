/**
 * Binding or changing the phone (seed 000 手机绑定, seed 002 §2.7), a stored flow:
 *
 *   enter_phone ──captcha + new number──▶ code_sent ──code from the new number──▶ completed
 *        ▲                                   │ (a new captcha may send again)
 *        └───────────────────────────────────┘
 *
 * Every step needs a recent re-authentication (the routes check it). Whether the number is another
 * account's is said only after the code proves the person holds it, so the flow cannot be used to
 * probe numbers. On success the old number gets a notice, and evidence that vouched for the old
 * number (telecom three-element, bank four-element) is revoked so the level is re-derived.
 */
import { assuranceLevel, HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskPhone } from '../../domain/mask.js';
import { advanceFlow, consumeCaptcha, createFlow, expectState, type Flow } from '../../flows/flow.js';
import { checkSmsCode, sendSmsCode, sendSmsNotice, type SentCode } from '../../flows/sms-code.js';
import { AppError, assertThat } from '../../http/errors.js';
import { revokePhoneEvidence } from '../../methods/realname/revoke-phone-evidence.js';
import { isUniqueViolation, UNIQUE } from '../../store/unique.js';

export const PHONE_FLOW = 'phone_change';
export type PhoneState = 'enter_phone' | 'code_sent' | 'completed';
export interface PhoneData {
  accountId: string;
  phoneEnc?: string;
  phoneHash?: string;
}
export type PhoneFlow = Flow<PhoneState, PhoneData>;

const PURPOSE = 'bind_phone';

export function startPhoneChange(ctx: AppContext, accountId: string, binding: string) {
  return createFlow<PhoneState, PhoneData>(ctx, PHONE_FLOW, 'enter_phone', binding, { accountId }, true);
}

/** The flow must be this account's; another account's flow is as unknown as a missing one. */
export function assertOwnFlow(flow: Flow<string, { accountId: string }>, accountId: string): void {
  assertThat(flow.data.accountId === accountId, 'flow.not_found');
}

/** Captcha first, then a code to the new number (always sent: the number is not judged yet). */
export async function sendPhoneCode(ctx: AppContext, flow: PhoneFlow, phone: string, captcha: string, ip: string): Promise<SentCode> {
  expectState(flow, 'enter_phone', 'code_sent');
  await consumeCaptcha(ctx, flow, captcha);
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, phone);
  const current = await ctx.db.selectFrom('persons').select(['phone_hash', 'phone_verified_at']).where('account_id', '=', flow.data.accountId).executeTakeFirst();
  // Re-binding the verified number changes nothing; binding a declared but unverified one verifies it.
  if (current?.phone_hash === phoneHash && current.phone_verified_at) throw new AppError('phone.same', { phone: 'phone.same' });
  const sent = await sendSmsCode(ctx, { purpose: PURPOSE, flowId: flow.id, phone, ip });
  await advanceFlow(ctx, flow, flow.state, 'code_sent', { accountId: flow.data.accountId, phoneEnc: ctx.vault.encrypt(phone), phoneHash });
  return sent;
}

/**
 * Checks the code, then binds the number in one transaction. Whether the number is another
 * account's verified phone (a suspended one's too; a deactivated account gave its up) is decided
 * by the unique index of migration 0011, so two accounts racing for it cannot both win.
 */
export async function confirmPhoneChange(ctx: AppContext, flow: PhoneFlow, code: string, ip: string) {
  expectState(flow, 'code_sent');
  const { accountId, phoneEnc, phoneHash } = flow.data;
  assertThat(phoneEnc && phoneHash, 'flow.wrong_state');
  const phone = ctx.vault.decrypt(phoneEnc);
  await checkSmsCode(ctx, { purpose: PURPOSE, flowId: flow.id, phone, code });
  const now = ctx.clock.now();
  const old = await ctx.db.selectFrom('persons').select(['phone_enc', 'phone_hash']).where('account_id', '=', accountId).executeTakeFirst();
  const bind = ctx.db.transaction().execute(async (tx) => {
    await advanceFlow(ctx, flow, 'code_sent', 'completed', { accountId }, tx);
    await tx.updateTable('persons').set({ phone_enc: phoneEnc, phone_hash: phoneHash, phone_verified_at: now }).where('account_id', '=', accountId).execute();
    await tx.updateTable('accounts').set({ updated_at: now }).where('id', '=', accountId).execute();
    // The same number, now verified, vouches for the same evidence: nothing to revoke.
    const n = old?.phone_hash === phoneHash ? 0 : await revokePhoneEvidence(ctx, accountId, tx);
    await audit(tx, { at: now, actor: accountId, event: 'account.phone_change', result: 'success', ip, subject: accountId, detail: { phone: maskPhone(phone), revokedEvidence: n } });
    return n;
  });
  const revoked = await bind.catch(async (err: unknown) => {
    if (!isUniqueViolation(err, UNIQUE.verifiedPhone)) throw err;
    await audit(ctx.db, { at: now, actor: accountId, event: 'account.phone_change', result: 'failure', ip, subject: accountId, detail: { reason: 'phone_taken' } });
    throw new AppError('phone.taken', { phone: 'phone.taken' });
  });
  if (old?.phone_enc && old.phone_hash !== phoneHash) sendSmsNotice(ctx, ctx.vault.decrypt(old.phone_enc), 'phone_changed', { phone: maskPhone(phone) }, ip);
  return { phoneMasked: maskPhone(phone), revokedEvidence: revoked, assuranceLevel: await assuranceLevel(ctx, accountId) };
}
