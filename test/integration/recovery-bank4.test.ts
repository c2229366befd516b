import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { HASH_KIND } from '../../src/accounts/accounts.js';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { maskName, maskPhone } from '../../src/domain/index.js';
import { recordEvidence } from '../../src/methods/realname/evidence.js';
import { errorCatalog } from '../../src/shared/errors.js';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startLogin } from '../helpers/phone.js';
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

/** The registry person as a Shenfen person (with a phone of their own, not the bank's; under another name with `name`). */
async function registered(entry: SandboxPerson, opts: { name?: string; phone?: string; verifiedPhone?: boolean } = {}, on: TestServer = server): Promise<TestPerson & { accountId: string }> {
  const p = { ...newPerson(), name: opts.name ?? entry.name, idNumber: entry.idNumber, ...(opts.phone ? { phone: opts.phone } : {}) };
  await register(new Agent(on.url), p);
  on.clock.advance(61_000);
  const accountId = await accountIdOf(on, p.username);
  if (opts.verifiedPhone) await verifyPhone(accountId, on);
  return { ...p, accountId };
}

/** Marks the registered phone as proven (the account-centre tests' shortcut for 手机绑定). */
const verifyPhone = (accountId: string, on: TestServer = server) => on.ctx.db.updateTable('persons').set({ phone_verified_at: on.clock.now() }).where('account_id', '=', accountId).execute();

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

type Typed = { name?: string; cardNumber?: string | null; phone?: string | null };
const bankBody = (r: SandboxPerson, typed: Typed) => ({ name: typed.name ?? r.name, cardNumber: typed.cardNumber ?? r.bankCard, phone: typed.phone ?? r.bankPhone, captcha: TEST_CAPTCHA });

/** 姓名, 银行卡号, 银行预留手机号 as typed (the registry person's by default) and the picture code; then the bank check the answer did not wait for. */
async function bankStep(agent: Agent, id: string, r: SandboxPerson, typed: Typed = {}) {
  const res = await post(agent, id, 'bank4-code', bankBody(r, typed));
  await server.settled();
  return res;
}

/**
 * Puts a bank authority before the sandbox's that answers only when the test says so (or fails,
 * with `fail`). Released and taken away when the test ends, whatever its end, so the server's close
 * (which waits for background work) is never held up by a test that failed.
 */
function heldBank(on: TestServer) {
  const sandbox = on.ctx.realName;
  let release!: (fail?: Error) => void;
  const gate = new Promise<Error | undefined>((resolve) => (release = resolve));
  let reached!: () => void;
  const asked = new Promise<void>((resolve) => (reached = resolve));
  const held = {
    ...sandbox,
    bankCard: {
      async checkFourElements(input: Parameters<typeof sandbox.bankCard.checkFourElements>[0]) {
        reached();
        const fail = await gate;
        if (fail) throw fail;
        return sandbox.bankCard.checkFourElements(input);
      },
    },
  };
  on.ctx.realName = held;
  const restore = () => {
    release();
    if (on.ctx.realName === held) on.ctx.realName = sandbox;
  };
  onTestFinished(restore);
  /** `asked` resolves once the authority has the question (and is holding its answer). */
  return { asked, release, restore };
}

/** Through the bank step and its code: the flow at 重置密码. */
async function atReset(agent: Agent, identifier: string, r: SandboxPerson) {
  const id = await atVerify(agent, identifier);
  const sent = await bankStep(agent, id, r);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const ok = await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  expect(ok.body.flow.state).toBe('reset');
  return { id, flow: ok.body.flow };
}

