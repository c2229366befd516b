/** Real-name verification in the account centre: the '我要升级' list, the SMS step, and one route for every method. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assuranceLevel } from '../../accounts/accounts.js';
import type { AppContext } from '../../context.js';
import { verifiedMethods } from '../../methods/realname/evidence.js';
import { realNameStrategies } from '../../methods/realname/lookup.js';
import { changeIdentity, IdentityChange } from '../../methods/realname/identity-change.js';
import { confirmMethodCode, sendMethodCode, startSmsStep } from '../../methods/realname/sms-step.js';
import { methodOf, personIdentity, realNameBody, verifyRealName } from '../../methods/realname/verify.js';
import { startRealNameCapture } from '../../methods/realname/face.js';
import { frameBodyLimit } from '../../face/attempts.js';
import { FaceChallenge, FaceFrames, RealNameFaceCapture } from '../../shared/api/face.js';
import { clientInfo } from '../client.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { requireSession } from '../session.js';
import { hit } from '../../security/rate-limit.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { IdentityChanged, RealNameDetail, RealNameVerified, SmsStepCodeSent, SmsStepConfirmed, SmsStepStarted } from '../../shared/api/realname.js';

const MethodParams = z.strictObject({ method: z.string().max(32) });
const SendCode = z.strictObject({
  flowId: z.string().max(64),
  captcha: Captcha,
  pow: Pow,
  phone: text(20, 'phone.invalid').optional(),
});
const ConfirmCode = z.strictObject({ flowId: z.string().max(64), code: text(10, 'otp.invalid') });

export function realNameRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/account/real-name', { config: { serves: ['person'], input: {}, output: { 200: RealNameDetail } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const [level, verified, person, bankCard] = await Promise.all([
      assuranceLevel(ctx, session.accountId),
      verifiedMethods(ctx, session.accountId),
      ctx.db.selectFrom('persons').select(['id_type', 'phone_enc']).where('account_id', '=', session.accountId).executeTakeFirst(),
      ctx.db.selectFrom('person_bank_cards').select('card_masked').where('account_id', '=', session.accountId).executeTakeFirst(),
    ]);
    return {
      assuranceLevel: level,
      ...(bankCard ? { bankCardMasked: bankCard.card_masked } : {}),
      methods: realNameStrategies(ctx.methods).map((m) => {
        const v = verified.get(m.id);
        return {
          id: m.id,
          level: m.level,
          kind: m.available && !m.available(ctx) ? 'coming_soon' : m.kind,
          ...(m.smsTo ? { smsTo: m.smsTo } : {}),
          // A person registered by phone has no ID yet: methods that take a resident ID can add one.
          applicable: person !== undefined && m.idTypes.includes(person.id_type ?? 'resident_id') && (m.smsTo !== 'account_phone' || person.phone_enc !== null),
          status: v ? 'verified' : 'not_verified',
          ...(v ? { verifiedAt: v.verifiedAt.toISOString(), expiresAt: v.expiresAt?.toISOString() ?? null } : {}),
        };
      }),
    };
  });

  /** Step 1 of an SMS method opens with a picture code (SMS pumping: no code is sent without one). */
  app.post('/api/account/real-name/:method/sms-step', { config: { serves: ['person'], input: { params: MethodParams, body: EmptyBody }, output: { 201: SmsStepStarted } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const method = methodOf(ctx, parse(MethodParams, req.params).method);
    parse(EmptyBody, req.body);
    return reply.status(201).send(await startSmsStep(ctx, { accountId: session.accountId, method, binding: browserBinding(req, reply) }));
  });

  /** Sends the code (to the account's phone, or to the phone the method checks); again for a resend, with a new picture code. */
  app.post('/api/account/real-name/:method/sms-code', { config: { serves: ['person'], input: { params: MethodParams, body: SendCode }, output: { 200: SmsStepCodeSent } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const method = methodOf(ctx, parse(MethodParams, req.params).method);
    const body = parse(SendCode, req.body);
    return sendMethodCode(ctx, { accountId: session.accountId, method, binding: flowBinding(req), ip: clientInfo(req).ip ?? 'unknown', flowId: body.flowId, captcha: body.captcha, pow: body.pow, phone: body.phone });
  });

  app.post('/api/account/real-name/:method/sms-code/verify', { config: { serves: ['person'], input: { params: MethodParams, body: ConfirmCode }, output: { 200: SmsStepConfirmed } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const method = methodOf(ctx, parse(MethodParams, req.params).method);
    const body = parse(ConfirmCode, req.body);
    await confirmMethodCode(ctx, { accountId: session.accountId, method, binding: flowBinding(req), flowId: body.flowId, code: body.code });
    return { ok: true };
  });

  /** 变更用户信息: a new name and/or bank card, re-checked with UnionPay (the bank4 SMS step first). */
  app.post('/api/account/real-name/identity-change', { config: { serves: ['person'], input: { body: IdentityChange }, output: { 200: IdentityChanged } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return changeIdentity(ctx, session.accountId, req.body, flowBinding(req), clientInfo(req).ip ?? 'unknown');
  });

  /** 人脸识别认证, step 1 (after the page's own consent step): consent, then the nonce and the actions (src/methods/realname/face.ts). */
  app.post('/api/account/real-name/face/capture', { config: { serves: ['person'], input: { body: RealNameFaceCapture }, output: { 201: FaceChallenge } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(RealNameFaceCapture, req.body);
    const ip = clientInfo(req).ip ?? 'unknown';
    await hit(ctx, 'realNamePerIp', ip);
    return reply.status(201).send(await startRealNameCapture(ctx, await personIdentity(ctx, session.accountId), ip));
  });

  /**
   * 人脸识别认证, step 2: the frames. The same handler as every method's (below), on a route of its
   * own only for its body limit (frames are large; every other route keeps the small default).
   */
  app.post('/api/account/real-name/face', { bodyLimit: frameBodyLimit(ctx.config.face), config: { serves: ['person'], input: { body: FaceFrames }, output: { 200: RealNameVerified } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return verifyRealName(ctx, session.accountId, 'face', req.body, clientInfo(req).ip ?? 'unknown', flowBinding(req));
  });

  app.post('/api/account/real-name/:method', { config: { serves: ['person'], input: { params: MethodParams, body: (p) => realNameBody(ctx, p.method ?? '') }, output: { 200: RealNameVerified } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { method } = parse(MethodParams, req.params);
    return verifyRealName(ctx, session.accountId, method, req.body, clientInfo(req).ip ?? 'unknown', flowBinding(req));
  });
}
