/**
 * SMS-code sign-in (短信登录) as a method: `sms-code` sends a code to the phone typed (behind the
 * login flow's image captcha), `sms` signs in with it. The same answer for every number; the checks
 * and locks are authenticate.ts.
 */
import { z } from 'zod';
import { LoginCodeSent } from '../../shared/api/login.js';
import { clientInfo } from '../../http/client.js';
import { Captcha, PhoneField, Pow, text } from '../../http/validate.js';
import { CHOOSING, loginFlowIn, takeLoginCaptcha } from '../login-flow.js';
import type { MethodStep } from '../registry.js';
import type { RecoveryMethod } from '../recovery-step.js';
import { smsById } from '../sms-by-id/recovery.js';
import { authenticateSms, sendLoginCode } from './authenticate.js';

const CodeRequest = z.strictObject({ phone: PhoneField, captcha: Captcha, pow: Pow });
const CodeLogin = z.strictObject({ phone: PhoneField, code: text(12, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid')) });

const askForCode: MethodStep<z.infer<typeof CodeRequest>> = {
  name: 'sms-code',
  output: LoginCodeSent,
  body: CodeRequest,
  async run({ ctx, req, flowId, body }) {
    // Rate-limit hit, flow load and captcha use: one round trip.
    const flow = await takeLoginCaptcha(ctx, req, flowId, body);
    const sent = await sendLoginCode(ctx, flow.id, body.phone, req.ip);
    // The same answer for every number: never say whether it is registered.
    return { answer: { sent: { expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds } } };
  },
};

const signInWithCode: MethodStep<z.infer<typeof CodeLogin>> = {
  name: 'sms',
  body: CodeLogin,
  async run({ ctx, req, flowId, body }) {
    const flow = await loginFlowIn(ctx, req, flowId);
    const { account, record } = await authenticateSms(ctx, flow.id, body.phone, body.code, clientInfo(req));
    return { pass: { accountId: account.id, account, amr: ['sms'], record }, flow, from: CHOOSING };
  },
};

/**
 * One `sms` method for both purposes: 短信登录 (sign-in, the number typed) and 忘记密码's ID number +
 * SMS code (recovery, ../sms-by-id: the code goes to the account's phone under a stand-in). Login
 * history, audit and the recovery page know it by this one id.
 */
export const sms: RecoveryMethod = {
  id: 'sms',
  kind: 'code_then_form',
  purposes: ['sign_in', 'recovery'],
  accountKinds: ['person'],
  steps: { sign_in: [askForCode, signInWithCode], recovery: smsById.steps.recovery! },
  recovery: smsById.recovery,
};
