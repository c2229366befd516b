/**
 * Login throttling that strangers cannot use against the owner (SECURITY.md; NIST SP 800-63B-4
 * §3.2.2; docs/security.md): a lock belongs to the identifier typed, so it links nothing; the
 * owner's other way in lifts it; the 100-failure lock of the account shows only to the owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { newPhone, startLogin } from '../helpers/phone.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

/** A person with a verified phone (SMS login works). */
async function person(): Promise<TestPerson> {
  const p = { ...newPerson(), phone: newPhone() };
  await register(new Agent(server.url), p);
  await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('account_id', '=', await accountIdOf(server, p.username)).execute();
  server.clock.advance(61_000);
  return p;
}

const failTimes = async (identifier: string, n: number) => {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) codes.push((await login(new Agent(server.url), identifier, 'Wrong#pass1')).body.error.code);
  return codes;
};

async function smsLogin(phone: string, code?: string) {
  const agent = new Agent(server.url);
  const flowId = await startLogin(agent);
  expect((await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: TEST_CAPTCHA })).status).toBe(200);
  server.clock.advance(61_000);
  return agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: code ?? server.lastSmsCode(phone) });
}

describe('login locks', () => {
  it('five wrong passwords by username lock the username only: the ID number and phone still sign in', async () => {
    const p = await person();
    expect((await failTimes(p.username, 5)).at(-1)).toBe('auth.locked');
    expect((await login(new Agent(server.url), p.username, p.password)).body.error.code).toBe('auth.locked');
    expect((await login(new Agent(server.url), p.idNumber, p.password)).status).toBe(200);
    expect((await login(new Agent(server.url), p.phone, p.password)).status).toBe(200);
  });

  it('an SMS login lifts the password locks of the account (the owner’s phone is their way in)', async () => {
    const p = await person();
    await failTimes(p.username, 5);
    await failTimes(p.idNumber, 5);
    expect((await login(new Agent(server.url), p.username, p.password)).body.error.code).toBe('auth.locked');
    expect((await smsLogin(p.phone)).status).toBe(200);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    expect((await login(new Agent(server.url), p.idNumber, p.password)).status).toBe(200);
  });

  it('a password login lifts the SMS lock of the account’s phone', async () => {
    const p = await person();
    const agent = new Agent(server.url);
    const flowId = await startLogin(agent);
    await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone: p.phone, captcha: TEST_CAPTCHA });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone: p.phone, code: '000000' })).body.error.code);
    expect(codes.at(-1)).toBe('auth.locked');
    server.clock.advance(61_000);
    expect((await smsLogin(p.phone)).body.error.code).toBe('auth.locked');
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    expect((await smsLogin(p.phone)).status).toBe(200);
  });

  it('100 wrong passwords in a row, by any identifier, stop the password until the owner lifts it; only the right password is told', async () => {
    const p = await person();
    const { maxFailures, lockMinutes, maxConsecutiveFailures } = server.ctx.config.lockout;
    const identifiers = [p.username, p.idNumber, p.phone];
    const answers: string[] = [];
    for (let i = 0; i < maxConsecutiveFailures; i++) {
      answers.push(...(await failTimes(identifiers[Math.floor(i / maxFailures) % 3]!, 1)));
      // Each identifier's timed lock is waited out, so every try counts.
      if ((i + 1) % (maxFailures * 3) === 0) server.clock.advanceMinutes(lockMinutes + 1);
    }
    expect(answers).not.toContain('auth.locked_until_reset');
    server.clock.advanceMinutes(lockMinutes + 1);
    // A stranger's wrong password hears what it hears for any name.
    expect((await failTimes(`${p.username}`, 1))[0]).toBe('auth.invalid_credentials');
    expect((await failTimes(`nobody${Date.now()}`, 1))[0]).toBe('auth.invalid_credentials');
    const right = await login(new Agent(server.url), p.idNumber, p.password);
    expect(right.body.error).toMatchObject({ code: 'auth.locked_until_reset', message: '登录失败次数过多，账户已锁定。请通过“忘记密码”重置密码后再登录' });
    server.clock.advanceMinutes(7 * 24 * 60);
    expect((await login(new Agent(server.url), p.username, p.password)).body.error.code).toBe('auth.locked_until_reset');
    // The owner's phone lifts it.
    expect((await smsLogin(p.phone)).status).toBe(200);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    // 100 argon2id verifications: on a busy 2-core CI machine they can take over vitest's 60 s.
  }, 240_000);
});
