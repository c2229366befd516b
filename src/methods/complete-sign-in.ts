/**
 * The one completion point of sign-in (issue 23; Kratos's login hook): whatever method passed, the
 * login flow moves from choose_method to completed, the attempt goes into login history and the
 * audit log, the browser's old session ends and the new one starts — in ONE statement, or none of
 * it. A method's step only proves who it is (a Pass); it never starts a session itself.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawBuilder } from 'kysely';
import { accountSummary, type AccountSummary } from '../accounts/accounts.js';
import { loginAttemptCtes } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { advanceStatement, type Flow } from '../flows/flow.js';
import { clientInfo } from '../http/client.js';
import { signIn } from '../http/session.js';
import type { SessionInfo } from '../sessions/sessions.js';
import type { ClientInfo } from './password/authenticate.js';
import type { Method, Pass } from './registry.js';

/**
 * A successful sign-in's record as CTEs for the completion statement: its login history row, its
 * audit row (`login.<method>`, about `subject`), and with `unlock` the login guards it lifts. With
 * `after` (a CTE of the same statement) nothing is written unless that CTE returned a row.
 */
export function signInRecord(
  ctx: AppContext,
  r: { method: string; accountId: string; client: ClientInfo; subject?: string | null; unlock?: { keys: string[]; smsOf?: string }; after?: string },
): RawBuilder<unknown> {
  const at = ctx.clock.now();
  return loginAttemptCtes(
    { accountId: r.accountId, at, ...r.client, method: r.method, result: 'success' },
    { at, event: `login.${r.method}`, result: 'success', actor: r.accountId, ip: r.client.ip, subject: r.subject ?? null, detail: { method: r.method } },
    { ...(r.unlock ? { unlock: r.unlock } : {}), ...(r.after ? { after: r.after } : {}) },
  );
}

/** What a signed-in browser is answered with (the route renders it). */
export interface SignedIn {
  account: AccountSummary;
  session: SessionInfo;
  /** The browser's new CSRF binding (rotated with the session). */
  binding: string;
}

/**
 * Completes a sign-in on its login flow: the flow step (from `from`, after `pass.consumes` when the
 * pass is used up in the same statement), the pass's record — or, for a method that brings none,
 * the plain success record of `method` — the old session ended and the new one with the pass's
 * `amr`, in one statement. When the flow had moved on (or the pass was used meanwhile) nothing
 * but the record happens and `pass.refusal` (flow.wrong_state) is thrown.
 */
export async function completeSignIn(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  method: Method,
  done: { pass: Pass; flow: Pick<Flow, 'id'>; from: string },
): Promise<SignedIn> {
  const { pass, flow, from } = done;
  if (!pass.accountId) throw new Error(`method ${method.id} passed a sign-in without an account`);
  const accountId = pass.accountId;
  const record = pass.record ?? signInRecord(ctx, { method: method.id, accountId, client: clientInfo(req) });
  const { session, binding } = await signIn(ctx, req, reply, accountId, pass.amr, {
    onlyIf: advanceStatement(ctx, flow, from, 'completed', { accountId }, pass.consumes),
    with: record,
    ...(pass.refusal ? { refusal: pass.refusal } : {}),
  });
  const account = pass.account ?? (await accountSummary(ctx, accountId));
  return { account, session, binding };
}
