/** Routes every flow shares: read a flow, draw its captcha. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { FLOW_ID, flowView, issueCaptcha, loadFlow } from '../../flows/flow.js';
import { summary, type RegistrationFlow } from '../../flows/registration/registration.js';
import { recoveryView, KIND as RECOVERY, type RecoveryFlow } from '../../flows/recovery/forgot-password.js';
import { hit } from '../../security/rate-limit.js';
import { flowBinding } from '../csrf.js';
import { parse } from '../validate.js';

/** A flow step's path: an id that is not a flow id is an unknown flow, before any statement sees it. */
export const FlowParams = z.strictObject({ id: z.string().max(64).regex(FLOW_ID, 'flow.not_found') });

type AnyFlow = Parameters<typeof flowView>[0];

/**
 * The API view of any flow kind, the same as its own steps answer, so a page reloaded mid-flow
 * (GET /api/flows/:id) resumes where it was. Kinds not listed carry nothing beyond id, kind, state
 * and expiry: phone registration (`registration_phone`), username reminder, login, …
 */
const VIEWS: Record<string, (flow: AnyFlow) => ReturnType<typeof flowView>> = {
  registration: (flow) => flowView(flow, { summary: summary(flow as RegistrationFlow) }),
  [RECOVERY]: (flow) => recoveryView(flow as RecoveryFlow),
};

export function viewOf(flow: AnyFlow) {
  return (VIEWS[flow.kind] ?? flowView)(flow);
}

export function flowRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/flows/:id', { config: { serves: ['public'], input: { params: FlowParams } } }, async (req) => {
    const { id } = parse(FlowParams, req.params);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    return { flow: viewOf(flow) };
  });

  app.get('/api/flows/:id/captcha', { config: { serves: ['public'], input: { params: FlowParams } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    await hit(ctx, 'captchaPerIp', req.ip);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    const svg = await issueCaptcha(ctx, flow);
    return reply.header('cache-control', 'no-store').type('image/svg+xml').send(svg);
  });
}
