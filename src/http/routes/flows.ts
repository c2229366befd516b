/** Routes every flow shares: read a flow, draw its captcha. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { flowView, issueCaptcha, loadFlow } from '../../flows/flow.js';
import { summary, type RegistrationFlow } from '../../flows/registration/registration.js';
import { hit } from '../../security/rate-limit.js';
import { flowBinding } from '../csrf.js';
import { parse } from '../validate.js';

export const FlowParams = z.strictObject({ id: z.string().max(64) });

/** The API view of any flow kind. */
export function viewOf(flow: { kind: string } & Parameters<typeof flowView>[0]) {
  return flow.kind === 'registration' ? flowView(flow, { summary: summary(flow as RegistrationFlow) }) : flowView(flow);
}

export function flowRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/flows/:id', async (req) => {
    const { id } = parse(FlowParams, req.params);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    return { flow: viewOf(flow) };
  });

  app.get('/api/flows/:id/captcha', async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    await hit(ctx, 'captchaPerIp', req.ip);
    const flow = await loadFlow(ctx, id, flowBinding(req));
    const svg = await issueCaptcha(ctx, flow);
    return reply.header('cache-control', 'no-store').type('image/svg+xml').send(svg);
  });
}
