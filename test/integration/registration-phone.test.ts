import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { newPerson, register } from '../helpers/people.js';
import { newPhone, PHONE_PASSWORD, registerByPhone } from '../helpers/phone.js';
import { TEST_CAPTCHA, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: Awaited<ReturnType<typeof seedSandboxRegistry>>;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
  registry = await seedSandboxRegistry(server.ctx, { count: 10, seed: 11 });
});
afterAll(async () => {
  await server?.close();
});

async function start(agent: Agent): Promise<string> {
  const res = await agent.call('POST', '/api/flows/registration-phone', {});
  expect(res.status).toBe(201);
  expect(res.body.flow).toMatchObject({ kind: 'registration_phone', state: 'login_info' });
  return res.body.flow.id;
}

const submit = (agent: Agent, id: string, body: Record<string, unknown>) => agent.call('POST', `/api/flows/registration-phone/${id}/submit`, body);

describe('registration by phone (seed 002 §2.1)', () => {
  it('is offered next to username registration in /api/meta', async () => {
    const meta = await new Agent(server.url).call('GET', '/api/meta');
    expect(meta.body.registration).toMatchObject({ person: true, personStyles: ['username', 'phone'] });
  });

  it('registers with a verified phone, signs in, has no ID yet, and leads to ID real-name', async () => {
    const phone = newPhone();
    const agent = new Agent(server.url);
    const { res } = await registerByPhone(server, agent, phone, '老张');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ flow: { state: 'completed' }, account: { kind: 'person', displayName: '老张', assuranceLevel: 'L1' }, next: '/account/real-name' });
    agent.csrf = res.body.csrfToken;
    const profile = await agent.call('GET', '/api/account/profile');
    expect(profile.status).toBe(200);
    expect(profile.body.profile).toMatchObject({ name: null, idType: null, idNumberMasked: null, phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`, phoneVerified: true });
    // The nickname given here is the account centre's nickname.
    expect((await agent.call('GET', '/api/account/settings')).body.settings.nickname).toBe('老张');
    const person = await server.ctx.db.selectFrom('persons').selectAll().where('account_id', '=', res.body.account.id).executeTakeFirstOrThrow();
    expect(person.phone_enc).not.toContain(phone);
    expect(person.phone_verified_at).not.toBeNull();
    const account = await server.ctx.db.selectFrom('accounts').select('username').where('id', '=', res.body.account.id).executeTakeFirstOrThrow();
    expect(account.username).not.toContain(phone);
    // 第三步: ID real-name records the identity on the person and raises the level.
    const methods = await agent.call('GET', '/api/account/real-name');
    expect(methods.body.methods.find((m: { id: string }) => m.id === 'id_card')).toMatchObject({ applicable: true });
    const who = registry.find((r) => r.status === 'alive' && r.idType === 'resident_id')!;
    const verify = await agent.call('POST', '/api/account/real-name/id_card', { name: who.name, idNumber: who.idNumber });
    expect(verify.status, JSON.stringify(verify.body)).toBe(200);
    expect(verify.body.assuranceLevel).toBe('L3');
    const after = await agent.call('GET', '/api/account/profile');
    expect(after.body.profile).toMatchObject({ name: who.name, idType: 'resident_id' });
    expect(after.body.profile.idNumberMasked).toMatch(/\*{4,}/);
    // The ID number now signs in too.
    const { login } = await import('../helpers/people.js');
    expect((await login(new Agent(server.url), who.idNumber, PHONE_PASSWORD)).status).toBe(200);
  });

  it('refuses a real-name ID already registered on another account', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const { res } = await registerByPhone(server, agent, newPhone());
    agent.csrf = res.body.csrfToken;
    const verify = await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber });
    expect(verify.status).toBe(409);
    expect(verify.body.error.code).toBe('id_number.taken');
  });

  it('sends the code to an already registered number too, and only says so after the right code', async () => {
    const phone = newPhone();
    expect((await registerByPhone(server, new Agent(server.url), phone)).res.status).toBe(200);
    server.clock.advance(61_000);
    const agent = new Agent(server.url);
    const id = await start(agent);
    const sent = await agent.call('POST', `/api/flows/registration-phone/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA });
    expect(sent.status).toBe(200);
    const body = { phone, nickname: '另一个', password: PHONE_PASSWORD, confirmPassword: PHONE_PASSWORD, agree: true };
    const wrong = await submit(agent, id, { ...body, code: server.lastSmsCode(phone) === '111111' ? '222222' : '111111' });
    expect(wrong.body.error.code).toBe('otp.invalid');
    const taken = await submit(agent, id, { ...body, code: server.lastSmsCode(phone) });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'phone.registered', message: '该手机号无法注册，请直接登录或找回密码' });
    expect(await server.ctx.db.selectFrom('persons').select('account_id').where('phone_hash', '=', server.ctx.vault.lookupHash('phone', phone)).execute()).toHaveLength(1);
  });

  it('answers phone.registered, not a 500, when the number is verified on another account between the code check and the write', async () => {
    const phone = newPhone();
    const phoneHash = server.ctx.vault.lookupHash('phone', phone);
    // Another person declared this number at username registration (unverified: that may repeat).
    const other = newPerson();
    await register(new Agent(server.url), { ...other, phone });
    const agent = new Agent(server.url);
    const id = await start(agent);
    expect((await agent.call('POST', `/api/flows/registration-phone/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA })).status).toBe(200);
    // The password is hashed after the code was checked and before the account is written: the
    // other person proves the number just then.
    const passwords = server.ctx.passwords;
    const hash = passwords.hash.bind(passwords);
    passwords.hash = async (pw: string) => {
      passwords.hash = hash;
      await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('phone_hash', '=', phoneHash).execute();
      return hash(pw);
    };
    try {
      const res = await submit(agent, id, { phone, nickname: '抢注', password: PHONE_PASSWORD, confirmPassword: PHONE_PASSWORD, code: server.lastSmsCode(phone), agree: true });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'phone.registered', message: '该手机号无法注册，请直接登录或找回密码' });
    } finally {
      passwords.hash = hash;
    }
    const holders = await server.ctx.db.selectFrom('persons').select('account_id').where('phone_hash', '=', phoneHash).execute();
    expect(holders).toHaveLength(1);
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.state).toBe('login_info');
    const failure = await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'person.registered').where('result', '=', 'failure').execute();
    expect(failure.map((f) => f.detail)).toContainEqual(expect.objectContaining({ reason: 'phone_taken' }));
  });

  it('GET /api/flows/:id shows a phone registration flow like its steps (to resume after a reload)', async () => {
    const agent = new Agent(server.url);
    const id = await start(agent);
    const view = await agent.call('GET', `/api/flows/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.flow).toEqual({ id, kind: 'registration_phone', state: 'login_info', expiresAt: expect.any(String) });
  });

  it('checks the agreement, nickname, passwords and code before creating anything', async () => {
    const phone = newPhone();
    const agent = new Agent(server.url);
    const id = await start(agent);
    await agent.call('POST', `/api/flows/registration-phone/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA });
    const code = server.lastSmsCode(phone);
    const ok = { phone, nickname: '小李', password: PHONE_PASSWORD, confirmPassword: PHONE_PASSWORD, code, agree: true };
    expect((await submit(agent, id, { ...ok, agree: false })).body.error.code).toBe('agreement.required');
    // The account centre's rule: trimmed, 1–20 characters, no symbols, starting with a letter or digit.
    for (const nickname of ['', '   ', '<script>', '_小李', 'x'.repeat(21), 42]) {
      const bad = await submit(agent, id, { ...ok, nickname });
      expect(bad.body.error, String(nickname)).toMatchObject({ code: 'nickname.invalid', fields: { nickname: '昵称须为1-20个字符，不能包含特殊符号' } });
    }
    expect((await submit(agent, id, { ...ok, confirmPassword: 'Other#123x' })).body.error.code).toBe('password.mismatch');
    expect((await submit(agent, id, { ...ok, password: 'abc', confirmPassword: 'abc' })).body.error.code).toBe('password.too_short');
    expect((await submit(agent, id, { ...ok, phone: '12345' })).body.error.code).toBe('phone.invalid');
    expect((await submit(agent, id, { ...ok, extra: 1 })).body.error.code).toBe('request.invalid');
    // None of those used up the code.
    const res = await submit(agent, id, ok);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The flow is done, and sign-in rotated the browser binding: it cannot be submitted again.
    agent.csrf = res.body.csrfToken;
    expect((await submit(agent, id, ok)).body.error.code).toBe('flow.not_found');
    const row = await server.ctx.db.selectFrom('flows').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state).toBe('completed');
  });

  it('refuses a code asked for another number, and a code of another flow', async () => {
    const phone = newPhone();
    const other = newPhone();
    const agent = new Agent(server.url);
    const id = await start(agent);
    await agent.call('POST', `/api/flows/registration-phone/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA });
    const body = { nickname: '小赵', password: PHONE_PASSWORD, confirmPassword: PHONE_PASSWORD, agree: true };
    expect((await submit(agent, id, { ...body, phone: other, code: server.lastSmsCode(phone) })).body.error.code).toBe('otp.expired');
    const second = new Agent(server.url);
    const id2 = await start(second);
    expect((await submit(second, id2, { ...body, phone, code: server.lastSmsCode(phone) })).body.error.code).toBe('otp.expired');
  });

  it('can be switched off: SHENFEN_REGISTRATION_STYLES=username', async () => {
    const only = await startServer({ registrationStyles: ['username'] });
    try {
      const agent = new Agent(only.url);
      expect((await agent.call('GET', '/api/meta')).body.registration.personStyles).toEqual(['username']);
      const res = await agent.call('POST', '/api/flows/registration-phone', {});
      expect(res.status).toBe(404);
    } finally {
      await only.close();
    }
  });
});
