/** Person registration routes: one per step of the stored flow. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ID_TYPES, validateIdDocument, validatePhone, type IdType } from '../../domain/index.js';
import { createFlow, loadFlow } from '../../flows/flow.js';
import * as registration from '../../flows/registration/registration.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { AppError } from '../../shared/app-error.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { FlowParams, viewOf } from './flows.js';
import { BankAgreement, bankStep } from './registration-bank.js';
import { RegistrationFlowAnswer } from '../../shared/api/flows.js';
import { Registered } from '../../shared/api/registration.js';

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,19}$/;
// Names as on ID documents: Chinese, Latin letters, the middle dot of minority and foreign names.
const NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•.\- ]{0,48}[\p{Script=Han}A-Za-z.]$/u;

const LoginInfo = z.strictObject({
  username: text(64, 'username.invalid').pipe(z.string().regex(USERNAME, 'username.invalid')),
  password: z.string('password.too_short').max(256, 'password.too_long'),
  confirmPassword: z.string('password.mismatch').max(256, 'password.mismatch'),
  captcha: Captcha,
  pow: Pow,
});

const IdentityInfo = z.strictObject({
  name: text(50, 'name.invalid').pipe(z.string().regex(NAME, 'name.invalid')),
  idType: z.enum(ID_TYPES as unknown as [IdType, ...IdType[]], 'id_type.invalid'),
  idNumber: text(32, 'id_number.format'),
  phone: text(20, 'phone.invalid'),
  // Needed once this step has answered in the flow (summary.captchaRequired): each answer costs a picture.
  captcha: Captcha.optional(),
  pow: Pow.optional(),
});

const Agreement = z.strictObject({ agree: z.literal(true, 'agreement.required') });

export function registrationRoutes(app: FastifyInstance, ctx: AppContext) {
  const load = (req: { params: unknown }, binding: string) =>
    loadFlow<registration.State, registration.Data>(ctx, parse(FlowParams, req.params).id, binding, registration.KIND);

  app.post('/api/flows/registration', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 201: RegistrationFlowAnswer } } }, async (req, reply) => {
    if (!ctx.config.registrationStyles.includes('username')) throw new AppError('request.not_found');
    parse(EmptyBody, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<registration.State, registration.Data>(
      ctx,
      registration.KIND,
      registration.INITIAL_STATE,
      browserBinding(req, reply),
      {},
      true,
    );
    return reply.status(201).send({ flow: viewOf(ctx, flow) });
  });

  app.post('/api/flows/registration/:id/login-info', { config: { serves: ['public'], input: { params: FlowParams, body: LoginInfo }, output: { 200: RegistrationFlowAnswer } } }, async (req) => {
    const flow = await load(req, flowBinding(req));
    const body = parse(LoginInfo, req.body);
    await hit(ctx, 'registrationPerIp', req.ip);
    return { flow: viewOf(ctx, await registration.submitLoginInfo(ctx, flow, body)) };
  });

  app.post('/api/flows/registration/:id/identity-info', { config: { serves: ['public'], input: { params: FlowParams, body: IdentityInfo }, output: { 200: RegistrationFlowAnswer } } }, async (req) => {
    const flow = await load(req, flowBinding(req));
    const body = parse(IdentityInfo, req.body);
    await hit(ctx, 'registrationPerIp', req.ip);
    const id = validateIdDocument(body.idType, body.idNumber);
    const phone = validatePhone(body.phone);
    const fields = {
      ...(id.ok ? {} : { idNumber: id.code }),
      ...(phone.ok ? {} : { phone: phone.code }),
    };
    if (!id.ok || !phone.ok) throw new AppError(!id.ok ? id.code : 'phone.invalid', fields);
    const next = await registration.submitIdentityInfo(ctx, flow, { ...body, idNumber: id.value.number, phone: phone.value });
    return { flow: viewOf(ctx, next) };
  });

  app.post('/api/flows/registration/:id/back', { config: { serves: ['public'], input: { params: FlowParams, body: EmptyBody }, output: { 200: RegistrationFlowAnswer } } }, async (req) => {
    const flow = await load(req, flowBinding(req));
    parse(EmptyBody, req.body);
    return { flow: viewOf(ctx, await registration.goBack(ctx, flow)) };
  });

  app.post('/api/flows/registration/:id/agreement', { config: { serves: ['public'], input: { params: FlowParams, body: ctx.config.registrationCheck === 'bank4' ? BankAgreement : Agreement }, output: { 200: Registered } } }, async (req) => {
    const flow = await load(req, flowBinding(req));
    // The Shenzhen manner checks a bank card here (registration-bank.ts); otherwise the declared identity.
    const { flow: checked, verifier } = ctx.config.registrationCheck === 'bank4' ? await bankStep(ctx, flow, req.body, clientInfo(req).ip ?? 'unknown') : { flow: (parse(Agreement, req.body), flow), verifier: undefined };
    const { flow: done, account } = await registration.complete(ctx, checked, clientInfo(req), verifier);
    return { flow: viewOf(ctx, done), account };
  });
}
