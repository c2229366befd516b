import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function registered(): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  return p;
}

describe('password login', () => {
  it('signs in by username and shows the masked profile', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const res = await login(agent, p.username, p.password);
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ kind: 'person', username: p.username, displayName: p.name, assuranceLevel: 'L2' });
    const session = await agent.call('GET', '/api/session');
    expect(session.status).toBe(200);
    const profile = await agent.call('GET', '/api/account/profile');
    expect(profile.body.profile).toMatchObject({
      username: p.username,
      name: p.name,
      idType: 'resident_id',
      idNumberMasked: `${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`,
      phoneMasked: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`,
      nickname: null,
      emailMasked: null,
      assuranceLevel: 'L2',
    });
  });

  it('gives one answer for an unknown account and a wrong password', async () => {
    const p = await registered();
    const wrong = await login(new Agent(server.url), p.username, 'Wrong#Pass123');
    const unknown = await login(new Agent(server.url), `nobody${Date.now()}`, 'Wrong#Pass123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    expect(wrong.body.error.message).toBe('用户名或密码错误');
  });

  it('checks the password in full, without case folding', async () => {
    const p = await registered();
    expect((await login(new Agent(server.url), p.username, p.password.toUpperCase())).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, `${p.password}x`)).status).toBe(401);
  });

  it('locks after 5 failures for 15 minutes, refusing even the right password, then lets in', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    for (let i = 1; i <= 4; i++) {
      expect((await login(agent, p.username, `Wrong#${i}abc`)).body.error.code).toBe('auth.invalid_credentials');
    }
    const fifth = await login(agent, p.username, 'Wrong#5abc');
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('auth.locked');
    expect(fifth.body.error.message).toBe('登录失败次数过多，账户已暂时锁定，请15分钟后再试');
    // The lock belongs to the name typed, not to the account: the ID number still signs in, so
    // a stranger cannot learn by locking that the two are one account (docs/security.md).
    expect((await login(new Agent(server.url), p.idNumber, p.password)).status).toBe(200);
    server.clock.advanceMinutes(14);
    expect((await login(agent, p.username, p.password)).body.error.code).toBe('auth.locked');
    server.clock.advanceMinutes(2);
    expect((await login(agent, p.username, p.password)).status).toBe(200);
  });

  it('says the configured lock time (SHENFEN_LOCKOUT_MINUTES), in its refusal and in /api/meta (the help pages quote it), and keeps to it', async () => {
    expect((await new Agent(server.url).call('GET', '/api/meta')).body.lockout).toEqual({ maxFailures: 5, lockMinutes: 15 });
    const longer = await startServer({ lockout: { ...server.ctx.config.lockout, lockMinutes: 40 } });
    try {
      expect((await new Agent(longer.url).call('GET', '/api/meta')).body.lockout).toEqual({ maxFailures: 5, lockMinutes: 40 });
      const p = newPerson();
      await register(new Agent(longer.url), p);
      const agent = new Agent(longer.url);
      for (let i = 1; i <= 4; i++) await login(agent, p.username, `Wrong#${i}abc`);
      const fifth = await login(agent, p.username, 'Wrong#5abc');
      expect(fifth.status).toBe(429);
      expect(fifth.body.error).toMatchObject({ code: 'auth.locked', message: '登录失败次数过多，账户已暂时锁定，请40分钟后再试' });
      agent.lang = 'en-US';
      expect((await login(agent, p.username, p.password)).body.error.message).toBe('Too many failed sign-ins; please try again in 40 minutes');
      longer.clock.advanceMinutes(39);
      expect((await login(agent, p.username, p.password)).body.error.code).toBe('auth.locked');
      longer.clock.advanceMinutes(2);
      expect((await login(agent, p.username, p.password)).status).toBe(200);
    } finally {
      await longer.close();
    }
  });

  it('locks an unknown identifier the same way, so a lock reveals nothing', async () => {
    const agent = new Agent(server.url);
    const name = `ghost${Date.now()}`;
    const answers = [];
    for (let i = 1; i <= 6; i++) answers.push((await login(agent, name, `Wrong#${i}abc`)).body.error.code);
    expect(answers).toEqual(['auth.invalid_credentials', 'auth.invalid_credentials', 'auth.invalid_credentials', 'auth.invalid_credentials', 'auth.locked', 'auth.locked']);
  });

  it('resets the failure count after a successful login', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    for (let i = 0; i < 4; i++) await login(agent, p.username, 'Wrong#Pass1');
    expect((await login(agent, p.username, p.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(new Agent(server.url), p.username, 'Wrong#Pass1')).body.error.code).toBe('auth.invalid_credentials');
  });

  it('refuses a wrong captcha before looking at the password, without counting a failure', async () => {
    const p = await registered();
    for (let i = 0; i < 6; i++) {
      const res = await login(new Agent(server.url), p.username, p.password, 'ZZZZ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('captcha.invalid');
    }
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
  });

  it('does not accept a login flow twice', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const flow = await agent.call('POST', '/api/flows/login', {});
    const id = flow.body.flow.id;
    const first = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    expect(first.status).toBe(200);
    await agent.refreshCsrf();
    await agent.call('GET', `/api/flows/${id}/captcha`);
    const again = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    // The flow is finished, and sign-in gave this browser a new binding: either way it is refused.
    expect(again.status).not.toBe(200);
    expect(['flow.wrong_state', 'flow.not_found']).toContain(again.body.error.code);
  });

  it('records every attempt in login history and the audit log', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    await login(agent, p.username, 'Wrong#Pass1', undefined);
    const ok = await login(agent, p.username, p.password);
    expect(ok.status).toBe(200);
    const history = await agent.call('GET', '/api/account/login-history');
    expect(history.status).toBe(200);
    expect(history.body.items.map((i: { result: string }) => i.result)).toEqual(['success', 'failure']);
    expect(history.body.items[0]).toMatchObject({ method: 'password', ip: '127.0.0.1', userAgent: expect.any(String) });
    const audit = await server.ctx.db.selectFrom('audit_log').selectAll().where('event', '=', 'login.password').execute();
    expect(audit.filter((a) => a.result === 'success').length).toBeGreaterThan(0);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(p.password);
    expect(text).not.toContain(p.idNumber);
  });

  it('keeps the audit log append-only', async () => {
    await expect(sql`update audit_log set result = 'success'`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
  });

  it('stores argon2id password hashes with the OWASP parameters', async () => {
    await registered();
    const row = await server.ctx.db.selectFrom('password_credentials').select('hash').limit(1).executeTakeFirstOrThrow();
    expect(row.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

// The password step counts the rate-limit hit, checks the flow and uses up its captcha in one
// statement (takeCaptchaStep): each check must still hold on its own, and a refused step must
// leave the flow's captcha as it was.
describe('the password step checks the flow before it touches the captcha', () => {
  const captchaOf = async (id: string) =>
    (await server.ctx.db.selectFrom('flows').select(['captcha_hash', 'state']).where('id', '=', id).executeTakeFirstOrThrow());

  it("refuses another browser's flow as unknown, and leaves its captcha for the owner", async () => {
    const p = await registered();
    const owner = new Agent(server.url);
    const flow = await owner.call('POST', '/api/flows/login', {});
    const id = flow.body.flow.id;
    const other = await new Agent(server.url).call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('flow.not_found');
    expect((await captchaOf(id)).captcha_hash).not.toBeNull();
    expect((await owner.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' })).status).toBe(200);
  });

  it('refuses an expired flow as expired and a finished one as in the wrong state', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const stale = (await agent.call('POST', '/api/flows/login', {})).body.flow.id;
    server.clock.advanceMinutes(server.ctx.config.flowMinutes + 1);
    const expired = await agent.call('POST', `/api/flows/login/${stale}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    expect(expired.body.error.code).toBe('flow.expired');
    expect((await captchaOf(stale)).captcha_hash).not.toBeNull();
    const done = (await agent.call('POST', '/api/flows/login', {})).body.flow.id;
    await server.ctx.db.updateTable('flows').set({ state: 'completed' }).where('id', '=', done).execute();
    const finished = await agent.call('POST', `/api/flows/login/${done}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    expect(finished.body.error.code).toBe('flow.wrong_state');
    expect((await captchaOf(done)).captcha_hash).not.toBeNull();
  });

  it('uses a captcha once: a right answer replayed on the same flow is refused', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const id = (await agent.call('POST', '/api/flows/login', {})).body.flow.id;
    const wrong = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: 'Wrong#Pass1', captcha: '4AB7' });
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    expect((await captchaOf(id)).captcha_hash).toBeNull();
    const replay = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
    expect(replay.body.error.code).toBe('captcha.invalid');
  });
});

describe('login rate limits per IP', () => {
  it('limits new login flows: past the limit 429 with Retry-After, and no flow is stored nor captcha drawn', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, flowPerIp: { max: 2, windowSeconds: 60 } } });
    try {
      const agent = new Agent(limited.url);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await agent.call('POST', '/api/flows/login', {})).status);
      expect(statuses).toEqual([201, 201, 429]);
      const res = await agent.call('POST', '/api/flows/login', {});
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const { n } = await limited.ctx.db.selectFrom('flows').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n)).toBe(2);
      expect(limited.captchaDraws()).toBe(2);
      limited.clock.advance(61_000);
      expect((await agent.call('POST', '/api/flows/login', {})).status).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it('limits password attempts: past the limit 429 before the flow, captcha or password are looked at', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, loginPerIp: { max: 1, windowSeconds: 60 } } });
    try {
      const p = newPerson();
      await register(new Agent(limited.url), p);
      const agent = new Agent(limited.url);
      expect((await login(agent, p.username, 'Wrong#Pass1')).body.error.code).toBe('auth.invalid_credentials');
      const id = (await agent.call('POST', '/api/flows/login', {})).body.flow.id;
      const res = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
      const flow = await limited.ctx.db.selectFrom('flows').select(['captcha_hash', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(flow).toMatchObject({ state: 'choose_method', captcha_hash: expect.any(String) });
      const attempts = await limited.ctx.db.selectFrom('login_events').select('result').execute();
      expect(attempts.map((a) => a.result)).toEqual(['failure']);
      limited.clock.advance(61_000);
      expect((await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: p.username, password: p.password, captcha: '4AB7' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
