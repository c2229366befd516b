/**
 * What one full password login costs the database: the statements (BEGIN and COMMIT included) of
 * start flow → captcha → password, counted through the store's query hook. A count, not a timing:
 * a change that adds round trips to the login path fails here. bench/login.ts measures the time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { Agent } from '../helpers/browser.js';
import { companies, registerOrg } from '../helpers/orgs.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { newPhone, registerByPhone, startLogin } from '../helpers/phone.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let statements: string[] = [];
let counting = false;
beforeAll(async () => {
  server = await startServer({}, { onQuery: (sql) => counting && statements.push(sql) });
});
afterAll(async () => {
  await server?.close();
});

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements = [];
  counting = true;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    counting = false;
  }
}

async function registered(): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  return p;
}

/** One full login as the SPA does it; the statements of both requests. */
async function fullLogin(agent: Agent, p: TestPerson) {
  const flow = await counted(() => agent.call('POST', '/api/flows/login', {}));
  expect(flow.result.status).toBe(201);
  expect(flow.result.body.flow.captcha).toMatch(/^data:image\/png;base64,/);
  const login = await counted(() =>
    agent.call('POST', `/api/flows/login/${flow.result.body.flow.id}/password`, { identifier: p.username, password: p.password, captcha: TEST_CAPTCHA }),
  );
  expect(login.result.status, JSON.stringify(login.result.body)).toBe(200);
  agent.csrf = login.result.body.csrfToken;
  return { flow: flow.statements, login: login.statements };
}

// Was 2 + 9 (+1 when the browser had a session) before the login path was folded into CTEs.
// Password: captcha step; lookup with guards and evidence; record + flow step + sessions.
const START_FLOW_STATEMENTS = 1;
const PASSWORD_STATEMENTS = 3;
// SMS code (was 10): captcha step; verified-number lookup; cooldown and failure reads; three OTP
// limits; the code.
const SMS_CODE_STATEMENTS = 8;
// SMS sign-in (was 12: hit; flow; number lookup; guard; code read and use; the account's guard keys
// and their deletion; record; summary; flow step; session): the hit with the flow; the number's
// guard with its account, summary and guard keys; the code read and used up; then the one
// completion statement (lifted locks + history + audit + flow step + old session ended + session).
const SMS_SIGN_IN_STATEMENTS = 5;
// 单位登录 (was 7, then 5): as the person's password step — captcha step; lookup with guards and
// evidence; record + flow step + sessions.
const ORG_PASSWORD_STATEMENTS = 3;

describe('the database cost of one password login', () => {
  it('start flow with its captcha inline, then the password: a bounded number of statements', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    await agent.refreshCsrf();
    const first = await fullLogin(agent, p);
    expect(first.flow, first.flow.join('\n')).toHaveLength(START_FLOW_STATEMENTS);
    expect(first.login.length, first.login.join('\n')).toBeLessThanOrEqual(PASSWORD_STATEMENTS);
    const firstCookie = agent.cookies.get(SESSION_COOKIE);
    // Signing in again from the same browser also ends the session it had: still no more statements.
    const again = await fullLogin(agent, p);
    expect(again.flow, again.flow.join('\n')).toHaveLength(START_FLOW_STATEMENTS);
    expect(again.login.length, again.login.join('\n')).toBeLessThanOrEqual(PASSWORD_STATEMENTS);
    expect(agent.cookies.get(SESSION_COOKIE)).not.toBe(firstCookie);
    const old = new Agent(server.url);
    old.cookies.set(SESSION_COOKIE, firstCookie!);
    expect((await old.call('GET', '/api/session')).status).toBe(401);
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
  });

  it('a refused password costs no more statements than a successful one (its failure counts go with its record); an unknown name only its extra lookups', async () => {
    const p = await registered();
    const attempt = async (identifier: string) => {
      const agent = new Agent(server.url);
      const flow = await agent.call('POST', '/api/flows/login', {});
      const res = await counted(() => agent.call('POST', `/api/flows/login/${flow.body.flow.id}/password`, { identifier, password: 'Wrong#Pass1', captcha: TEST_CAPTCHA }));
      expect(res.result.body.error.code).toBe('auth.invalid_credentials');
      return res.statements;
    };
    // Captcha step, lookup with guards and evidence, failure counts (the name typed, the account) + history + audit (was 4).
    const known = await attempt(p.username);
    expect(known.length, known.join('\n')).toBeLessThanOrEqual(3);
    // An unknown name is also tried as an ID number (one query): the guard of the name came with the first.
    const unknown = await attempt(`nobody${Date.now()}`);
    expect(unknown.length, unknown.join('\n')).toBeLessThanOrEqual(known.length + 1);
  });
});

