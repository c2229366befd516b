/**
 * Registration step 3 in the Shenzhen manner (seed 001, 填写验证信息): 银行卡号, 手机号 (the
 * bank-reserved phone), 短信验证码; '下一步' runs UnionPay's four-element check. The code is sent
 * only after a fresh image captcha (SMS pumping), to the phone typed, bound to the flow.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { validateBankCard, validatePhone } from '../../domain/index.js';
import { consumeCaptcha, expectState, loadFlow } from '../../flows/flow.js';
import * as registration from '../../flows/registration/registration.js';
import { bankFourElementsAtRegistration, type RegistrationVerifier } from '../../flows/registration/verification.js';
import { sendSmsCode } from '../../flows/sms-code.js';
import { HASH_KIND } from '../../accounts/accounts.js';
import { flowBinding } from '../csrf.js';
import { clientInfo } from '../client.js';
import { assertThat } from '../../shared/app-error.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { SentCodeFlat } from '../../shared/api/common.js';

const PHONE = text(20, 'phone.invalid').transform((raw, c) => {
  const r = validatePhone(raw);
  if (r.ok) return r.value;
  c.addIssue({ code: 'custom', message: 'phone.invalid' });
  return z.NEVER;
});
const CARD = text(40, 'bank_card.format').transform((raw, c) => {
  const r = validateBankCard(raw);
  if (r.ok) return r.value;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});

const SendCode = z.strictObject({ phone: PHONE, captcha: Captcha, pow: Pow });
export const BankAgreement = z.strictObject({
  agree: z.literal(true, 'agreement.required'),
  cardNumber: CARD,
  phone: PHONE,
  code: text(10, 'otp.invalid').optional(),
});

/** Validates step 3's bank fields, proves the phone, and gives the verifier `complete` runs. */
export async function bankStep(ctx: AppContext, flow: registration.RegistrationFlow, body: unknown, ip: string): Promise<{ flow: registration.RegistrationFlow; verifier: RegistrationVerifier }> {
  const input = parse(BankAgreement, body);
  const proven = await registration.proveBankPhone(ctx, flow, input.phone, input.code);
  const verifier = bankFourElementsAtRegistration(ctx, { cardNumber: input.cardNumber, phone: input.phone, ip, phoneHash: ctx.vault.lookupHash(HASH_KIND.phone, input.phone) });
  return { flow: proven, verifier };
}

export function registrationBankRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/registration/:id/bank-sms-code', { config: { serves: ['public'], input: { params: FlowParams, body: SendCode }, output: { 200: SentCodeFlat } } }, async (req) => {
    assertThat(ctx.config.registrationCheck === 'bank4', 'request.not_found');
    const flow = await loadFlow<registration.State, registration.Data>(ctx, parse(FlowParams, req.params).id, flowBinding(req), registration.KIND);
    const body = parse(SendCode, req.body);
    expectState(flow, 'agreement');
    await consumeCaptcha(ctx, flow, body);
    const ip = clientInfo(req).ip ?? 'unknown';
    const sent = await sendSmsCode(ctx, { purpose: registration.BANK_SMS_PURPOSE, flowId: flow.id, phone: body.phone, ip });
    return { maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds, expiresAt: sent.expiresAt.toISOString() };
  });
}


