import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, startRegistration } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const step = (agent: Agent, id: string, name: string, body: unknown) => agent.call('POST', `/api/flows/registration/${id}/${name}`, body);

async function toIdentityStep(agent: Agent, p = newPerson()) {
  const id = await startRegistration(agent);
  const res = await step(agent, id, 'login-info', { username: p.username, password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA });
  expect(res.status).toBe(200);
  return { id, p };
}

describe('person registration flow', () => {
  it('registers a person at level L2 who can then sign in by username or ID number', async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    const s2 = await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(s2.body.flow.state).toBe('agreement');
    expect(s2.body.flow.summary.idNumberMasked).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    expect(s2.body.flow.summary.phoneMasked).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
    expect(JSON.stringify(s2.body)).not.toContain(p.idNumber);
    const s3 = await step(agent, id, 'agreement', { agree: true });
    expect(s3.status).toBe(200);
    expect(s3.body.flow.state).toBe('completed');
    expect(s3.body.account).toEqual({ username: p.username, assuranceLevel: 'L2' });

    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    const byId = await login(new Agent(server.url), p.idNumber.toLowerCase(), p.password);
    expect(byId.status).toBe(200);
    expect(byId.body.account.assuranceLevel).toBe('L2');
  });

  it("answers '用户名已被使用' for a taken username, case-insensitively", async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const id = await startRegistration(agent);
    const res = await step(agent, id, 'login-info', { username: p.username.toUpperCase(), password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('username.taken');
    expect(res.body.error.message).toBe('用户名已被使用');
    expect(res.body.error.fields.username).toBe('用户名已被使用');
  });

  it('refuses a second registration with the same ID number', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const { id } = await toIdentityStep(agent);
    const res = await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('id_number.taken');
  });

  it("each '该证件号码已注册' answer costs a new picture: the next try needs the captcha, and a flow gets five answers", async () => {
    const taken = newPerson();
    await register(new Agent(server.url), taken);
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    const body = { name: p.name, idType: p.idType, idNumber: taken.idNumber, phone: p.phone };
    expect((await step(agent, id, 'identity-info', body)).body.error.code).toBe('id_number.taken');
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.summary.captchaRequired).toBe(true);
    // Without a picture, or with the answer to none, nothing is checked.
    expect((await step(agent, id, 'identity-info', { ...body, idNumber: newPerson().idNumber })).body.error.code).toBe('captcha.invalid');
    expect((await step(agent, id, 'identity-info', { ...body, captcha: TEST_CAPTCHA })).body.error.code).toBe('captcha.invalid');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      await agent.call('GET', `/api/flows/${id}/captcha`);
      codes.push((await step(agent, id, 'identity-info', { ...body, captcha: TEST_CAPTCHA })).body.error.code);
      // The same answer twice: the picture is used up.
      expect((await step(agent, id, 'identity-info', { ...body, captcha: TEST_CAPTCHA })).body.error.code).toBe('captcha.invalid');
    }
    expect(codes).toEqual(['id_number.taken', 'id_number.taken', 'id_number.taken', 'id_number.taken', 'registration.too_many_attempts']);
  });

  it('a free ID number then 上一步 does not buy a free check: step 2 asks for a new picture', async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    expect((await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone })).body.flow.state).toBe('agreement');
    expect((await step(agent, id, 'back', {})).body.flow.summary.captchaRequired).toBe(true);
    expect((await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: newPerson().idNumber, phone: p.phone })).body.error.code).toBe('captcha.invalid');
    await agent.call('GET', `/api/flows/${id}/captcha`);
    expect((await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone, captcha: TEST_CAPTCHA })).body.flow.state).toBe('agreement');
  });

  it('counts each username and ID number typed across flows, taken or free', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, registrationPerIdentifier: { max: 2, windowSeconds: 3600 } } });
    try {
      const p = newPerson();
      const codes: (string | number)[] = [];
      for (let i = 0; i < 3; i++) {
        const agent = new Agent(limited.url);
        const id = await startRegistration(agent);
        const res = await step(agent, id, 'login-info', { username: p.username, password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA });
        codes.push(res.body.error?.code ?? res.status);
      }
      expect(codes).toEqual([200, 200, 'rate_limited']);
    } finally {
      await limited.close();
    }
  });

  it('cannot skip a step', async () => {
    const agent = new Agent(server.url);
    const id = await startRegistration(agent);
    const res = await step(agent, id, 'agreement', { agree: true });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('flow.wrong_state');
    const p = newPerson();
    const skip2 = await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(skip2.body.error.code).toBe('flow.wrong_state');
  });

  it('cannot replay a finished flow', async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect((await step(agent, id, 'agreement', { agree: true })).status).toBe(200);
    const again = await step(agent, id, 'agreement', { agree: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('flow.wrong_state');
    const count = await server.ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', p.username).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("goes back a step with '上一步' and keeps the flow consistent", async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    const back = await step(agent, id, 'back', {});
    expect(back.body.flow.state).toBe('identity_info');
    const back2 = await step(agent, id, 'back', {});
    expect(back2.body.flow.state).toBe('login_info');
    const back3 = await step(agent, id, 'back', {});
    expect(back3.status).toBe(409);
    const read = await agent.call('GET', `/api/flows/${id}`);
    expect(read.body.flow.state).toBe('login_info');
  });

  it('requires the agreement to be ticked', async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    const res = await step(agent, id, 'agreement', { agree: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('agreement.required');
  });

  it('checks the captcha, which is single use', async () => {
    const agent = new Agent(server.url);
    const id = await startRegistration(agent);
    const p = newPerson();
    const body = { username: p.username, password: p.password, confirmPassword: p.password };
    const wrong = await step(agent, id, 'login-info', { ...body, captcha: 'XXXX' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('captcha.invalid');
    // The right answer no longer works: the captcha was used up by the wrong try.
    const reused = await step(agent, id, 'login-info', { ...body, captcha: TEST_CAPTCHA });
    expect(reused.body.error.code).toBe('captcha.invalid');
    await agent.call('GET', `/api/flows/${id}/captcha`);
    expect((await step(agent, id, 'login-info', { ...body, captcha: TEST_CAPTCHA.toLowerCase() })).status).toBe(200);
  });

  it.each([
    ['mismatched confirmation', { confirmPassword: 'Other#Pass99' }, 'password.mismatch'],
    ['a common password', { password: 'password1', confirmPassword: 'password1' }, 'password.common'],
    ['a short password', { password: 'a1b2', confirmPassword: 'a1b2' }, 'password.too_short'],
    ['a username that starts with a digit', { username: '1abc' }, 'username.invalid'],
  ])('refuses %s', async (_name, change, code) => {
    const agent = new Agent(server.url);
    const id = await startRegistration(agent);
    const p = newPerson();
    const res = await step(agent, id, 'login-info', { username: p.username, password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA, ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });

  it('refuses a password containing the username', async () => {
    const agent = new Agent(server.url);
    const id = await startRegistration(agent);
    const res = await step(agent, id, 'login-info', { username: 'wangwu88', password: 'wangwu88Xy', confirmPassword: 'wangwu88Xy', captcha: TEST_CAPTCHA });
    expect(res.body.error.code).toBe('password.contains_context');
  });

  it.each([
    ['a wrong check digit', { idNumber: '110105194912310021' }, 'id_number.checksum', 'idNumber'],
    ['an impossible birth date', { idNumber: '110105194902300023' }, 'id_number.birth_date', 'idNumber'],
    ['a bad phone', { phone: '12345' }, 'phone.invalid', 'phone'],
    ['an unknown ID type', { idType: 'passport' }, 'id_type.invalid', 'idType'],
    ['an empty name', { name: ' ' }, 'name.invalid', 'name'],
  ])('refuses identity info with %s', async (_n, change, code, field) => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    const res = await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone, ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.fields[field]).toBeTruthy();
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.state).toBe('identity_info');
  });

  it('expires an unfinished flow', async () => {
    const agent = new Agent(server.url);
    const { id, p } = await toIdentityStep(agent);
    server.clock.advanceMinutes(31);
    const res = await step(agent, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('flow.expired');
  });

  it("does not let another browser continue someone's flow", async () => {
    const { id, p } = await toIdentityStep(new Agent(server.url));
    const other = new Agent(server.url);
    const res = await step(other, id, 'identity-info', { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('flow.not_found');
  });

  it('answers in English when asked', async () => {
    const agent = new Agent(server.url);
    agent.lang = 'en-US';
    const id = await startRegistration(agent);
    const res = await step(agent, id, 'agreement', { agree: true });
    expect(res.body.error.message).toBe('Please complete the steps in order');
  });

  it('keeps ID numbers and phones encrypted at rest', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const dump = await sql<{ t: string }>`select (p.*)::text as t from persons p`.execute(server.ctx.db);
    const flows = await sql<{ t: string }>`select (f.*)::text as t from flows f`.execute(server.ctx.db);
    const all = [...dump.rows, ...flows.rows].map((r) => r.t).join('\n');
    expect(all).toContain(p.name);
    expect(all).not.toContain(p.idNumber);
    expect(all).not.toContain(p.phone);
    expect(all).not.toContain(p.idNumber.slice(6, 14));
  });
});
