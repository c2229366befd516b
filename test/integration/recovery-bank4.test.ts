import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];

beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
  registry = await seedSandboxRegistry(server.ctx, { count: 80, seed: 43 });
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'Rb5$wQz8Nk';
const used = new Set<string>();
function pick(pred: (r: SandboxPerson) => boolean): SandboxPerson {
  const r = registry.find((x) => !used.has(x.idNumber) && x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && pred(x));
  if (!r) throw new Error('no such sandbox person');
  used.add(r.idNumber);
  return r;
}

/** The registry person as a Shenfen person (with a phone of their own, not the bank's). */
async function registered(entry: SandboxPerson): Promise<TestPerson> {
  const p = { ...newPerson(), name: entry.name, idNumber: entry.idNumber };
  await register(new Agent(server.url), p);
  server.clock.advance(61_000);
  return p;
}

const post = (agent: Agent, id: string, step: string, body: unknown) => agent.call('POST', `/api/flows/recovery/${id}/${step}`, body);

async function atVerify(agent: Agent, identifier: string): Promise<string> {
  const start = await agent.call('POST', '/api/flows/recovery', {});
  const id = start.body.flow.id as string;
  const step1 = await post(agent, id, 'account', { identifier, captcha: TEST_CAPTCHA });
  expect(step1.status, JSON.stringify(step1.body)).toBe(200);
  expect(step1.body.flow.summary.methods).toContain('bank4');
  await agent.call('GET', `/api/flows/${id}/captcha`);
  return id;
}

const sentTo = (phone: string) => server.sms.outbox().filter((m) => m.phone === phone && m.template === 'verification_code').length;

describe('forgot password by bank four-element (银行卡验证)', () => {
  it('card + reserved phone → four elements pass → code to the reserved phone → reset, signed out everywhere; no evidence kept', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r);
    const session = new Agent(server.url);
    expect((await login(session, p.username, p.password)).status).toBe(200);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const sent = await post(agent, id, 'bank4-code', { cardNumber: r.bankCard, phone: r.bankPhone, captcha: TEST_CAPTCHA });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(JSON.stringify(sent.body)).not.toContain(r.bankPhone!.slice(7));
    const ok = await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.flow).toMatchObject({ state: 'reset', summary: { methods: ['security_questions', 'sms', 'bank4'] } });
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).body.flow.state).toBe('completed');
    expect((await session.call('GET', '/api/session')).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    // A recovery check is not real-name evidence, and the card is not kept.
    const acc = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
    expect(await server.ctx.db.selectFrom('person_bank_cards').selectAll().where('account_id', '=', acc.id).execute()).toHaveLength(0);
    expect(await server.ctx.db.selectFrom('evidence').selectAll().where('account_id', '=', acc.id).where('method', '=', 'bank4').execute()).toHaveLength(0);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('event', 'in', ['recovery.bank4_check', 'recovery.verified']).where('subject', '=', acc.id).execute();
    expect(audit.map((a) => `${a.event}:${a.result}`)).toEqual(['recovery.bank4_check:success', 'recovery.verified:success']);
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(r.bankCard!);
    expect(dump).not.toContain(r.bankPhone!);
  });

  it('a wrong card, a phone that is not the reserved one and an unknown account all look alike: nothing sent, one failure message', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const other = pick(() => true);
    const p = await registered(r);
    const tries = [
      { who: p.username, cardNumber: other.bankCard, phone: other.bankPhone }, // someone else's card
      { who: p.username, cardNumber: r.bankCard, phone: '13512345678' }, // not the reserved phone
      { who: `nobody${Date.now()}`, cardNumber: r.bankCard, phone: r.bankPhone }, // unknown account
    ];
    const answers: unknown[] = [];
    for (const t of tries) {
      const agent = new Agent(server.url);
      const id = await atVerify(agent, t.who);
      const before = sentTo(t.phone!);
      const sent = await post(agent, id, 'bank4-code', { cardNumber: t.cardNumber, phone: t.phone, captcha: TEST_CAPTCHA });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(Object.keys(sent.body.sent)).toEqual(['expiresAt', 'resendAfterSeconds']);
      await new Promise((res) => setTimeout(res, 50));
      expect(sentTo(t.phone!)).toBe(before);
      const res = await post(agent, id, 'bank4', { code: '123456' });
      answers.push({ status: res.status, body: res.body });
      server.clock.advance(61_000);
    }
    expect(answers[0]).toEqual({ status: 400, body: { error: expect.objectContaining({ code: expect.stringMatching(/^(otp\.invalid|recovery\.verification_failed)$/) }) } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const outcomes = await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'recovery.bank4_check').where('result', '=', 'failure').execute();
    expect(outcomes.map((o) => (typeof o.detail === 'string' ? JSON.parse(o.detail) : o.detail).outcome)).toEqual(expect.arrayContaining(['mismatch', 'phone_mismatch', 'unknown_account']));
  });

  it('skipping the code does not verify; the code step needs a request first; three checks a flow', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).body.error.code).toBe('flow.wrong_state');
    expect((await post(agent, id, 'bank4', { code: '123456' })).body.error.code).toBe('otp.expired');
    // A code of the ID-number method does not count for this one.
    expect((await post(agent, id, 'sms', { code: '123456' })).body.error.code).toBe('otp.expired');
    expect((await post(agent, id, 'bank4-code', { cardNumber: r.bankCard, phone: r.bankPhone, captcha: 'WRONG' })).body.error.code).toBe('captcha.invalid');
    expect((await post(agent, id, 'bank4-code', { cardNumber: '6222', phone: r.bankPhone, captcha: TEST_CAPTCHA })).status).toBe(400);
    expect((await post(agent, id, 'bank4-code', { cardNumber: r.bankCard, phone: r.bankPhone, captcha: TEST_CAPTCHA, extra: 1 })).body.error.code).toBe('request.invalid');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      await agent.call('GET', `/api/flows/${id}/captcha`);
      const res = await post(agent, id, 'bank4-code', { cardNumber: r.bankCard, phone: '13512345678', captcha: TEST_CAPTCHA });
      codes.push(res.status === 200 ? 'sent' : res.body.error.code);
      server.clock.advance(61_000);
    }
    expect(codes).toEqual(['sent', 'sent', 'sent', 'recovery.too_many_attempts']);
  });
});
