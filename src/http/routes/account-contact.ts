/** Account centre: binding or changing the phone (SMS code to the new number) and the e-mail (activation link). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { activateEmail, EMAIL_FLOW, normaliseEmail, sendEmailLink, startEmailBinding, type EmailFlow } from '../../accounts/settings/email.js';
import { assertOwnFlow, confirmPhoneChange, PHONE_FLOW, sendPhoneCode, startPhoneChange, type PhoneFlow } from '../../accounts/settings/phone.js';
import { requireRecentAuth } from '../../accounts/settings/reauth.js';
import type { AppContext } from '../../context.js';
import type { SessionInfo } from '../../sessions/sessions.js';
import { validatePhone } from '../../domain/phone.js';
import { flowView, loadFlow } from '../../flows/flow.js';
import { hit } from '../../security/rate-limit.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { AppError } from '../../shared/app-error.js';
import { requireSession } from '../session.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { FlowAnswer } from '../../shared/api/flows.js';
import { SentCodeFlat } from '../../shared/api/common.js';
import { EmailActivated, EmailLinkSent, PhoneChanged } from '../../shared/api/account.js';

const Empty = z.strictObject({});
const PhoneBody = z.strictObject({ phone: z.string('phone.invalid').max(32, 'phone.invalid'), captcha: Captcha, pow: Pow });
const CodeBody = z.strictObject({ code: text(16, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid')) });
const EmailBody = z.strictObject({ email: z.string('email.invalid').max(320, 'email.invalid'), captcha: Captcha, pow: Pow });
const TokenBody = z.strictObject({ token: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/) });

/** A step of the phone flow: a recent 身份验证, then this browser's phone flow, and this account's. */
export async function ownPhoneFlow(ctx: AppContext, req: FastifyRequest, session: SessionInfo, id: string): Promise<PhoneFlow> {
  await requireRecentAuth(ctx, session);
  const flow: PhoneFlow = await loadFlow(ctx, id, flowBinding(req), PHONE_FLOW);
  assertOwnFlow(flow, session.accountId);
  return flow;
}

export function accountContactRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/account/phone/flows', { config: { serves: ['person'], input: { body: Empty }, output: { 201: FlowAnswer } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(Empty, req.body);
    await requireRecentAuth(ctx, session);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await startPhoneChange(ctx, session.accountId, browserBinding(req, reply));
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/account/phone/flows/:id/code', { config: { serves: ['person'], input: { params: FlowParams, body: PhoneBody }, output: { 200: SentCodeFlat } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(PhoneBody, req.body);
    const phone = validatePhone(body.phone);
    if (!phone.ok) throw new AppError('phone.invalid', { phone: 'phone.invalid' });
    const flow = await ownPhoneFlow(ctx, req, session, id);
    const sent = await sendPhoneCode(ctx, flow, phone.value, body, req.ip);
    return { maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds, expiresAt: sent.expiresAt.toISOString() };
  });

  app.post('/api/account/phone/flows/:id/confirm', { config: { serves: ['person'], input: { params: FlowParams, body: CodeBody }, output: { 200: PhoneChanged } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(CodeBody, req.body);
    const flow = await ownPhoneFlow(ctx, req, session, id);
    return confirmPhoneChange(ctx, flow, body.code, req.ip);
  });

  app.post('/api/account/email/flows', { config: { serves: ['person'], input: { body: Empty }, output: { 201: FlowAnswer } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(Empty, req.body);
    await requireRecentAuth(ctx, session);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await startEmailBinding(ctx, session.accountId, browserBinding(req, reply));
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/account/email/flows/:id/link', { config: { serves: ['person'], input: { params: FlowParams, body: EmailBody }, output: { 200: EmailLinkSent } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(EmailBody, req.body);
    const email = normaliseEmail(body.email);
    if (!email) throw new AppError('email.invalid', { email: 'email.invalid' });
    await requireRecentAuth(ctx, session);
    const flow: EmailFlow = await loadFlow(ctx, id, flowBinding(req), EMAIL_FLOW);
    assertOwnFlow(flow, session.accountId);
    const sent = await sendEmailLink(ctx, flow, email, body, req.ip, ctx.config.publicOrigin);
    return { emailMasked: sent.emailMasked, expiresAt: sent.expiresAt.toISOString() };
  });

  // The page an activation link opens posts its token here; the mailbox is the proof, no session needed.
  app.post('/api/account/email/activate', { config: { serves: ['public'], input: { body: TokenBody }, output: { 200: EmailActivated } } }, async (req, reply) => {
    await hit(ctx, 'emailActivationPerIp', req.ip);
    reply.header('referrer-policy', 'no-referrer');
    const body = TokenBody.safeParse(req.body ?? {});
    if (!body.success) throw new AppError('email.link_invalid');
    return activateEmail(ctx, body.data.token, req.ip);
  });
}
