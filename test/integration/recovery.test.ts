import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, SECURITY_ANSWERS, type TestPerson } from '../helpers/people.js';
import { newPhone, PHONE_PASSWORD, registerByPhone } from '../helpers/phone.js';
import { TEST_CAPTCHA, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'Rb5$wQz8Nk';
const ANSWERS = SECURITY_ANSWERS;

async function registered(withQuestions = false): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  if (withQuestions) {
    const agent = new Agent(server.url);
    expect((await login(agent, p.username, p.password)).status).toBe(200);
    expect((await agent.call('POST', '/api/account/reauth/password', { password: p.password })).status).toBe(200);
    expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS })).status).toBe(200);
  }
  // Every test starts outside the SMS cooldown of its numbers.
  server.clock.advance(61_000);
  return p;
}

async function startRecovery(agent: Agent, identifier: string) {
  const start = await agent.call('POST', '/api/flows/recovery', {});
  expect(start.status).toBe(201);
  expect(start.body.flow).toMatchObject({ kind: 'recovery', state: 'account' });
  const id = start.body.flow.id as string;
  const step1 = await agent.call('POST', `/api/flows/recovery/${id}/account`, { identifier, captcha: TEST_CAPTCHA });
  return { id, step1 };
}

const post = (agent: Agent, id: string, step: string, body: unknown) => agent.call('POST', `/api/flows/recovery/${id}/${step}`, body);
const answersFor = (questions: string[], good = true) =>
  questions.map((q) => ({ questionId: q, answer: good ? (ANSWERS.find((a) => a.questionId === q)?.answer ?? 'x') : '不知道' }));

