/**
 * The '获取短信验证码，并验证' step before a method's form (seed 002 §2.9.1.2–2.9.1.6), as a stored flow:
 *
 *   code_required ──picture code ok, SMS sent──▶ code_sent ──code ok──▶ code_verified ──check passes──▶ completed
 *                                                   ▲ resend (new picture code; same flow keeps the failure count)
 *
 * The code goes to the account's phone, or — for bank four-element and telecom three-element —
 * to the phone the method checks, which the code then proves. The flow is the signed-in
 * account's and this browser's; a failed check leaves it at code_verified so a typo can be fixed.
 */
import { advanceFlow, consumeCaptcha, createFlow, expectState, loadFlow, type CaptchaAnswer, type Flow } from '../../flows/flow.js';
import { checkSmsCode, sendSmsCode } from '../../flows/sms-code.js';
import type { AppContext } from '../../context.js';
import { validatePhone } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import type { RealNameMethod } from './method.js';

export const KIND = 'realname_sms';
export type State = 'code_required' | 'code_sent' | 'code_verified' | 'completed';
export interface Data {
  accountId: string;
  method: string;
  /** The phone the code went to (set at code_sent). */
  phoneEnc?: string;
}
export type SmsStepFlow = Flow<State, Data>;

const purpose = (method: RealNameMethod) => `realname:${method.id}`;

async function accountPhone(ctx: AppContext, accountId: string): Promise<string> {
  const row = await ctx.db.selectFrom('persons').select('phone_enc').where('account_id', '=', accountId).executeTakeFirst();
  assertThat(row?.phone_enc, 'realname.phone_required');
  return ctx.vault.decrypt(row.phone_enc);
}

/** Step 1 opens: a flow of this account and browser, with its picture code (asked before any SMS is sent). */
export async function startSmsStep(ctx: AppContext, a: { accountId: string; method: RealNameMethod; binding: string }) {
  assertThat(a.method.kind === 'sms_form', 'realname.unknown_method');
  const flow = await createFlow<State, Data>(ctx, KIND, 'code_required', a.binding, { accountId: a.accountId, method: a.method.id }, true);
  return { flowId: flow.id, captcha: flow.captcha!, pow: flow.pow! };
}

/** Sends a code after the flow's picture code (again for a resend: each picture answer is single use). */
export async function sendMethodCode(
  ctx: AppContext,
  a: { accountId: string; method: RealNameMethod; binding: string; ip: string; flowId: string; phone?: string | undefined } & CaptchaAnswer,
) {
  assertThat(a.method.kind === 'sms_form', 'realname.unknown_method');
  const flow = await ownFlow(ctx, a.flowId, a.binding, a.accountId, a.method);
  expectState(flow, 'code_required', 'code_sent');
  await consumeCaptcha(ctx, flow, a);
  let phone: string;
  if (a.method.smsTo === 'checked_phone') {
    const typed = validatePhone(a.phone ?? '');
    if (!typed.ok) throw new AppError('phone.invalid', { phone: 'phone.invalid' });
    phone = typed.value;
  } else {
    phone = await accountPhone(ctx, a.accountId);
  }
  const moved = await advanceFlow(ctx, flow, flow.state, 'code_sent', { ...flow.data, phoneEnc: ctx.vault.encrypt(phone) });
  const sent = await sendSmsCode(ctx, { purpose: purpose(a.method), flowId: moved.id, phone, ip: a.ip });
  return { flowId: moved.id, maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds, expiresAt: sent.expiresAt.toISOString() };
}

async function ownFlow(ctx: AppContext, flowId: string, binding: string, accountId: string, method: RealNameMethod): Promise<SmsStepFlow> {
  const flow = await loadFlow<State, Data>(ctx, flowId, binding, KIND);
  assertThat(flow.data.accountId === accountId && flow.data.method === method.id, 'flow.not_found');
  return flow;
}

/** Checks the typed code; the flow moves on to the method's form. */
export async function confirmMethodCode(ctx: AppContext, a: { accountId: string; method: RealNameMethod; binding: string; flowId: string; code: string }) {
  const flow = await ownFlow(ctx, a.flowId, a.binding, a.accountId, a.method);
  expectState(flow, 'code_sent');
  await checkSmsCode(ctx, { purpose: purpose(a.method), flowId: flow.id, phone: ctx.vault.decrypt(flow.data.phoneEnc!), code: a.code });
  await advanceFlow(ctx, flow, 'code_sent', 'code_verified', flow.data);
}

/** The proven phone of a flow at code_verified (refuses otherwise). */
export async function provenPhone(ctx: AppContext, a: { accountId: string; method: RealNameMethod; binding: string; flowId: string }): Promise<{ flow: SmsStepFlow; phone: string }> {
  const flow = await ownFlow(ctx, a.flowId, a.binding, a.accountId, a.method);
  assertThat(flow.state === 'code_verified' && flow.data.phoneEnc, 'realname.sms_required');
  return { flow, phone: ctx.vault.decrypt(flow.data.phoneEnc) };
}

export async function completeSmsStep(ctx: AppContext, flow: SmsStepFlow): Promise<void> {
  await advanceFlow(ctx, flow, 'code_verified', 'completed', flow.data);
}
