/** Login flow routes: start a flow, sign in with a password (+ image captcha). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { createFlow, consumeCaptcha, advanceFlow, expectState, flowView, loadFlow } from '../../flows/flow.js';
import { authenticatePassword } from '../../methods/password/authenticate.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, csrfToken, flowBinding } from '../csrf.js';
import { signIn } from '../session.js';
import { parse, text } from '../validate.js';
import { FlowParams } from './flows.js';

type State = 'choose_method' | 'completed';
const KIND = 'login';
export const LOGIN_METHODS = { person: ['password', 'sms'], org: ['password'] as string[] };

const PasswordBody = z.strictObject({
  identifier: text(64).pipe(z.string().min(1)),
  // Passwords are checked in full: no trimming, no case folding.
  password: z.string().min(1).max(256),
  captcha: text(16, 'captcha.required').pipe(z.string().min(1, 'captcha.required')),
});

export function loginRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/login', async (req, reply) => {
    parse(z.strictObject({}), req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<State, object>(ctx, KIND, 'choose_method', browserBinding(req, reply), {}, true);
    return reply.status(201).send({ flow: flowView(flow, { methods: LOGIN_METHODS.person }) });
  });

  app.post('/api/flows/login/:id/password', async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(PasswordBody, req.body);
    await hit(ctx, 'loginPerIp', req.ip);
    const flow = await loadFlow<State, object>(ctx, id, flowBinding(req), KIND);
    expectState(flow, 'choose_method');
    await consumeCaptcha(ctx, flow, body.captcha).catch(async (err: unknown) => {
      const subject = ctx.vault.lookupHash(HASH_KIND.identifier, body.identifier.toLowerCase());
      await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'login.captcha', result: 'failure', ip: req.ip, subject });
      throw err;
    });
    const account = await authenticatePassword(ctx, body.identifier, body.password, clientInfo(req));
    await advanceFlow(ctx, flow, 'choose_method', 'completed', { accountId: account.id });
    const { session, binding } = await signIn(ctx, req, reply, account.id, ['password']);
    return { account, session: sessionView(session), csrfToken: csrfToken(ctx, binding) };
  });
}

export function sessionView(s: { createdAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date }) {
  return { createdAt: s.createdAt.toISOString(), idleExpiresAt: s.idleExpiresAt.toISOString(), absoluteExpiresAt: s.absoluteExpiresAt.toISOString() };
}
