/**
 * The login flow as its sign-in methods' steps take it: a flow of kind `login` that waits in
 * `choose_method` until one method passes and the completion point (complete-sign-in.ts) moves it
 * to `completed`. Steps with a captcha take the flow with it in one round trip; the others load it.
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { HASH_KIND } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { bindingDigest, expectState, FLOW_ID, takeCaptchaStep, type CaptchaAnswer, type Flow } from '../flows/flow.js';
import { flowBinding } from '../http/csrf.js';
import { AppError, assertThat } from '../shared/app-error.js';
import { checkHit, hitStatement, pendingHit, type LimitName } from '../security/rate-limit.js';
import { safeEqual } from '../security/tokens.js';

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

/**
 * A step without a captcha: counts the request against `limit` for its IP and reads this browser's
 * login flow in one round trip, then answers as `hit`, `loadFlow` and `expectState` would one after
 * the other (429; flow.not_found for a missing or another browser's flow; flow.expired;
 * flow.wrong_state). Past the limit the flow is not read.
 */
export async function loginFlowIn(ctx: AppContext, req: FastifyRequest, id: string, limit: LimitName = 'loginPerIp'): Promise<LoginFlow> {
  assertThat(FLOW_ID.test(id), 'flow.not_found');
  const gate = pendingHit(ctx, limit, req.ip);
  const res = await sql<{ count: number; id: string | null; kind: string; state: LoginState; data: object; expires_at: Date; browser_binding: string }>`
    with rl as (${hitStatement(gate)})
    select rl.count, f.id, f.kind, f.state, f.data, f.expires_at, f.browser_binding
    from rl left join flows f on f.id = ${id}::uuid and (select count from rl) <= ${gate.max}::int`.execute(ctx.db);
  const row = res.rows[0]!;
  checkHit(gate, row.count);
  // The binding is asked for only now, as loadFlow after the hit did: a browser without one is counted too.
  const binding = flowBinding(req);
  assertThat(row.id !== null && safeEqual(row.browser_binding, bindingDigest(ctx, binding)), 'flow.not_found');
  assertThat(row.kind === LOGIN_FLOW, 'flow.not_found');
  const expiresAt = new Date(row.expires_at);
  assertThat(expiresAt > ctx.clock.now(), 'flow.expired');
  const flow: LoginFlow = { id: row.id, kind: row.kind, state: row.state, data: row.data, expiresAt };
  expectState(flow, CHOOSING);
  return flow;
}