// The other captcha steps of the login flow take the captcha as the password step does: the
// rate-limit hit, the flow in choose_method and the captcha used up in one statement
// (takeCaptchaStep), where they took three (hit, load, use) before.
describe('the database cost of the other captcha steps of the login flow', () => {
  it('SMS login, asking for a code: a bounded number of statements', async () => {
    server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
    const phone = newPhone();
    expect((await registerByPhone(server, new Agent(server.url), phone)).res.status).toBe(200);
    server.clock.advance(61_000);
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const sent = await counted(() => agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: TEST_CAPTCHA }));
    expect(sent.result.status, JSON.stringify(sent.result.body)).toBe(200);
    expect(sent.statements.length, sent.statements.join('\n')).toBeLessThanOrEqual(SMS_CODE_STATEMENTS);
    expect((await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: server.lastSmsCode(phone) })).status).toBe(200);
  });

  it('SMS login, signing in with the code: a bounded number of statements, completed in one', async () => {
    server.clock.setTo(new Date('2026-11-23T05:00:00Z'));
    const phone = newPhone();
    expect((await registerByPhone(server, new Agent(server.url), phone)).res.status).toBe(200);
    server.clock.advance(61_000);
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    expect((await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: TEST_CAPTCHA })).status).toBe(200);
    const res = await counted(() => agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: server.lastSmsCode(phone) }));
    expect(res.result.status, JSON.stringify(res.result.body)).toBe(200);
    expect(res.result.body.account.kind).toBe('person');
    expect(res.statements.length, res.statements.join('\n')).toBeLessThanOrEqual(SMS_SIGN_IN_STATEMENTS);
    // Everything after the code check is the statement that starts the session.
    const signIn = res.statements.filter((s) => /insert into sessions/i.test(s));
    expect(signIn).toHaveLength(1);
    for (const part of [/update flows/i, /insert into login_events/i, /insert into audit_log/i, /delete from login_guards/i, /update sessions/i]) expect(signIn[0]).toMatch(part);
    expect(res.statements.indexOf(signIn[0]!)).toBe(res.statements.length - 1);
  });

  it('单位登录: a bounded number of statements', async () => {
    const next = await companies(server, 10);
    const person = await registered();
    const agent = new Agent(server.url);
    expect((await login(agent, person.username, person.password)).status).toBe(200);
    const org = await registerOrg(agent, next());
    const browser = new Agent(server.url);
    const flowId = await startLogin(browser);
    const res = await counted(() => browser.call('POST', `/api/flows/login/${flowId}/org-password`, { identifier: org.username, password: org.password, captcha: TEST_CAPTCHA }));
    expect(res.result.status, JSON.stringify(res.result.body)).toBe(200);
    expect(res.result.body.account.kind).toBe('org');
    expect(res.statements.length, res.statements.join('\n')).toBeLessThanOrEqual(ORG_PASSWORD_STATEMENTS);
  });
});

describe('the database cost of 扫码登录 polling', () => {
  // The poll that finds the ticket approved (was 4: the poll; ticket used + flow step + session;
  // then history and audit; the summary): the poll; the one completion statement (ticket used +
  // history + audit + flow step + old session ended + session); the account's summary.
  const QR_APPROVING_POLL_STATEMENTS = 3;

  it('the poll that finds the code approved signs in with a bounded number of statements, the record in its sign-in statement', async () => {
    const p = await registered();
    const phone = new Agent(server.url);
    expect((await login(phone, p.username, p.password)).status).toBe(200);
    const browser = new Agent(server.url);
    const flowId = await startLogin(browser);
    const shown = await browser.call('POST', `/api/flows/login/${flowId}/qr`, {});
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    const ticket = new URL(shown.body.qr.url).pathname.replace('/m/qr/', '');
    expect((await phone.call('POST', '/api/qr/scan', { ticket })).status).toBe(200);
    expect((await phone.call('POST', '/api/qr/confirm', { ticket })).status).toBe(200);
    const poll = await counted(() => browser.call('GET', `/api/flows/login/${flowId}/qr`));
    expect(poll.result.status, JSON.stringify(poll.result.body)).toBe(200);
    expect(poll.result.body).toMatchObject({ state: 'approved', account: { username: p.username } });
    expect(poll.statements.length, poll.statements.join('\n')).toBeLessThanOrEqual(QR_APPROVING_POLL_STATEMENTS);
    // History and audit are written by the statement that starts the session.
    const signIn = poll.statements.filter((s) => /insert into sessions/i.test(s));
    expect(signIn).toHaveLength(1);
    expect(signIn[0]).toMatch(/insert into login_events/i);
    expect(signIn[0]).toMatch(/insert into audit_log/i);
  });

  it('a poll while nothing changed is one statement (the rate-limit hit, the flow and its ticket)', async () => {
    const browser = new Agent(server.url);
    const flowId = await startLogin(browser);
    expect((await browser.call('POST', `/api/flows/login/${flowId}/qr`, {})).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const poll = await counted(() => browser.call('GET', `/api/flows/login/${flowId}/qr`));
      expect(poll.result.body).toEqual({ state: 'pending' });
      expect(poll.statements, poll.statements.join('\n')).toHaveLength(1);
    }
  });
});
