/**
 * Login flow routes: start a flow, and every step of every sign-in method in the registry
 * (ctx.methods), mounted the same way at `/api/flows/login/:id/<step>` — password, 单位登录,
 * SMS code, 扫码登录 and whatever is registered before the app is built. A step that passes is
 * finished by the one sign-in completion point (src/methods/complete-sign-in.ts); this module
 * knows no method by name.
 */
import { LoginStarted } from '../../shared/api/login.js';
import { SignedIn } from '../../shared/api/session.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { createFlow, flowView } from '../../flows/flow.js';
import { completeSignIn } from '../../methods/complete-sign-in.js';
import { CHOOSING, LOGIN_FLOW, type LoginState } from '../../methods/login-flow.js';
import type { Method, MethodRegistry, MethodStep } from '../../methods/registry.js';
import { pendingHit } from '../../security/rate-limit.js';
import { browserBinding, csrfToken } from '../csrf.js';
import { parse } from '../validate.js';
import { FlowParams } from './flows.js';

/** The sign-in methods offered to each account kind, in the registry's order (GET /api/meta, the login flow). */
export const loginMethods = (methods: MethodRegistry) => ({
  person: methods.forPurpose('sign_in', 'person').map((m) => m.id),
  org: methods.forPurpose('sign_in', 'org').map((m) => m.id),
});

/**
 * What starting a login flow may name: a method whose flow draws no captcha (扫码登录), so none is
 * drawn (one can be asked for later). Anything else is refused.
 */
function startBody(methods: MethodRegistry) {
  const uncaptcha = methods.serving('sign_in').filter((m) => m.startsWithCaptcha === false).map((m) => m.id);
  const [first, ...rest] = uncaptcha;
  return z.strictObject({ method: (first === undefined ? z.never() : z.enum([first, ...rest])).optional() });
}

export function loginRoutes(app: FastifyInstance, ctx: AppContext) {
  const StartBody = startBody(ctx.methods);
  app.post('/api/flows/login', { config: { serves: ['public'], input: { body: StartBody }, output: { 201: LoginStarted } } }, async (req, reply) => {
    const { method } = parse(StartBody, req.body);
    const withCaptcha = method === undefined;
    // The rate-limit hit and the new flow with its captcha (none for a method that needs none): one round trip.
    const flow = await createFlow<LoginState, object>(ctx, LOGIN_FLOW, CHOOSING, browserBinding(req, reply), {}, withCaptcha, pendingHit(ctx, 'flowPerIp', req.ip));
    return reply.status(201).send({ flow: flowView(flow, { methods: loginMethods(ctx.methods).person }) });
  });

  for (const method of ctx.methods.serving('sign_in')) {
    for (const step of method.steps.sign_in ?? []) mountStep(app, ctx, method, step);
  }
}

/** One step of a sign-in method: its body checked, then either its answer, or its pass completed into a session. */
function mountStep(app: FastifyInstance, ctx: AppContext, method: Method, step: MethodStep) {
  const input = step.body ? { params: FlowParams, body: step.body } : { params: FlowParams };
  app.route({
    method: step.verb ?? 'POST',
    url: `/api/flows/login/:id/${step.name}`,
    // A step that passes answers as every sign-in does; one that answers declares its own.
    config: { serves: ['public'], input, output: { 200: step.output ?? SignedIn } },
    handler: async (req, reply) => {
      const { id } = parse(FlowParams, req.params);
      const body = step.body ? parse(step.body, req.body) : undefined;
      const outcome = await step.run({ ctx, req, reply, flowId: id, body });
      if ('answer' in outcome) return outcome.answer;
      const { account, session, binding } = await completeSignIn(ctx, req, reply, method, outcome);
      return { ...outcome.pass.answer, account, session: sessionView(session), csrfToken: csrfToken(ctx, binding) };
    },
  });
}

export function sessionView(s: { createdAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date }) {
  return { createdAt: s.createdAt.toISOString(), idleExpiresAt: s.idleExpiresAt.toISOString(), absoluteExpiresAt: s.absoluteExpiresAt.toISOString() };
}