const person = (accountId: string) =>
  server.ctx.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.id', 'persons.account_id')
    .select(['persons.name', 'accounts.display_name', 'persons.phone_enc', 'persons.phone_hash', 'persons.phone_verified_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();

const evidenceOf = (accountId: string) => server.ctx.db.selectFrom('evidence').select(['method', 'result', 'source', 'revoked_at']).where('account_id', '=', accountId).orderBy('verified_at').execute();

const notices = (phone: string, template: string) => server.sms.outbox().filter((m) => m.phone === phone && m.template === template);

async function smsLogin(phone: string) {
  // Past the number's cooldown since the recovery code.
  server.clock.advance(61_000);
  const agent = new Agent(server.url);
  const flowId = await startLogin(agent);
  const sent = await agent.call('POST', `/api/flows/login/${flowId}/sms-code`, { phone, captcha: TEST_CAPTCHA });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return agent.call('POST', `/api/flows/login/${flowId}/sms`, { phone, code: server.lastSmsCode(phone) });
}

const message = (code: keyof typeof errorCatalog) => errorCatalog[code].message['zh-CN'];

const sentTo = (phone: string) => server.sms.outbox().filter((m) => m.phone === phone && m.template === 'verification_code').length;

describe('forgot password by bank four-element (银行卡验证)', () => {
  it('name + card + reserved phone → four elements pass → code to the reserved phone, never the one on record → reset; the account takes the bank-verified name and phone', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r, { name: '王旧名', verifiedPhone: true });
    // What vouched for the old name and the old number.
    for (const method of ['telecom3', 'id_card']) {
      await recordEvidence(server.ctx, { accountId: p.accountId, method, source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    }
    const session = new Agent(server.url);
    expect((await login(session, p.username, p.password)).status).toBe(200);
    expect((await session.call('GET', '/api/account/real-name')).body.assuranceLevel).toBe('L3');

    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const codesToOld = notices(p.phone, 'verification_code').length;
    const sent = await bankStep(agent, id, r);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(JSON.stringify(sent.body)).not.toContain(r.bankPhone!.slice(7));
    expect(notices(p.phone, 'verification_code')).toHaveLength(codesToOld);
    // Before the reset, the page is told what the reset will change (masked).
    const bankIdentity = { nameMasked: maskName(r.name), phoneMasked: maskPhone(r.bankPhone!) };
    const verifiedStep = await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) });
    expect(verifiedStep.status, JSON.stringify(verifiedStep.body)).toBe(200);
    expect(verifiedStep.body.flow).toMatchObject({ state: 'reset', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'], bankIdentity } });
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.summary.bankIdentity).toEqual(bankIdentity);
    const done = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.flow).toMatchObject({ state: 'completed', summary: { bankIdentity } });
    expect((await session.call('GET', '/api/session')).status).toBe(401);

    // Name and phone are the bank's; the phone is verified; stored encrypted and hashed.
    const after = await person(p.accountId);
    expect(after).toMatchObject({ name: r.name, display_name: r.name, phone_hash: server.ctx.vault.lookupHash(HASH_KIND.phone, r.bankPhone!) });
    expect(after.phone_enc).not.toContain(r.bankPhone!);
    expect(server.ctx.vault.decrypt(after.phone_enc!)).toBe(r.bankPhone);
    expect(after.phone_verified_at).not.toBeNull();
    // The evidence about the old name and number is revoked; the check is recorded; the level is the bank's L4.
    const evidence = await evidenceOf(p.accountId);
    expect(evidence.filter((e) => e.revoked_at === null).map((e) => `${e.method}:${e.result}:${e.source}`)).toEqual(['declared_identity:pass:self', 'bank4:pass:sandbox:unionpay']);
    expect(evidence.filter((e) => e.revoked_at !== null).map((e) => e.method).sort()).toEqual(['id_card', 'telecom3']);

    // 短信验证码登录 with the new phone signs in to this account; the old number names no account.
    const bySms = await smsLogin(r.bankPhone!);
    expect(bySms.status, JSON.stringify(bySms.body)).toBe(200);
    expect(bySms.body.account).toMatchObject({ id: p.accountId, displayName: r.name, assuranceLevel: 'L4' });
    const password = new Agent(server.url);
    expect((await login(password, p.username, NEW_PASSWORD)).status).toBe(200);
    const realName = await password.call('GET', '/api/account/real-name');
    expect(realName.body).toMatchObject({ assuranceLevel: 'L4', bankCardMasked: expect.stringMatching(/\*+/) });
    expect(realName.body.methods.find((m: { id: string }) => m.id === 'bank4').status).toBe('verified');
    expect(realName.body.methods.find((m: { id: string }) => m.id === 'telecom3').status).toBe('not_verified');
    expect((await password.call('GET', '/api/account/profile')).body.profile).toMatchObject({ name: r.name, phoneMasked: maskPhone(r.bankPhone!), phoneVerified: true });
    const oldHolders = await server.ctx.db.selectFrom('persons').select('account_id').where('phone_hash', '=', server.ctx.vault.lookupHash(HASH_KIND.phone, p.phone)).where('phone_verified_at', 'is not', null).execute();
    expect(oldHolders).toHaveLength(0);

    // The reset's notice goes to the new phone; the old one is told its number was replaced, and of the reset.
    expect(notices(r.bankPhone!, 'password_changed')).toHaveLength(1);
    expect(notices(p.phone, 'password_changed')).toHaveLength(1);
    expect(notices(p.phone, 'phone_changed').map((m) => m.params.phone)).toEqual([maskPhone(r.bankPhone!)]);

    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('event', 'in', ['recovery.bank4_check', 'recovery.verified', 'account.password_reset', 'recovery.identity_replaced']).where('subject', '=', p.accountId).orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => `${a.event}:${a.result}`)).toEqual(['recovery.bank4_check:success', 'recovery.verified:success', 'account.password_reset:success', 'recovery.identity_replaced:success']);
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(r.bankCard!);
    expect(dump).not.toContain(r.bankPhone!);
    expect(dump).not.toContain(r.name);
  });

  it('the registered name typed again keeps the evidence about it; only what vouched for the old number goes', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r, { verifiedPhone: true });
    for (const method of ['telecom3', 'id_card']) {
      await recordEvidence(server.ctx, { accountId: p.accountId, method, source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    }
    const agent = new Agent(server.url);
    const { id } = await atReset(agent, p.username, r);
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    const evidence = await evidenceOf(p.accountId);
    expect(evidence.filter((e) => e.revoked_at === null).map((e) => e.method)).toEqual(['declared_identity', 'id_card', 'bank4']);
    expect((await person(p.accountId)).name).toBe(r.name);
  });

  it('the same name with another middle dot is the same name: its evidence and spelling stay', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const dotted = `${r.name.slice(0, 1)}·${r.name.slice(1)}`;
    await server.ctx.db.updateTable('sandbox_people').set({ name: dotted }).where('id', '=', r.key).execute();
    const p = await registered({ ...r, name: dotted }, { verifiedPhone: true });
    await recordEvidence(server.ctx, { accountId: p.accountId, method: 'id_card', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    expect((await bankStep(agent, id, r, { name: dotted.replace('·', '•') })).status).toBe(200);
    expect((await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) })).status).toBe(200);
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    const evidence = await evidenceOf(p.accountId);
    expect(evidence.filter((e) => e.revoked_at === null).map((e) => e.method)).toEqual(['declared_identity', 'id_card', 'bank4']);
    expect((await person(p.accountId)).name).toBe(dotted);
  });

  it('a bank-reserved phone that is another account\'s verified phone is refused after its code, and nothing changes', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r, { name: '王旧名' });
    const holder = await registered(pick(() => true), { phone: r.bankPhone!, verifiedPhone: true });
    const before = await person(p.accountId);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    expect((await bankStep(agent, id, r)).status).toBe(200);
    const refused = await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'recovery.phone_taken', message: message('recovery.phone_taken') });
    // Never which account: no username, no name.
    expect(JSON.stringify(refused.body)).not.toContain(holder.username);
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.state).toBe('verify');
    expect(await person(p.accountId)).toEqual(before);
    expect((await person(holder.accountId)).phone_verified_at).not.toBeNull();
    expect((await evidenceOf(p.accountId)).map((e) => e.method)).toEqual(['declared_identity']);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
  });

  it('another account taking the phone between the code and the reset: refused at the reset, the password and everything else unchanged', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r, { name: '王旧名' });
    const holder = await registered(pick(() => true), { phone: r.bankPhone! });
    const session = new Agent(server.url);
    expect((await login(session, p.username, p.password)).status).toBe(200);
    const agent = new Agent(server.url);
    const { id } = await atReset(agent, p.username, r);
    await verifyPhone(holder.accountId);
    const before = await person(p.accountId);
    const sentBefore = server.sms.outbox().length;
    const refused = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('recovery.phone_taken');
    expect(await person(p.accountId)).toEqual(before);
    expect((await evidenceOf(p.accountId)).map((e) => e.method)).toEqual(['declared_identity']);
    expect((await session.call('GET', '/api/session')).status).toBe(200);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.state).toBe('reset');
    expect(server.sms.outbox().length).toBe(sentBefore);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('subject', '=', p.accountId).where('event', 'in', ['account.password_reset', 'recovery.identity_replaced']).execute();
    expect(audit).toEqual([{ event: 'recovery.identity_replaced', result: 'failure' }]);
  });

  it('a wrong SMS code is refused and changes nothing; the right code still passes', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r, { name: '王旧名' });
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    expect((await bankStep(agent, id, r)).status).toBe(200);
    const right = server.lastSmsCode(r.bankPhone!);
    const wrong = await post(agent, id, 'bank4', { code: right === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'otp.invalid', message: message('otp.invalid') });
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow).toMatchObject({ state: 'verify', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'] } });
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.summary.bankIdentity).toBeUndefined();
    expect((await person(p.accountId)).name).toBe('王旧名');
    expect((await post(agent, id, 'bank4', { code: right })).body.flow.state).toBe('reset');
  });

  it('a wrong name, someone else\'s card, a phone that is not the reserved one and an unknown account all look alike: nothing sent, one failure message', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const other = pick(() => true);
    const p = await registered(r);
    const tries = [
      { who: p.username, name: r.name, cardNumber: other.bankCard, phone: other.bankPhone }, // someone else's card
      { who: p.username, name: r.name, cardNumber: r.bankCard, phone: '13512345678' }, // not the reserved phone
      { who: p.username, name: '王某某', cardNumber: r.bankCard, phone: r.bankPhone }, // not the name the bank has
      { who: `nobody${Date.now()}`, name: r.name, cardNumber: r.bankCard, phone: r.bankPhone }, // unknown account
    ];
    const answers: unknown[] = [];
    for (const t of tries) {
      const agent = new Agent(server.url);
      const id = await atVerify(agent, t.who);
      const before = sentTo(t.phone!);
      const sent = await bankStep(agent, id, r, t);
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(Object.keys(sent.body.sent)).toEqual(['expiresAt', 'resendAfterSeconds']);
      // bankStep waited for the check after the answer; the console gateway records a message as it is handed over.
      expect(sentTo(t.phone!)).toBe(before);
      const res = await post(agent, id, 'bank4', { code: '123456' });
      answers.push({ status: res.status, body: res.body });
      server.clock.advance(61_000);
    }
    expect(answers[0]).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'otp.invalid' }) } });
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    const outcomes = await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'recovery.bank4_check').where('result', '=', 'failure').execute();
    const reasons = outcomes.map((o) => (typeof o.detail === 'string' ? JSON.parse(o.detail) : o.detail).outcome);
    expect(reasons).toEqual(expect.arrayContaining(['mismatch', 'phone_mismatch', 'unknown_account']));
    expect(reasons.filter((o) => o === 'mismatch').length).toBeGreaterThanOrEqual(2);
    expect((await person(p.accountId)).phone_verified_at).toBeNull();
  });

  it('the answer does not wait for the bank: a known account is answered while the authority still holds its answer, as an unknown one is; the code goes out only on a match', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r);
    // Were the answer to wait for the bank, the first request below would never be answered (the test times out).
    const bank = heldBank(server);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const known = await post(agent, id, 'bank4-code', bankBody(r, {}));
    const stranger = new Agent(server.url);
    const unknownId = await atVerify(stranger, `nobody${Date.now()}`);
    const otherPhone = newPerson().phone;
    const unknown = await post(stranger, unknownId, 'bank4-code', bankBody(r, { phone: otherPhone }));
    // Both answered; the bank has the known account's question and has not answered it.
    await bank.asked;
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(Object.keys(known.body.sent)).toEqual(['expiresAt', 'resendAfterSeconds']);
    expect(unknown.body).toEqual(known.body);
    expect(sentTo(r.bankPhone!)).toBe(0);
    // A code typed while the check is pending is a wrong code, for the known account as for the unknown.
    const early = await post(agent, id, 'bank4', { code: '123456' });
    const strangerEarly = await post(stranger, unknownId, 'bank4', { code: '123456' });
    expect(early).toMatchObject({ status: 400, body: { error: { code: 'otp.invalid', message: message('otp.invalid') } } });
    expect(strangerEarly.body).toEqual(early.body);

    bank.release();
    await server.settled();
    expect(sentTo(r.bankPhone!)).toBe(1);
    expect(sentTo(otherPhone)).toBe(0);
    expect((await post(agent, id, 'bank4', { code: server.lastSmsCode(r.bankPhone!) })).body.flow.state).toBe('reset');
  });

  it('a check that answers after the answer with a mismatch, or fails, sends nothing; the failure is audited and the code refused as a wrong one', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r);
    for (const fail of [undefined, new Error('bank bridge exploded')]) {
      const bank = heldBank(server);
      const agent = new Agent(server.url);
      const id = await atVerify(agent, p.username);
      const notReserved = newPerson().phone;
      const res = await post(agent, id, 'bank4-code', bankBody(r, { phone: notReserved }));
      await bank.asked;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      bank.release(fail);
      await server.settled();
      expect(sentTo(notReserved)).toBe(0);
      const typed = await post(agent, id, 'bank4', { code: '123456' });
      expect(typed).toMatchObject({ status: 400, body: { error: { code: 'otp.invalid' } } });
      const check = await server.ctx.db
        .selectFrom('audit_log')
        .select(['result', 'detail'])
        .where('event', '=', 'recovery.bank4_check')
        .where('subject', '=', p.accountId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const detail = typeof check.detail === 'string' ? JSON.parse(check.detail) : check.detail;
      expect({ result: check.result, outcome: detail.outcome }).toEqual({ result: 'failure', outcome: fail ? 'error' : 'phone_mismatch' });
      bank.restore();
      server.clock.advance(61_000);
    }
  });

  it('the typed number’s cooldown cannot tell a known account from an unknown one', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const known = await registered(pick(() => true));
    const mine = await registered(r);
    // Probe: the bank step for `who` with a number of one's own, then at once one's own recovery with that number.
    const probe = async (who: string, phone: string) => {
      const a = new Agent(server.url);
      const first = await bankStep(a, await atVerify(a, who), r, { cardNumber: r.bankCard, phone });
      const b = new Agent(server.url);
      const second = await bankStep(b, await atVerify(b, mine.username), r, { phone });
      server.clock.advance(61_000);
      return [first.status, second.status, second.body.error?.code];
    };
    const forKnown = await probe(known.username, newPerson().phone);
    const forUnknown = await probe(`nobody${Date.now()}`, newPerson().phone);
    expect(forKnown).toEqual(forUnknown);
    expect(forKnown).toEqual([200, 429, 'otp.cooldown']);
  });

  it('skipping the code does not verify; the code step needs a request first; the name is required; three checks a flow', async () => {
    const r = pick((x) => x.bankPhone !== null);
    const p = await registered(r);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    expect((await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).body.error.code).toBe('flow.wrong_state');
    expect((await post(agent, id, 'bank4', { code: '123456' })).body.error.code).toBe('otp.expired');
    // A code of the ID-number method does not count for this one.
    expect((await post(agent, id, 'sms', { code: '123456' })).body.error.code).toBe('otp.expired');
    expect((await post(agent, id, 'bank4-code', { name: r.name, cardNumber: r.bankCard, phone: r.bankPhone, captcha: 'WRONG' })).body.error.code).toBe('captcha.invalid');
    expect((await post(agent, id, 'bank4-code', { name: r.name, cardNumber: '6222', phone: r.bankPhone, captcha: TEST_CAPTCHA })).status).toBe(400);
    expect((await post(agent, id, 'bank4-code', { cardNumber: r.bankCard, phone: r.bankPhone, captcha: TEST_CAPTCHA })).body.error).toMatchObject({ code: 'name.invalid', fields: { name: message('name.invalid') } });
    expect((await post(agent, id, 'bank4-code', { name: 'x1', cardNumber: r.bankCard, phone: r.bankPhone, captcha: TEST_CAPTCHA })).body.error.code).toBe('name.invalid');
    expect((await post(agent, id, 'bank4-code', { name: r.name, cardNumber: r.bankCard, phone: r.bankPhone, captcha: TEST_CAPTCHA, extra: 1 })).body.error.code).toBe('request.invalid');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      await agent.call('GET', `/api/flows/${id}/captcha`);
      const res = await bankStep(agent, id, r, { phone: '13512345678' });
      codes.push(res.status === 200 ? 'sent' : res.body.error.code);
      server.clock.advance(61_000);
    }
    expect(codes).toEqual(['sent', 'sent', 'sent', 'recovery.too_many_attempts']);
  });

  it('the real-name limit per account holds across flows', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, realNamePerAccount: { max: 5, windowSeconds: 24 * 3600 } } });
    try {
      limited.clock.setTo(new Date('2026-11-23T04:00:00Z'));
      const people = await seedSandboxRegistry(limited.ctx, { count: 10, seed: 44 });
      const r = people.find((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && !!x.bankPhone)!;
      const p = await registered(r, {}, limited);
      const codes: string[] = [];
      for (let flow = 0; flow < 2; flow++) {
        const agent = new Agent(limited.url);
        const start = await agent.call('POST', '/api/flows/recovery', {});
        const id = start.body.flow.id as string;
        expect((await post(agent, id, 'account', { identifier: p.username, captcha: TEST_CAPTCHA })).status).toBe(200);
        for (let i = 0; i < 3; i++) {
          await agent.call('GET', `/api/flows/${id}/captcha`);
          const res = await post(agent, id, 'bank4-code', { name: r.name, cardNumber: r.bankCard, phone: '13512345678', captcha: TEST_CAPTCHA });
          codes.push(res.status === 200 ? 'sent' : res.body.error.code);
          limited.clock.advance(61_000);
        }
      }
      expect(codes).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'rate_limited']);
    } finally {
      await limited.close();
    }
  });
});