describe('forgot password (忘记密码, four steps)', () => {
  it('by ID number + SMS code: 输入帐户名 → 验证身份 → 重置密码 → 修改完成, signed out everywhere', async () => {
    const p = await registered();
    const session = new Agent(server.url);
    expect((await login(session, p.username, p.password)).status).toBe(200);
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.username);
    expect(step1.status).toBe(200);
    expect(step1.body.flow).toMatchObject({ state: 'verify', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'] } });
    await agent.call('GET', `/api/flows/${id}/captcha`);
    const sent = await post(agent, id, 'sms-code', { idNumber: p.idNumber.toLowerCase(), captcha: TEST_CAPTCHA });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(JSON.stringify(sent.body)).not.toContain(p.phone.slice(7));
    const verified = await post(agent, id, 'sms', { code: server.lastSmsCode(p.phone) });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.flow.state).toBe('reset');
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: 'Other#Pass9' })).body.error.code).toBe('password.mismatch');
    expect((await post(agent, id, 'reset', { password: p.password, confirmPassword: p.password })).body.error.code).toBe('password.reused');
    const done = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.flow.state).toBe('completed');
    // One verification, one reset.
    expect((await post(agent, id, 'reset', { password: 'Zz9#another1', confirmPassword: 'Zz9#another1' })).body.error.code).toBe('flow.wrong_state');
    expect((await session.call('GET', '/api/session')).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    // The owner is told, at the phone on record.
    expect(server.sms.outbox().find((m) => m.phone === p.phone && m.template === 'password_changed')).toBeDefined();
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'detail']).where('event', 'like', 'recovery.%').execute();
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(p.idNumber);
    expect(dump).not.toContain(p.phone);
    expect(await server.ctx.db.selectFrom('audit_log').select('event').where('event', '=', 'account.password_reset').execute()).not.toHaveLength(0);
  });

  it('GET /api/flows/:id shows the step and its summary as the steps do, so a reloaded page resumes', async () => {
    const p = await registered(true);
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.username);
    const view = await agent.call('GET', `/api/flows/${id}`);
    expect(view.status).toBe(200);
    const { captcha: _captcha, ...stepView } = step1.body.flow;
    expect(view.body.flow).toEqual(stepView);
    expect(view.body.flow).toMatchObject({ kind: 'recovery', state: 'verify', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'], questions: ['birthplace', 'primary_school', 'first_employer'] } });
    // Nothing about the account beyond what step 2 already shows.
    expect(JSON.stringify(view.body)).not.toContain(p.username);
    expect(JSON.stringify(view.body)).not.toContain('accountId');
    const ok = await post(agent, id, 'security-questions', { answers: answersFor(view.body.flow.summary.questions) });
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow).toMatchObject({ state: 'reset', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'] } });
    expect(ok.body.flow.state).toBe('reset');
    // Bound to the browser that started it.
    expect((await new Agent(server.url).call('GET', `/api/flows/${id}`)).status).toBe(404);
  });

  it('by security questions, with at most 3 tries per flow', async () => {
    const p = await registered(true);
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.idNumber);
    expect(step1.body.flow.summary.questions).toEqual(['birthplace', 'primary_school', 'first_employer']);
    const wrong = await post(agent, id, 'security-questions', { answers: answersFor(step1.body.flow.summary.questions, false) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'recovery.verification_failed', message: '验证信息不正确，请检查后重试' });
    // Answers are normalised: case, width and spaces do not matter.
    const good = answersFor(step1.body.flow.summary.questions).map((a) => ({ ...a, answer: ` ${a.answer.toUpperCase()} ` }));
    const ok = await post(agent, id, 'security-questions', { answers: good });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.flow.state).toBe('reset');
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);

    const q = await registered(true);
    const b = new Agent(server.url);
    const r = await startRecovery(b, q.username);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await post(b, r.id, 'security-questions', { answers: answersFor(r.step1.body.flow.summary.questions, false) })).body.error.code);
    expect(codes).toEqual(['recovery.verification_failed', 'recovery.verification_failed', 'recovery.too_many_attempts', 'recovery.too_many_attempts']);
    // Even the right answers are refused now, and going back does not reset the count.
    expect((await post(b, r.id, 'security-questions', { answers: answersFor(r.step1.body.flow.summary.questions) })).body.error.code).toBe('recovery.too_many_attempts');
    expect((await post(b, r.id, 'back', {})).body.flow.state).toBe('account');
    await b.call('GET', `/api/flows/${r.id}/captcha`);
    await post(b, r.id, 'account', { identifier: q.username, captcha: TEST_CAPTCHA });
    expect((await post(b, r.id, 'security-questions', { answers: answersFor(r.step1.body.flow.summary.questions) })).body.error.code).toBe('recovery.too_many_attempts');
  });

  it('counts tries sent at once: never more than 3 answers checked per flow', async () => {
    const q = await registered(true);
    const b = new Agent(server.url);
    const r = await startRecovery(b, q.username);
    const wrong = answersFor(r.step1.body.flow.summary.questions, false);
    const burst = await Promise.all(Array.from({ length: 6 }, () => post(b, r.id, 'security-questions', { answers: wrong })));
    // Each either was checked and failed, or lost the race to count and was refused unchecked.
    expect(burst.map((x) => x.body.error?.code).every((c) => ['recovery.verification_failed', 'recovery.too_many_attempts', 'flow.wrong_state'].includes(c))).toBe(true);
    for (let i = 0; i < 3; i++) await post(b, r.id, 'security-questions', { answers: wrong });
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', q.username).executeTakeFirstOrThrow();
    const checked = await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'recovery.verified').where('result', '=', 'failure').where('subject', '=', account.id).execute();
    expect(checked).toHaveLength(3);
    expect((await post(b, r.id, 'security-questions', { answers: answersFor(r.step1.body.flow.summary.questions) })).body.error.code).toBe('recovery.too_many_attempts');
  });

  it('never reveals at step 1 whether the account exists; same failure at step 2', async () => {
    const p = await registered(true);
    const known = new Agent(server.url);
    const unknown = new Agent(server.url);
    const k = await startRecovery(known, p.username);
    const u = await startRecovery(unknown, `nobody${Date.now()}`);
    expect(u.step1.status).toBe(k.step1.status);
    const shape = (b: any) => ({ ...b.flow, id: '', expiresAt: '', summary: { ...b.flow.summary, questions: b.flow.summary.questions.length } });
    expect(shape(u.step1.body)).toEqual(shape(k.step1.body));
    // The unknown account is asked the same three questions each time.
    const again = await startRecovery(new Agent(server.url), 'Nobody-X');
    const again2 = await startRecovery(new Agent(server.url), 'nobody-x');
    expect(again2.step1.body.flow.summary.questions).toEqual(again.step1.body.flow.summary.questions);
    const kw = await post(known, k.id, 'security-questions', { answers: answersFor(k.step1.body.flow.summary.questions, false) });
    const uw = await post(unknown, u.id, 'security-questions', { answers: answersFor(u.step1.body.flow.summary.questions, false) });
    expect(uw.status).toBe(kw.status);
    expect(uw.body).toEqual(kw.body);
    // The SMS way: same answer, nothing sent for the unknown account or a wrong ID number.
    const before = server.sms.outbox().length;
    await known.call('GET', `/api/flows/${k.id}/captcha`);
    await unknown.call('GET', `/api/flows/${u.id}/captcha`);
    const ks = await post(known, k.id, 'sms-code', { idNumber: '110105194912310021', captcha: TEST_CAPTCHA });
    const us = await post(unknown, u.id, 'sms-code', { idNumber: p.idNumber, captcha: TEST_CAPTCHA });
    expect(ks.status).toBe(200);
    expect(us.status).toBe(200);
    expect(Object.keys(us.body.sent)).toEqual(Object.keys(ks.body.sent));
    expect(server.sms.outbox().length).toBe(before);
    const kc = await post(known, k.id, 'sms', { code: '000000' });
    const uc = await post(unknown, u.id, 'sms', { code: '000000' });
    expect(uc.body).toEqual(kc.body);
  });

  it('shows nothing about the account when the flow is read back', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const { id } = await startRecovery(agent, p.username);
    const res = await agent.call('GET', `/api/flows/${id}`);
    expect(res.status).toBe(200);
    // Only what step 2 shows anyway: the methods, and questions (decoys for an unknown account).
    expect(Object.keys(res.body.flow).sort()).toEqual(['expiresAt', 'id', 'kind', 'state', 'summary']);
    expect(Object.keys(res.body.flow.summary).sort()).toEqual(['methods', 'questions']);
    const other = new Agent(server.url);
    const unknown = await startRecovery(other, `nobody${Date.now()}`);
    const back = await other.call('GET', `/api/flows/${unknown.id}`);
    expect(Object.keys(back.body.flow).sort()).toEqual(Object.keys(res.body.flow).sort());
    expect(Object.keys(back.body.flow.summary).sort()).toEqual(['methods', 'questions']);
    expect(back.body.flow.summary.questions).toHaveLength(3);
  });

  it('cannot skip a step', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const start = await agent.call('POST', '/api/flows/recovery', {});
    const id = start.body.flow.id;
    const skip = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('flow.wrong_state');
    expect((await post(agent, id, 'sms', { code: '123456' })).body.error.code).toBe('flow.wrong_state');
    await post(agent, id, 'account', { identifier: p.username, captcha: TEST_CAPTCHA });
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).body.error.code).toBe('flow.wrong_state');
    expect((await post(agent, id, 'account', { identifier: p.username, captcha: TEST_CAPTCHA })).body.error.code).toBe('flow.wrong_state');
    // Another browser cannot use the flow.
    expect((await post(new Agent(server.url), id, 'sms', { code: '123456' })).body.error.code).toBe('flow.not_found');
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
  });

  it('needs the captcha at step 1 and before an SMS; a reused SMS code fails; cooldown holds', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const start = await agent.call('POST', '/api/flows/recovery', {});
    const id = start.body.flow.id;
    expect((await post(agent, id, 'account', { identifier: p.username, captcha: 'ZZZZ' })).body.error.code).toBe('captcha.invalid');
    await agent.call('GET', `/api/flows/${id}/captcha`);
    await post(agent, id, 'account', { identifier: p.username, captcha: TEST_CAPTCHA });
    expect((await post(agent, id, 'sms-code', { idNumber: p.idNumber, captcha: TEST_CAPTCHA })).body.error.code).toBe('captcha.invalid');
    await agent.call('GET', `/api/flows/${id}/captcha`);
    expect((await post(agent, id, 'sms-code', { idNumber: p.idNumber, captcha: TEST_CAPTCHA })).status).toBe(200);
    await agent.call('GET', `/api/flows/${id}/captcha`);
    expect((await post(agent, id, 'sms-code', { idNumber: p.idNumber, captcha: TEST_CAPTCHA })).body.error.code).toBe('otp.cooldown');
    const code = server.lastSmsCode(p.phone);
    const wrong = code === '123456' ? '654321' : '123456';
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await post(agent, id, 'sms', { code: wrong })).body.error.code);
    expect(codes).toEqual(['otp.invalid', 'otp.invalid', 'otp.invalid', 'otp.invalid', 'otp.too_many_attempts', 'otp.too_many_attempts']);
    expect((await post(agent, id, 'sms', { code })).body.error.code).toBe('otp.too_many_attempts');
  });

  it('counts the ID-number code under what was typed, not the phone: an SMS login to that phone right after is not slowed, and the phone is capped silently', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, otpSentToAccountPhone: { max: 1, windowSeconds: 24 * 3600 } } });
    try {
      limited.clock.setTo(new Date('2026-11-23T04:00:00Z'));
      const p = { ...newPerson(), phone: newPhone() };
      await register(new Agent(limited.url), p);
      limited.clock.advance(61_000);
      const ask = async (identifier: string) => {
        const agent = new Agent(limited.url);
        const start = await agent.call('POST', '/api/flows/recovery', {});
        const id = start.body.flow.id as string;
        await agent.call('POST', `/api/flows/recovery/${id}/account`, { identifier, captcha: TEST_CAPTCHA });
        await agent.call('GET', `/api/flows/${id}/captcha`);
        return (await post(agent, id, 'sms-code', { idNumber: p.idNumber, captcha: TEST_CAPTCHA })).status;
      };
      const sent = () => limited.sms.outbox().filter((m) => m.phone === p.phone && m.template === 'verification_code').length;
      expect(await ask(p.username)).toBe(200);
      expect(sent()).toBe(1);
      // Within 60 s: the phone's own cooldown was not touched, so another flow for it goes ahead.
      const other = new Agent(limited.url);
      const flow = (await other.call('POST', '/api/flows/login', {})).body.flow.id;
      expect((await other.call('POST', `/api/flows/login/${flow}/sms-code`, { phone: p.phone, captcha: TEST_CAPTCHA })).status).toBe(200);
      // By the ID number: another stand-in, the same answer — but past the phone's cap nothing more is sent.
      const before = sent();
      expect(await ask(p.idNumber)).toBe(200);
      expect(sent()).toBe(before);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits step 1 per account identifier', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, recoveryPerAccount: { max: 2, windowSeconds: 3600 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const agent = new Agent(limited.url);
        const start = await agent.call('POST', '/api/flows/recovery', {});
        statuses.push((await agent.call('POST', `/api/flows/recovery/${start.body.flow.id}/account`, { identifier: 'SomeOne', captcha: TEST_CAPTCHA })).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('a person registered by phone (no ID yet) recovers by the phone alone, identified by the number', async () => {
    const phone = newPhone();
    expect((await registerByPhone(server, new Agent(server.url), phone)).res.status).toBe(200);
    server.clock.advance(61_000);
    const agent = new Agent(server.url);
    const { id } = await startRecovery(agent, phone);
    await agent.call('GET', `/api/flows/${id}/captcha`);
    expect((await post(agent, id, 'sms-code', { idNumber: '', captcha: TEST_CAPTCHA })).status).toBe(200);
    expect((await post(agent, id, 'sms', { code: server.lastSmsCode(phone) })).body.flow.state).toBe('reset');
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await login(new Agent(server.url), phone, PHONE_PASSWORD)).status).toBe(401);
    expect((await login(new Agent(server.url), phone, NEW_PASSWORD)).status).toBe(200);
  });

  it('lifts a password lock', async () => {
    const p = await registered(true);
    for (let i = 0; i < 5; i++) await login(new Agent(server.url), p.username, 'Wrong#pass1');
    expect((await login(new Agent(server.url), p.username, p.password)).body.error.code).toBe('auth.locked');
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.username);
    await post(agent, id, 'security-questions', { answers: answersFor(step1.body.flow.summary.questions) });
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('after 100 wrong passwords in a row the lock has no end: it says to reset, and the reset lifts it', async () => {
    const p = await registered(true);
    const { maxFailures, lockMinutes, maxConsecutiveFailures } = server.ctx.config.lockout;
    const answers: string[] = [];
    for (let i = 1; i <= maxConsecutiveFailures; i++) {
      answers.push((await login(new Agent(server.url), p.username, 'Wrong#pass1')).body.error.code);
      // Each timed lock is waited out, so every try counts.
      if (i % maxFailures === 0) server.clock.advanceMinutes(lockMinutes + 1);
    }
    expect(answers.at(maxFailures - 1)).toBe('auth.locked');
    // A wrong password is never told of the account's lock (a stranger cannot see it); the right one is.
    expect(answers.at(-1)).toBe('auth.locked');
    server.clock.advanceMinutes(7 * 24 * 60);
    const still = await login(new Agent(server.url), p.username, p.password);
    expect(still.body.error).toMatchObject({ code: 'auth.locked_until_reset', message: '登录失败次数过多，账户已锁定。请通过“忘记密码”重置密码后再登录' });
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.username);
    await post(agent, id, 'security-questions', { answers: answersFor(step1.body.flow.summary.questions) });
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    // 100 argon2id verifications: on a busy 2-core CI machine they can take over vitest's 60 s.
  }, 240_000);

  it('resets once when the last step is sent twice at once', async () => {
    const p = await registered(true);
    const agent = new Agent(server.url);
    const { id, step1 } = await startRecovery(agent, p.username);
    expect((await post(agent, id, 'security-questions', { answers: answersFor(step1.body.flow.summary.questions) })).status).toBe(200);
    const passwords = [NEW_PASSWORD, 'Zz9#another1'];
    const results = await Promise.all(passwords.map((pw) => post(agent, id, 'reset', { password: pw, confirmPassword: pw })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status !== 200)!;
    expect(loser.body.error.code).toBe('flow.wrong_state');
    const winner = passwords[results.findIndex((r) => r.status === 200)]!;
    expect((await login(new Agent(server.url), p.username, winner)).status).toBe(200);
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
    const resets = await server.ctx.db.selectFrom('audit_log').select('id').where('subject', '=', account.id).where('event', '=', 'account.password_reset').execute();
    expect(resets).toHaveLength(1);
  });
});

