/** Forgot password (four steps) and forgot username: one route per step of their stored flows. */
import { PlainFlowAnswer, RecoveryFlowAnswer } from '../../shared/api/flows.js';
import { ReminderCodeSent } from '../../shared/api/recovery.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ID_TYPES, validateIdDocument, type IdType } from '../../domain/index.js';
import { createFlow, flowView, loadFlow } from '../../flows/flow.js';
import * as password from '../../flows/recovery/forgot-password.js';
import { acceptPass } from '../../flows/recovery/recovery-flow.js';
import { resetPassword } from '../../flows/recovery/reset.js';
import * as username from '../../flows/recovery/forgot-username.js';
import { recoveryMethodsIn } from '../../methods/recovery-methods.js';
import { hit } from '../../security/rate-limit.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { AppError } from '../../shared/app-error.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { PhoneField } from '../validate.js';

const Code = text(12, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid'));
const NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•.\- ]{0,48}[\p{Script=Han}A-Za-z.]$/u;

const AccountStep = z.strictObject({
  identifier: text(64, 'auth.invalid_credentials').pipe(z.string().min(1, 'auth.invalid_credentials')),
  captcha: Captcha,
  pow: Pow,
  accountKind: z.enum(password.RECOVERABLE_KINDS, 'request.invalid').default('person'),
});
const SmsStep = z.strictObject({ code: Code });
const ResetStep = z.strictObject({
  password: z.string('password.too_short').max(256, 'password.too_long'),
  confirmPassword: z.string('password.mismatch').max(256, 'password.mismatch'),
});

const ReminderIdentity = z.strictObject({
  name: text(50, 'name.invalid').pipe(z.string().regex(NAME, 'name.invalid')),
  idType: z.enum(ID_TYPES as unknown as [IdType, ...IdType[]], 'id_type.invalid'),
  idNumber: text(32, 'id_number.format'),
  phone: PhoneField,
  captcha: Captcha,
  pow: Pow,
});

const Empty = z.strictObject({});

export function recoveryRoutes(app: FastifyInstance, ctx: AppContext) {
  const loadRecovery = (req: { params: unknown }, binding: string) =>
    loadFlow<password.State, password.Data>(ctx, parse(FlowParams, req.params).id, binding, password.KIND);
  const loadReminder = (req: { params: unknown }, binding: string) =>
    loadFlow<username.State, username.Data>(ctx, parse(FlowParams, req.params).id, binding, username.KIND);

  // 忘记密码
  app.post('/api/flows/recovery', { config: { serves: ['public'], input: { body: Empty }, output: { 201: RecoveryFlowAnswer } } }, async (req, reply) => {
    parse(Empty, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<password.State, password.Data>(ctx, password.KIND, 'account', browserBinding(req, reply), {}, true);
    return reply.status(201).send({ flow: password.recoveryView(ctx, flow) });
  });

  app.post('/api/flows/recovery/:id/account', { config: { serves: ['public'], input: { params: FlowParams, body: AccountStep }, output: { 200: RecoveryFlowAnswer } } }, async (req) => {
    const flow = await loadRecovery(req, flowBinding(req));
    const body = parse(AccountStep, req.body);
    await hit(ctx, 'recoveryPerIp', req.ip);
    return { flow: password.recoveryView(ctx, await password.submitAccount(ctx, flow, body, req.ip)) };
  });

  app.post('/api/flows/recovery/:id/back', { config: { serves: ['public'], input: { params: FlowParams, body: Empty }, output: { 200: RecoveryFlowAnswer } } }, async (req) => {
    const flow = await loadRecovery(req, flowBinding(req));
    parse(Empty, req.body);
    return { flow: password.recoveryView(ctx, await password.goBack(ctx, flow)) };
  });

  // 验证身份: each recovery method's steps (src/methods/recovery-methods.ts). A step loads the flow
  // and reads its body itself (src/methods/recovery-step.ts); a pass lands on the flow (acceptPass).
  for (const method of recoveryMethodsIn(ctx.methods)) {
    for (const step of method.steps.recovery ?? []) {
      app.post(`/api/flows/recovery/:id/${step.name}`, { ...(step.bodyLimit ? { bodyLimit: step.bodyLimit(ctx) } : {}), config: { serves: ['public'], input: { params: FlowParams, ...(step.body ? { body: step.body } : {}) }, output: { 200: step.output ?? RecoveryFlowAnswer } } }, async (req, reply) => {
        const flowId = parse(FlowParams, req.params).id;
        const out = await step.run({ ctx, req, reply, flowId, body: req.body });
        if ('answer' in out) return out.answer;
        return { flow: password.recoveryView(ctx, await acceptPass(ctx, out.flow, out.from, out.pass, req.ip)) };
      });
    }
  }

  app.post('/api/flows/recovery/:id/reset', { config: { serves: ['public'], input: { params: FlowParams, body: ResetStep }, output: { 200: RecoveryFlowAnswer } } }, async (req) => {
    const flow = await loadRecovery(req, flowBinding(req));
    const body = parse(ResetStep, req.body);
    await hit(ctx, 'recoveryPerIp', req.ip);
    return { flow: password.recoveryView(ctx, await resetPassword(ctx, flow, body, req.ip)) };
  });

  // 忘记用户名
  app.post('/api/flows/username-reminder', { config: { serves: ['public'], input: { body: Empty }, output: { 201: PlainFlowAnswer } } }, async (req, reply) => {
    parse(Empty, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<username.State, username.Data>(ctx, username.KIND, 'identity', browserBinding(req, reply), {}, true);
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/flows/username-reminder/:id/identity', { config: { serves: ['public'], input: { params: FlowParams, body: ReminderIdentity }, output: { 200: ReminderCodeSent } } }, async (req) => {
    const flow = await loadReminder(req, flowBinding(req));
    const body = parse(ReminderIdentity, req.body);
    await hit(ctx, 'usernameReminderPerIp', req.ip);
    const id = validateIdDocument(body.idType, body.idNumber);
    if (!id.ok) throw new AppError(id.code, { idNumber: id.code });
    const { flow: next, sent } = await username.submitIdentity(ctx, flow, { ...body, idNumber: id.value.number }, req.ip);
    return { flow: flowView(next), sent: { expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds } };
  });

  app.post('/api/flows/username-reminder/:id/back', { config: { serves: ['public'], input: { params: FlowParams, body: Empty }, output: { 200: PlainFlowAnswer } } }, async (req) => {
    const flow = await loadReminder(req, flowBinding(req));
    parse(Empty, req.body);
    return { flow: flowView(await username.goBack(ctx, flow)) };
  });

  app.post('/api/flows/username-reminder/:id/code', { config: { serves: ['public'], input: { params: FlowParams, body: SmsStep }, output: { 200: PlainFlowAnswer } } }, async (req) => {
    const flow = await loadReminder(req, flowBinding(req));
    const body = parse(SmsStep, req.body);
    await hit(ctx, 'usernameReminderPerIp', req.ip);
    return { flow: flowView(await username.submitCode(ctx, flow, body.code, req.ip)) };
  });
}
