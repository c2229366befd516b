/**
 * A new way to sign in is one method plus its registration (issue 23): this file defines a trivial
 * internal method — `test-token`, one form whose step takes `{ token }` and passes for the account
 * the token was handed to — registers it on a test server before the routes are mounted, and signs
 * in through it. No flow or route file knows it: the login routes mount its step from the registry,
 * the one completion point starts the session and writes login history and audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/shared/app-error.js';
import { CHOOSING, loginFlowIn } from '../../src/methods/login-flow.js';
import type { Method } from '../../src/methods/registry.js';
import { tokenDigest } from '../../src/security/tokens.js';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { newPerson, register } from '../helpers/people.js';
import { startLogin } from '../helpers/phone.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The tokens handed out in this file, and whose they are. */
const tokens = new Map<string, string>();

const testToken: Method = {
  id: 'test-token',
  kind: 'form',
  purposes: ['sign_in'],
  steps: {
    sign_in: [
      {
        name: 'token',
        body: z.strictObject({ token: z.string().min(1).max(64) }),
        async run({ ctx, req, flowId, body }) {
          const flow = await loginFlowIn(ctx, req, flowId);
          const accountId = tokens.get(body.token);
          if (!accountId) throw new AppError('auth.invalid_credentials');
          return { pass: { accountId, amr: ['test-token'] }, flow, from: CHOOSING };
        },
      },
    ],
  },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer({}, { methods: [testToken] });
});
afterAll(async () => {
  await server?.close();
});

/** A registered person with a token of the test method. */
async function personWithToken(): Promise<{ accountId: string; token: string }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const accountId = await accountIdOf(server, p.username);
  const token = `t-${accountId}`;
  tokens.set(token, accountId);
  return { accountId, token };
}

const SESSION_COOKIE = '__Host-shenfen_sid';

describe('a method added through the registry alone', () => {
  it('is offered to persons after the default methods, and not to orgs', async () => {
    const meta = await new Agent(server.url).call('GET', '/api/meta');
    expect(meta.body.loginMethods).toEqual({ person: ['password', 'sms', 'qr', 'cert', 'test-token'], org: ['password', 'cert'] });
    const flow = await new Agent(server.url).call('POST', '/api/flows/login', {});
    expect(flow.body.flow.methods).toEqual(['password', 'sms', 'qr', 'cert', 'test-token']);
  });

  it('signs in through its step: the session works, carries the method, and login history and audit record it', async () => {
    const { accountId, token } = await personWithToken();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    // The same browser in another tab, with the cookies it had before signing in.
    const otherTab = new Agent(server.url);
    for (const [k, v] of agent.cookies) otherTab.cookies.set(k, v);
    const res = await agent.call('POST', `/api/flows/login/${flowId}/token`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ id: accountId, kind: 'person' });
    expect(res.body.session.createdAt).toEqual(expect.any(String));
    agent.csrf = res.body.csrfToken;

    const session = await agent.call('GET', '/api/session');
    expect(session.status).toBe(200);
    expect(session.body.account.id).toBe(accountId);
    const row = await server.ctx.db.selectFrom('sessions').select('auth_methods').where('id', '=', tokenDigest(agent.cookies.get(SESSION_COOKIE)!)).executeTakeFirstOrThrow();
    expect(row.auth_methods).toEqual(['test-token']);

    const history = await agent.call('GET', '/api/account/login-history');
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ method: 'test-token', result: 'success', ip: '127.0.0.1' });
    const audits = await server.ctx.db.selectFrom('audit_log').select(['actor', 'result', 'detail']).where('event', '=', 'login.test-token').where('actor', '=', accountId).execute();
    expect(audits).toEqual([{ actor: accountId, result: 'success', detail: { method: 'test-token' } }]);
    const flow = await server.ctx.db.selectFrom('flows').select(['state', 'data']).where('id', '=', flowId).executeTakeFirstOrThrow();
    expect(flow).toEqual({ state: 'completed', data: { accountId } });

    // The flow completes once: the other tab's try is refused and starts no session; the signed-in
    // tab has a new binding, so the flow is no longer its own.
    const replay = await otherTab.call('POST', `/api/flows/login/${flowId}/token`, { token });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('flow.wrong_state');
    expect((await agent.call('POST', `/api/flows/login/${flowId}/token`, { token })).body.error.code).toBe('flow.not_found');
    expect(await server.ctx.db.selectFrom('sessions').select('id').where('account_id', '=', accountId).execute()).toHaveLength(1);
  });

  it('ends the session the browser had, as every sign-in does', async () => {
    const { token } = await personWithToken();
    const agent = new Agent(server.url);
    const first = await agent.call('POST', `/api/flows/login/${await startLogin(agent)}/token`, { token });
    expect(first.status).toBe(200);
    agent.csrf = first.body.csrfToken;
    const firstCookie = agent.cookies.get(SESSION_COOKIE)!;
    const second = await agent.call('POST', `/api/flows/login/${await startLogin(agent)}/token`, { token });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    agent.csrf = second.body.csrfToken;
    expect(agent.cookies.get(SESSION_COOKIE)).not.toBe(firstCookie);
    const old = new Agent(server.url);
    old.cookies.set(SESSION_COOKIE, firstCookie);
    expect((await old.call('GET', '/api/session')).status).toBe(401);
    const ended = await server.ctx.db.selectFrom('sessions').select('end_reason').where('id', '=', tokenDigest(firstCookie)).executeTakeFirstOrThrow();
    expect(ended.end_reason).toBe('replaced');
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
  });

  it('refuses a wrong token: no session, nothing recorded as a sign-in, and the flow still waits for a method', async () => {
    const { accountId, token } = await personWithToken();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const wrong = await agent.call('POST', `/api/flows/login/${flowId}/token`, { token: `${token}-wrong` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await server.ctx.db.selectFrom('login_events').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
    expect((await server.ctx.db.selectFrom('flows').select('state').where('id', '=', flowId).executeTakeFirstOrThrow()).state).toBe('choose_method');
    // A body the step does not declare is refused before it runs.
    const odd = await agent.call('POST', `/api/flows/login/${flowId}/token`, { token, extra: 1 });
    expect(odd.body.error.code).toBe('request.invalid');
    // The right token on the same flow then signs in.
    expect((await agent.call('POST', `/api/flows/login/${flowId}/token`, { token })).status).toBe(200);
  });
});
