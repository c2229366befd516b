/** Routes every flow shares: read a flow, draw its captcha, or switch to the accessible captcha. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { FLOW_ID, flowView, issueCaptcha, loadFlow } from '../../flows/flow.js';
import { summary, type RegistrationFlow } from '../../flows/registration/registration.js';
import { recoveryView, KIND as RECOVERY, type RecoveryFlow } from '../../flows/recovery/forgot-password.js';
import { hit } from '../../security/rate-limit.js';
import { EmptyBody, parse } from '../validate.js';
import { flowBinding } from '../csrf.js';
import { AccessibleCaptchaAnswer, AnyFlowView, CaptchaAnswer } from '../../shared/api/flows.js';

/** A flow step's path: an id that is not a flow id is an unknown flow, before any statement sees it. */
export const FlowParams = z.strictObject({ id: z.string().max(64).regex(FLOW_ID, 'flow.not_found') });

type AnyFlow = Parameters<typeof flowView>[0];

/**
 * The API view of any flow kind, the same as its own steps answer, so a page reloaded mid-flow
 * (GET /api/flows/:id) resumes where it was. Kinds not listed carry nothing beyond id, kind, state
 * and expiry: phone registration (`registration_phone`), username reminder, login, …
 */
const VIEWS: Record<string, (ctx: AppContext, flow: AnyFlow) => ReturnType<typeof flowView>> = {
  registration: (_ctx, flow) => flowView(flow, { summary: summary(flow as RegistrationFlow) }),
  [RECOVERY]: (ctx, flow) => recoveryView(ctx, flow as RecoveryFlow),
};

export function viewOf(ctx: AppContext, flow: AnyFlow) {
  const view = VIEWS[flow.kind];
  return view ? view(ctx, flow) : flowView(flow);
}

export function flowRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/flows/:id', { config: { serves: ['public'], input: { params: FlowParams }, output: { 200: z.strictObject({ flow: AnyFlowView }) } } }, async (req) => {
    const { id } = parse(FlowParams, req.params);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    return { flow: viewOf(ctx, flow) };
  });

  /** A new picture for the flow (the previous captcha stops working): `{ captcha: data: URI (PNG), pow: challenge }`. */
  app.get('/api/flows/:id/captcha', { config: { serves: ['public'], input: { params: FlowParams }, output: { 200: CaptchaAnswer } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    await hit(ctx, 'captchaPerIp', req.ip);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    return reply.header('cache-control', 'no-store').send(await issueCaptcha(ctx, flow));
  });

  /**
   * 无法看清图片？: the flow's captcha becomes one without a picture — a costlier proof of work is
   * the whole answer (`{ pow: challenge }` with `accessible: true`) — counted per IP and per flow,
   * tighter than pictures (docs/captcha.md).
   */
  app.post('/api/flows/:id/captcha/accessible', { config: { serves: ['public'], input: { params: FlowParams, body: EmptyBody }, output: { 200: AccessibleCaptchaAnswer } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    parse(EmptyBody, req.body);
    await hit(ctx, 'captchaAccessiblePerIp', req.ip);
    await hit(ctx, 'captchaAccessiblePerFlow', id);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    return reply.header('cache-control', 'no-store').send(await issueCaptcha(ctx, flow, true));
  });
}