describe('forgot username (忘记用户名)', () => {
  async function remind(agent: Agent, p: { name: string; idType: string; idNumber: string; phone: string }) {
    const start = await agent.call('POST', '/api/flows/username-reminder', {});
    expect(start.status).toBe(201);
    const id = start.body.flow.id as string;
    const step = await agent.call('POST', `/api/flows/username-reminder/${id}/identity`, { ...p, captcha: TEST_CAPTCHA });
    return { id, step };
  }

  it('sends the username by SMS after the code, never on screen', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const { id, step } = await remind(agent, { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body.flow.state).toBe('code');
    const done = await agent.call('POST', `/api/flows/username-reminder/${id}/code`, { code: server.lastSmsCode(p.phone) });
    expect(done.status).toBe(200);
    expect(done.body.flow.state).toBe('completed');
    expect(JSON.stringify(done.body)).not.toContain(p.username);
    const msg = server.sms.outbox().find((m) => m.phone === p.phone && m.template === 'username_reminder');
    expect(msg?.params.username).toBe(p.username);
  });

  it('answers the same when the details do not match, and sends nothing', async () => {
    const p = await registered();
    const before = server.sms.outbox().length;
    const a = new Agent(server.url);
    const b = new Agent(server.url);
    const good = await remind(a, { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
    const other = newPhone();
    const bad = await remind(b, { name: '王五', idType: p.idType, idNumber: p.idNumber, phone: other });
    expect(bad.step.status).toBe(good.step.status);
    expect({ ...bad.step.body.flow, id: '', expiresAt: '' }).toEqual({ ...good.step.body.flow, id: '', expiresAt: '' });
    expect(Object.keys(bad.step.body.sent)).toEqual(Object.keys(good.step.body.sent));
    expect(server.sms.outbox().length).toBe(before + 1);
    const wrong = await b.call('POST', `/api/flows/username-reminder/${bad.id}/code`, { code: '000000' });
    expect(wrong.body.error.code).toBe('otp.invalid');
    expect(server.sms.outbox().filter((m) => m.template === 'username_reminder' && m.phone === other)).toHaveLength(0);
  });

  it('validates the details and cannot skip the code', async () => {
    const agent = new Agent(server.url);
    const start = await agent.call('POST', '/api/flows/username-reminder', {});
    const id = start.body.flow.id;
    expect((await agent.call('POST', `/api/flows/username-reminder/${id}/code`, { code: '123456' })).body.error.code).toBe('flow.wrong_state');
    const bad = await agent.call('POST', `/api/flows/username-reminder/${id}/identity`, { name: '李四', idType: 'resident_id', idNumber: '4401061960010100', phone: '13900001111', captcha: TEST_CAPTCHA });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toMatch(/^id_number\./);
  });
});
