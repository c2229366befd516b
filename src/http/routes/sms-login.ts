/** SMS login (短信登录) on the login flow: ask for a code (phone + image captcha), then sign in with it. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { validatePhone } from '../../domain/index.js';
import { advanceFlow, expectState, loadFlow } from '../../flows/flow.js';
import { authenticateSms, sendLoginCode } from '../../methods/sms/authenticate.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { csrfToken, flowBinding } from '../csrf.js';
import { AppError } from '../errors.js';
import { signIn } from '../session.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { sessionView, takeLoginCaptcha, type State } from './login.js';

const KIND = 'login';

const Phone = text(20, 'phone.invalid').transform((raw, ctx) => {
  const p = validatePhone(raw);
  if (!p.ok) {
    ctx.addIssue({ code: 'custom', message: 'phone.invalid' });
    return z.NEVER;
  }
  return p.value;
});
export { Phone as PhoneField };

const CodeRequest = z.strictObject({ phone: Phone, captcha: Captcha, pow: Pow });
const CodeLogin = z.strictObject({ phone: Phone, code: text(12, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid')) });

export function smsLoginRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/login/:id/sms-code', { config: { serves: ['public'], input: { params: FlowParams, body: CodeRequest } } }, async (req) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(CodeRequest, req.body);
    // Rate-limit hit, flow load and captcha use: one round trip.
    const flow = await takeLoginCaptcha(ctx, req, id, body);
    const sent = await sendLoginCode(ctx, flow.id, body.phone, req.ip);
    // The same answer for every number: never say whether it is registered.
    return { sent: { expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds } };
  });

  app.post('/api/flows/login/:id/sms', { config: { serves: ['public'], input: { params: FlowParams, body: CodeLogin } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(CodeLogin, req.body);
    await hit(ctx, 'loginPerIp', req.ip);
    const flow = await loadFlow<State, object>(ctx, id, flowBinding(req), KIND);
    expectState(flow, 'choose_method');
    const account = await authenticateSms(ctx, flow.id, body.phone, body.code, clientInfo(req));
    if (account.kind !== 'person') throw new AppError('otp.invalid');
    await advanceFlow(ctx, flow, 'choose_method', 'completed', { accountId: account.id });
    const { session, binding } = await signIn(ctx, req, reply, account.id, ['sms']);
    return { account, session: sessionView(session), csrfToken: csrfToken(ctx, binding) };
  });
}
