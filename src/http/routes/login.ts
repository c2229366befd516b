/** Login flow routes: start a flow, sign in with a password (+ image captcha). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { advanceStatement, createFlow, flowView, takeCaptchaStep, type CaptchaAnswer, type Flow } from '../../flows/flow.js';
import { authenticatePasswordThen } from '../../methods/password/authenticate.js';
import { pendingHit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, csrfToken, flowBinding } from '../csrf.js';
import { AppError } from '../errors.js';
import { signIn } from '../session.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';

export type State = 'choose_method' | 'completed';
const KIND = 'login';
export const LOGIN_METHODS = { person: ['password', 'sms', 'qr'], org: ['password'] as string[] };

const PasswordBody = z.strictObject({
  identifier: text(64).pipe(z.string().min(1)),
  // Passwords are checked in full: no trimming, no case folding.
  password: z.string().min(1).max(256),
  captcha: Captcha,
  pow: Pow,
});

/** `{ method: 'qr' }`: the flow is for 扫码登录, which has no captcha; none is drawn (one can be asked for later). */
const StartBody = z.strictObject({ method: z.literal('qr').optional() });

export function loginRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/login', { config: { serves: ['public'], input: { body: StartBody } } }, async (req, reply) => {
    const { method } = parse(StartBody, req.body);
    // The rate-limit hit and the new flow with its captcha (none for 扫码登录): one round trip.
    const flow = await createFlow<State, object>(ctx, KIND, 'choose_method', browserBinding(req, reply), {}, method !== 'qr', pendingHit(ctx, 'flowPerIp', req.ip));
    return reply.status(201).send({ flow: flowView(flow, { methods: LOGIN_METHODS.person }) });
  });

  app.post('/api/flows/login/:id/password', { config: { serves: ['public'], input: { params: FlowParams, body: PasswordBody } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(PasswordBody, req.body);
    return passwordSignIn(ctx, req, reply, id, body, 'person');
  });
}

/**
 * The login flow's captcha step (password, 单位登录, SMS code): the rate-limit hit, this browser's
 * login flow in choose_method and its captcha used up whatever the answer, in one round trip.
 */
export const takeLoginCaptcha = (ctx: AppContext, req: FastifyRequest, id: string, answer: CaptchaAnswer): Promise<Flow<State, object>> =>
  takeCaptchaStep<State, object>(ctx, id, flowBinding(req), KIND, 'choose_method', answer, pendingHit(ctx, 'loginPerIp', req.ip));

/** The password forms' captcha step (person and 单位登录): a wrong captcha is audited as login.captcha against the name typed. */
export function takePasswordCaptcha(ctx: AppContext, req: FastifyRequest, id: string, body: { identifier: string } & CaptchaAnswer): Promise<Flow<State, object>> {
  return takeLoginCaptcha(ctx, req, id, body).catch(async (err: unknown) => {
    if (err instanceof AppError && err.code === 'captcha.invalid') {
      const subject = ctx.vault.lookupHash(HASH_KIND.identifier, body.identifier.toLowerCase());
      await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'login.captcha', result: 'failure', ip: req.ip, subject });
    }
    throw err;
  });
}

/**
 * A password login on the login flow (person, or 单位登录 with kind org): the captcha step, then the
 * password check; the flow moves on, the attempt is recorded, the browser's old session ends and
 * the new one starts in one statement.
 */
export async function passwordSignIn(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  body: { identifier: string; password: string } & CaptchaAnswer,
  kind: 'person' | 'org',
) {
  const flow = await takePasswordCaptcha(ctx, req, id, body);
  const { account, result } = await authenticatePasswordThen(ctx, body.identifier, body.password, clientInfo(req), kind, (account, record) =>
    signIn(ctx, req, reply, account.id, ['password'], {
      onlyIf: advanceStatement(ctx, flow, 'choose_method', 'completed', { accountId: account.id }),
      with: record,
    }),
  );
  const { session, binding } = result;
  return { account, session: sessionView(session), csrfToken: csrfToken(ctx, binding) };
}

export function sessionView(s: { createdAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date }) {
  return { createdAt: s.createdAt.toISOString(), idleExpiresAt: s.idleExpiresAt.toISOString(), absoluteExpiresAt: s.absoluteExpiresAt.toISOString() };
}
