/**
 * The login flow as its sign-in methods' steps take it: a flow of kind `login` that waits in
 * `choose_method` until one method passes and the completion point (complete-sign-in.ts) moves it
 * to `completed`. Steps with a captcha take the flow with it in one round trip; the others load it.
 */
import type { FastifyRequest } from 'fastify';
import { HASH_KIND } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { expectState, loadFlow, takeCaptchaStep, type CaptchaAnswer, type Flow } from '../flows/flow.js';
import { flowBinding } from '../http/csrf.js';
import { AppError } from '../http/errors.js';
import { hit, pendingHit, type LimitName } from '../security/rate-limit.js';

export const LOGIN_FLOW = 'login';
export type LoginState = 'choose_method' | 'completed';
/** The state a login flow waits in for a method to pass (every sign-in completes from it). */
export const CHOOSING: LoginState = 'choose_method';
export type LoginFlow = Flow<LoginState, object>;

/**
 * The login flow's captcha step (password, 单位登录, SMS code, 密码修改): the rate-limit hit, this
 * browser's login flow in choose_method and its captcha used up whatever the answer, in one round trip.
 */
export const takeLoginCaptcha = (ctx: AppContext, req: FastifyRequest, id: string, answer: CaptchaAnswer): Promise<LoginFlow> =>
  takeCaptchaStep<LoginState, object>(ctx, id, flowBinding(req), LOGIN_FLOW, CHOOSING, answer, pendingHit(ctx, 'loginPerIp', req.ip));

/** The password forms' captcha step (person and 单位登录): a wrong captcha is audited as login.captcha against the name typed. */
export function takePasswordCaptcha(ctx: AppContext, req: FastifyRequest, id: string, body: { identifier: string } & CaptchaAnswer): Promise<LoginFlow> {
  return takeLoginCaptcha(ctx, req, id, body).catch(async (err: unknown) => {
    if (err instanceof AppError && err.code === 'captcha.invalid') {
      const subject = ctx.vault.lookupHash(HASH_KIND.identifier, body.identifier.toLowerCase());
      await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'login.captcha', result: 'failure', ip: req.ip, subject });
    }
    throw err;
  });
}

/** A step without a captcha: counts the request against `limit` for its IP, then loads this browser's login flow, still choosing. */
export async function loginFlowIn(ctx: AppContext, req: FastifyRequest, id: string, limit: LimitName = 'loginPerIp'): Promise<LoginFlow> {
  await hit(ctx, limit, req.ip);
  const flow = await loadFlow<LoginState, object>(ctx, id, flowBinding(req), LOGIN_FLOW);
  expectState(flow, CHOOSING);
  return flow;
}
