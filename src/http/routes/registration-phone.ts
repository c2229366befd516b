/** Registration by mobile number (seed 002 §2.1): start, ask for the SMS code, submit. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accountSummary } from '../../accounts/accounts.js';
import { normaliseNickname } from '../../domain/nickname.js';
import type { AppContext } from '../../context.js';
import { createFlow, flowView, loadFlow } from '../../flows/flow.js';
import * as phoneRegistration from '../../flows/registration/phone-registration.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, csrfToken, flowBinding } from '../csrf.js';
import { AppError } from '../../shared/app-error.js';
import { signIn } from '../session.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { sessionView } from './login.js';
import { PhoneField } from '../validate.js';
import { FlowAnswer } from '../../shared/api/flows.js';
import { PhoneRegistered, PhoneRegistrationCodeSent } from '../../shared/api/registration.js';


const CodeRequest = z.strictObject({ phone: PhoneField, captcha: Captcha, pow: Pow });
const Submit = z.strictObject({
  phone: PhoneField,
  // The account centre's rule (src/domain/nickname.ts): NFKC, trimmed, 1–20 characters.
  nickname: z
    .string('nickname.invalid')
    .max(64, 'nickname.invalid')
    .transform((s, c) => normaliseNickname(s) ?? (c.addIssue({ code: 'custom', message: 'nickname.invalid' }), z.NEVER)),
  password: z.string('password.too_short').max(256, 'password.too_long'),
  confirmPassword: z.string('password.mismatch').max(256, 'password.mismatch'),
  code: text(12, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid')),
  agree: z.literal(true, 'agreement.required'),
});

export function phoneRegistrationRoutes(app: FastifyInstance, ctx: AppContext) {
  const enabled = () => {
    if (!ctx.config.registrationStyles.includes('phone')) throw new AppError('request.not_found');
  };
  const load = (req: { params: unknown }, binding: string) =>
    loadFlow<phoneRegistration.State, phoneRegistration.Data>(ctx, parse(FlowParams, req.params).id, binding, phoneRegistration.KIND);

  app.post('/api/flows/registration-phone', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 201: FlowAnswer } } }, async (req, reply) => {
    enabled();
    parse(EmptyBody, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<phoneRegistration.State, phoneRegistration.Data>(ctx, phoneRegistration.KIND, 'login_info', browserBinding(req, reply), {}, true);
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/flows/registration-phone/:id/sms-code', { config: { serves: ['public'], input: { params: FlowParams, body: CodeRequest }, output: { 200: PhoneRegistrationCodeSent } } }, async (req) => {
    enabled();
    const flow = await load(req, flowBinding(req));
    const body = parse(CodeRequest, req.body);
    await hit(ctx, 'registrationPerIp', req.ip);
    const sent = await phoneRegistration.requestCode(ctx, flow, body.phone, body, req.ip);
    return { sent: { expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds, maskedPhone: sent.maskedPhone } };
  });

  app.post('/api/flows/registration-phone/:id/submit', { config: { serves: ['public'], input: { params: FlowParams, body: Submit }, output: { 200: PhoneRegistered } } }, async (req, reply) => {
    enabled();
    const flow = await load(req, flowBinding(req));
    const body = parse(Submit, req.body);
    await hit(ctx, 'registrationPerIp', req.ip);
    const { flow: done, accountId } = await phoneRegistration.complete(ctx, flow, body, clientInfo(req).ip);
    // Signed in at once, so the person can go on to ID real-name (seed 002 §2.1 第三步).
    const { session, binding } = await signIn(ctx, req, reply, accountId, ['sms']);
    return { flow: flowView(done), account: await accountSummary(ctx, accountId), session: sessionView(session), csrfToken: csrfToken(ctx, binding), next: '/account/real-name' };
  });
}
