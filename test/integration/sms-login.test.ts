import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { newPhone, registerByPhone, startLogin } from '../helpers/phone.js';
import { expectLimitedBeforeCaptcha, expectWrongCaptchaUsedUp, type CaptchaStep } from '../helpers/captcha.js';
import { TEST_CAPTCHA, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

async function registeredPhone(): Promise<string> {
  const phone = newPhone();
  const { res } = await registerByPhone(server, new Agent(server.url), phone);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  server.clock.advance(61_000);
  return phone;
}

async function askCode(agent: Agent, flowId: string, phone: string) {
  return agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: TEST_CAPTCHA });
}

describe('SMS login (短信登录)', () => {
  it('is offered as a person login method', async () => {
    const meta = await new Agent(server.url).call('GET', '/api/meta');
    // 数字证书登录 (issue 15) is registered too; the login page shows the methods it has pages for.
    expect(meta.body.loginMethods.person).toEqual(['password', 'sms', 'qr', 'cert']);
  });

  it('signs in with the code sent to a verified phone, records method sms in history and audit', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const sent = await askCode(agent, flowId, phone);
    expect(sent.status).toBe(200);
    expect(sent.body.sent.resendAfterSeconds).toBe(60);
    const res = await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: server.lastSmsCode(phone) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ kind: 'person', displayName: '小王', assuranceLevel: 'L1' });
    agent.csrf = res.body.csrfToken;
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
    const history = await agent.call('GET', '/api/account/login-history');
    expect(history.body.items[0]).toMatchObject({ method: 'sms', result: 'success' });
    const row = await server.ctx.db.selectFrom('sessions').select('auth_methods').where('account_id', '=', res.body.account.id).where('ended_at', 'is', null).executeTakeFirstOrThrow();
    expect(row.auth_methods).toEqual(['sms']);
    const audits = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('actor', '=', res.body.account.id).where('event', '=', 'login.sms').execute();
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(phone);
  });

  it('answers the same for an unknown number and sends nothing', async () => {
    const known = await registeredPhone();
    const unknown = newPhone();
    const a = new Agent(server.url);
    const b = new Agent(server.url);
    const before = server.sms.outbox().length;
    const r1 = await askCode(a, await startLogin(a), known);
    const r2 = await askCode(b, await startLogin(b), unknown);
    expect(r2.status).toBe(r1.status);
    expect(Object.keys(r2.body.sent)).toEqual(Object.keys(r1.body.sent));
    expect(r2.body.sent.resendAfterSeconds).toBe(r1.body.sent.resendAfterSeconds);
    expect(server.sms.outbox().length).toBe(before + 1);
    expect(server.sms.outbox()[0]!.phone).toBe(known);
  });

  it('does not sign in by an unverified phone (registered by username)', async () => {
    const { newPerson, register } = await import('../helpers/people.js');
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const before = server.sms.outbox().length;
    expect((await askCode(agent, flowId, p.phone)).status).toBe(200);
    expect(server.sms.outbox().length).toBe(before);
    const res = await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone: p.phone, code: '000000' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('otp.invalid');
  });

  it('neither sends to nor signs in a suspended account', async () => {
    const phone = await registeredPhone();
    const hash = server.ctx.vault.lookupHash('phone', phone);
    const person = await server.ctx.db.selectFrom('persons').select('account_id').where('phone_hash', '=', hash).executeTakeFirstOrThrow();
    await server.ctx.db.updateTable('accounts').set({ status: 'suspended' }).where('id', '=', person.account_id).execute();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const before = server.sms.outbox().length;
    expect((await askCode(agent, flowId, phone)).status).toBe(200);
    expect(server.sms.outbox().length).toBe(before);
    expect((await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: '000000' })).body.error.code).toBe('otp.invalid');
  });

  it('refuses a reused code, a code of another flow, and a resend inside the cooldown', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    await askCode(agent, flowId, phone);
    const code = server.lastSmsCode(phone);
    // The captcha is single use: a second ask needs a new one, and the cooldown holds anyway.
    await agent.call('GET', `/api/flows/${flowId}/captcha`);
    const again = await askCode(agent, flowId, phone);
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('otp.cooldown');
    const other = new Agent(server.url);
    const otherFlow = await startLogin(other);
    const foreign = await other.call('POST', `/api/flows/login/${otherFlow}/sms`, { phone, code });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('otp.expired');
    expect((await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code })).status).toBe(200);
    const reuse = new Agent(server.url);
    const reuseFlow = await startLogin(reuse);
    expect((await reuse.call('POST', `/api/flows/login/${reuseFlow}/sms`, { phone, code })).body.error.code).toBe('otp.expired');
  });

  it('needs the image captcha before a code is sent', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    const res = await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: 'XXXX' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('captcha.invalid');
    const missing = await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('captcha.required');
  });

  const codeStep = async (agent: Agent, phone: string): Promise<CaptchaStep> => ({
    agent,
    path: (id) => `/api/flows/login/${id}/sms-code`,
    flowId: await startLogin(agent),
    form: { phone, captcha: TEST_CAPTCHA },
    state: 'choose_method',
  });

  it('uses up the captcha whatever the answer: after a wrong one the right one is refused too, and no code is sent', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const step = await codeStep(agent, phone);
    const before = server.sms.outbox().length;
    await expectWrongCaptchaUsedUp(server, step);
    expect(server.sms.outbox().length).toBe(before);
    // A new picture for the same flow, and the code goes out.
    expect((await agent.call('GET', `/api/flows/${step.flowId}/captcha`)).status).toBe(200);
    expect((await askCode(agent, step.flowId, phone)).status).toBe(200);
    expect(server.sms.outbox().length).toBe(before + 1);
  });

  it('past the per-IP login limit: 429 before the flow or its captcha are looked at, and no code is sent', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const step = await codeStep(agent, phone);
    const before = server.sms.outbox().length;
    await expectLimitedBeforeCaptcha(server, step, 'loginPerIp');
    expect(server.sms.outbox().length).toBe(before);
    // The captcha was kept: the same answer works once the window is clear.
    expect((await askCode(agent, step.flowId, phone)).status).toBe(200);
    expect(server.sms.outbox().length).toBe(before + 1);
  });

  it('locks SMS login for the number after 5 wrong codes; the 6th try is refused even with the right code', async () => {
    const phone = await registeredPhone();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    await askCode(agent, flowId, phone);
    const code = server.lastSmsCode(phone);
    const wrong = code === '123456' ? '654321' : '123456';
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: wrong })).body.error.code);
    expect(codes).toEqual(['otp.invalid', 'otp.invalid', 'otp.invalid', 'otp.invalid', 'auth.locked']);
    const sixth = await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'auth.locked', message: '登录失败次数过多，账户已暂时锁定，请15分钟后再试' });
    // A new code in a new flow does not help during the lock.
    server.clock.advance(61_000);
    const other = new Agent(server.url);
    const f2 = await startLogin(other);
    await askCode(other, f2, phone);
    expect((await other.call('POST', `/api/flows/login/${f2}/sms`, { phone, code: server.lastSmsCode(phone) })).body.error.code).toBe('auth.locked');
    server.clock.advanceMinutes(16);
    const later = new Agent(server.url);
    const f3 = await startLogin(later);
    await askCode(later, f3, phone);
    expect((await later.call('POST', `/api/flows/login/${f3}/sms`, { phone, code: server.lastSmsCode(phone) })).status).toBe(200);
  });

  it('caps codes per number a day', async () => {
    const capped = await startServer({ limits: { ...server.ctx.config.limits, otpPerDestination: { max: 2, windowSeconds: 24 * 3600 } } });
    try {
      capped.clock.setTo(new Date('2026-11-23T04:00:00Z'));
      const phone = newPhone();
      const statuses: string[] = [];
      for (let i = 0; i < 3; i++) {
        const agent = new Agent(capped.url);
        const flowId = await startLogin(agent);
        const res = await askCode(agent, flowId, phone);
        statuses.push(res.status === 200 ? 'ok' : res.body.error.code);
        capped.clock.advance(61_000);
      }
      expect(statuses).toEqual(['ok', 'ok', 'otp.daily_limit']);
    } finally {
      await capped.close();
    }
  });

  it('signs in with the phone number as login name and the password', async () => {
    const phone = await registeredPhone();
    const { login } = await import('../helpers/people.js');
    const res = await login(new Agent(server.url), phone, 'Kx7#pRw2Vq');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account.displayName).toBe('小王');
  });
});
