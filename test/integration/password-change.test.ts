// 密码修改 from the login page (seed 000), for persons and orgs, without signing in first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;

beforeAll(async () => {
  server = await startServer();
  next = await companies(server);
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'Xr5#mKw8Lq';

async function change(agent: Agent, body: Record<string, unknown>) {
  const flow = await agent.call('POST', '/api/flows/login', {});
  expect(flow.status).toBe(201);
  const res = await agent.call('POST', `/api/flows/login/${flow.body.flow.id}/change-password`, { captcha: TEST_CAPTCHA, ...body });
  return { res, flowId: flow.body.flow.id as string };
}

async function historyOf(username: string) {
  const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return server.ctx.db.selectFrom('login_events').select(['method', 'result']).where('account_id', '=', account.id).execute();
}

async function registered() {
  const p = newPerson();
  await register(new Agent(server.url), p);
  return p;
}

describe('密码修改 from the login page', () => {
  it('changes a person’s password with the current one, signs them out everywhere, and the new one signs in', async () => {
    const p = await registered();
    const elsewhere = new Agent(server.url);
    expect((await login(elsewhere, p.username, p.password)).status).toBe(200);

    const { res } = await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ changed: true, signedOut: true });

    expect((await elsewhere.call('GET', '/api/session')).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, p.password)).body.error.code).toBe('auth.invalid_credentials');
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    const audit = await server.ctx.db.selectFrom('audit_log').select('event').where('event', '=', 'account.password_change').where('ip', 'is not', null).execute();
    expect(audit.length).toBeGreaterThan(0);
    // Login history shows a password check for 密码修改, not a sign-in.
    const history = (await login(new Agent(server.url), p.username, NEW_PASSWORD)).status === 200 ? await historyOf(p.username) : [];
    expect(history.filter((h) => h.method === 'password_change').map((h) => h.result)).toEqual(['success']);
  });

  it('in a browser signed in as someone else, leaves that session alone; in the account’s own browser, signs it out', async () => {
    const p = await registered();
    const other = await registered();
    const browser = new Agent(server.url);
    expect((await login(browser, other.username, other.password)).status).toBe(200);
    const { res } = await change(browser, { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.body).toEqual({ changed: true, signedOut: false });
    expect((await browser.call('GET', '/api/session')).body.account.username).toBe(other.username);

    const own = new Agent(server.url);
    expect((await login(own, other.username, other.password)).status).toBe(200);
    const mine = (await change(own, { identifier: other.username, currentPassword: other.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    expect(mine.body).toMatchObject({ changed: true, signedOut: true });
    own.csrf = mine.body.csrfToken;
    expect((await own.call('GET', '/api/session')).status).toBe(401);
  });

  it('answers a wrong current password and an unknown account alike, and changes nothing', async () => {
    const p = await registered();
    const wrong = (await change(new Agent(server.url), { identifier: p.username, currentPassword: 'Wrong#Pass123', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    const ghost = (await change(new Agent(server.url), { identifier: `nobody${Date.now()}`, currentPassword: 'Wrong#Pass123', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    expect([wrong.status, ghost.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(ghost.body);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
  });

  it('refuses a mismatched confirmation, a reused password and a weak one, naming the field', async () => {
    const p = await registered();
    const mismatch = (await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` })).res;
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe('password.mismatch');
    const same = (await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: p.password, confirmPassword: p.password })).res;
    expect(same.body.error.code).toBe('password.reused');
    expect(Object.keys(same.body.error.fields)).toEqual(['newPassword']);
    const weak = (await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: '12345678', confirmPassword: '12345678' })).res;
    expect(weak.status).toBe(400);
    expect(Object.keys(weak.body.error.fields)).toEqual(['newPassword']);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
  });

  it('uses up the flow and its captcha: a wrong captcha is refused, a finished flow cannot change again', async () => {
    const p = await registered();
    const bad = (await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD, captcha: 'zzzz' })).res;
    expect(bad.body.error.code).toBe('captcha.invalid');
    const agent = new Agent(server.url);
    const { res, flowId } = await change(agent, { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    agent.csrf = res.body.csrfToken;
    const again = await agent.call('POST', `/api/flows/login/${flowId}/change-password`, {
      identifier: p.username,
      currentPassword: NEW_PASSWORD,
      newPassword: 'Vb3#nQe7Zt',
      confirmPassword: 'Vb3#nQe7Zt',
      captcha: TEST_CAPTCHA,
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('单位密码修改: an org account changes its own; a person’s account is not found as an org', async () => {
    const registrant = new Agent(server.url);
    const p = await registered();
    expect((await login(registrant, p.username, p.password)).status).toBe(200);
    const org = await registerOrg(registrant, next());
    const asOrg = (await change(new Agent(server.url), { accountKind: 'org', identifier: org.company.uscc, currentPassword: org.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    expect(asOrg.status, JSON.stringify(asOrg.body)).toBe(200);
    expect((await orgLogin(new Agent(server.url), org.username, NEW_PASSWORD)).status).toBe(200);
    const personAsOrg = (await change(new Agent(server.url), { accountKind: 'org', identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    expect(personAsOrg.body.error.code).toBe('auth.invalid_credentials');
  });

  it('counts wrong current passwords toward the login lock', async () => {
    const p = await registered();
    for (let i = 0; i < server.ctx.config.lockout.maxFailures; i++) {
      await change(new Agent(server.url), { identifier: p.username, currentPassword: `Wrong#Pass${i}`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    }
    const locked = (await change(new Agent(server.url), { identifier: p.username, currentPassword: p.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).res;
    expect(locked.body.error.code).toBe('auth.locked');
  });
});
