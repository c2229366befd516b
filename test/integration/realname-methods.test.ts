import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { luhnCheckDigit } from '../../src/domain/bank-card.js';
import { revokeEvidence } from '../../src/methods/realname/evidence.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];

beforeAll(async () => {
  server = await startServer();
  registry = await seedSandboxRegistry(server.ctx, { count: 120, seed: 41 });
});
afterAll(async () => {
  await server?.close();
});

const used = new Set<string>();
/** A registry person not used by another test, with what the test needs. */
function pick(pred: (r: SandboxPerson) => boolean): SandboxPerson {
  const r = registry.find((x) => !used.has(x.idNumber) && pred(x));
  if (!r) throw new Error('no such sandbox person');
  used.add(r.idNumber);
  return r;
}
const fixed = (key: string) => {
  const r = registry.find((x) => x.key === key)!;
  used.add(r.idNumber);
  return r;
};
const alive = (r: SandboxPerson) => r.status === 'alive' && r.idType === 'resident_id';

/** Registers the registry person as a Shenfen person (their own phone, or `phone`) and signs in. */
async function signedInAs(entry: SandboxPerson, phone?: string): Promise<{ agent: Agent; p: TestPerson }> {
  const p = { ...newPerson(), name: entry.name, idNumber: entry.idNumber, idType: entry.idType as 'resident_id', phone: phone ?? entry.phone ?? newPerson().phone };
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, p };
}

/** Step 1: open the step, answer its picture code, ask for a code (to `typed`, or to the account's phone) and type it. Returns the flow id. */
async function smsStep(agent: Agent, method: string, phone: string, typed?: string): Promise<string> {
  const sent = await sendCode(agent, method, typed);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const code = server.lastSmsCode(phone);
  const ok = await agent.call('POST', `/api/account/real-name/${method}/sms-code/verify`, { flowId: sent.body.flowId, code });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  return sent.body.flowId;
}

async function sendCode(agent: Agent, method: string, typed?: string, captcha = TEST_CAPTCHA) {
  const step = await agent.call('POST', `/api/account/real-name/${method}/sms-step`, {});
  expect(step.status, JSON.stringify(step.body)).toBe(201);
  expect(step.body.captcha).toMatch(/^data:image\/png;base64,/);
  return agent.call('POST', `/api/account/real-name/${method}/sms-code`, { flowId: step.body.flowId, captcha, ...(typed === undefined ? {} : { phone: typed }) });
}

const level = async (agent: Agent) => (await agent.call('GET', '/api/account/real-name')).body.assuranceLevel;
const status = async (agent: Agent, id: string) => (await agent.call('GET', '/api/account/real-name')).body.methods.find((m: { id: string }) => m.id === id);
const lastEvidence = (method: string) =>
  server.ctx.db.selectFrom('evidence').selectAll().where('method', '=', method).orderBy('verified_at', 'desc').orderBy('id').execute();
/** Each write a second later, so evidence records sort in the order they were made. */
const post = (agent: Agent, path: string, body: unknown) => {
  server.clock.advance(1000);
  return agent.call('POST', path, body);
};
/** A Luhn-valid card number of `bin` that is in no register. */
const unknownCard = (bin: string) => {
  const partial = `${bin}0000009999`.padEnd(18, '7');
  return partial + luhnCheckDigit(partial);
};

describe('bank card four-element (银行卡实名认证, UnionPay) — L4', () => {
  it('proves the reserved phone by SMS, checks the card, raises the level to L4 and keeps the card encrypted', async () => {
    const r = pick((x) => alive(x) && !!x.bankCard && x.bankPhone === x.phone);
    const { agent } = await signedInAs(r);
    expect(await status(agent, 'bank4')).toMatchObject({ kind: 'sms_form', smsTo: 'checked_phone', level: 'L4', status: 'not_verified', applicable: true });
    const flowId = await smsStep(agent, 'bank4', r.bankPhone!, r.bankPhone!);
    const res = await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: r.bankCard });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L4');
    const list = (await agent.call('GET', '/api/account/real-name')).body;
    expect(list.methods.find((m: { id: string }) => m.id === 'bank4').status).toBe('verified');
    expect(list.bankCardMasked).toMatch(/^\d{4}\*+\d{4}$/);
    const card = await server.ctx.db.selectFrom('person_bank_cards').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(card)).not.toContain(r.bankCard!);
    const [ev] = await lastEvidence('bank4');
    expect(ev).toMatchObject({ result: 'pass', level: 'L4', source: 'sandbox:unionpay', reason: null });
    expect(ev!.input_fingerprint).toBeTruthy();
    expect(ev!.reference).toMatch(/^SBX/);
    expect(ev!.expires_at!.getTime()).toBeGreaterThan(server.clock.now().getTime() + 364 * 24 * 3600_000);
    // The flow is spent: the same SMS proof cannot be used twice.
    expect((await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: r.bankCard })).body.error.code).toBe('realname.sms_required');
  });

  it("says '手机号与银行预留手机号不一致…' for a phone that is not the reserved one, then passes with the reserved phone", async () => {
    const r = fixed('fixed-phone-mismatch');
    const { agent } = await signedInAs(r);
    const first = await smsStep(agent, 'bank4', r.phone!, r.phone!);
    const res = await post(agent, '/api/account/real-name/bank4', { flowId: first, cardNumber: r.bankCard });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'realname.bank_phone_mismatch', message: '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号' });
    expect((await lastEvidence('bank4'))[0]).toMatchObject({ result: 'fail', reason: 'phone_mismatch' });
    const second = await smsStep(agent, 'bank4', r.bankPhone!, r.bankPhone!);
    const ok = await post(agent, '/api/account/real-name/bank4', { flowId: second, cardNumber: r.bankCard });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.assuranceLevel).toBe('L4');
  });

  it("answers someone else's card and an unknown card with seed 001's one message", async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const other = pick((x) => alive(x) && !!x.bankCard);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'bank4', r.phone!, r.phone!);
    const res = await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: other.bankCard });
    expect(res.body.error).toMatchObject({ code: 'realname.bank_mismatch', message: '人员姓名或证件类型或证件号与银行登记不匹配' });
    expect((await lastEvidence('bank4'))[0]).toMatchObject({ result: 'fail', reason: 'mismatch' });
    // A typo is fixed on the same flow: no new code needed.
    const unknown = await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: unknownCard('622202') });
    expect(unknown.body.error.code).toBe('realname.bank_mismatch');
    expect((await lastEvidence('bank4'))[0]).toMatchObject({ result: 'fail', reason: 'not_found' });
    expect((await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: unknownCard('622202').slice(0, -1) + ((Number(unknownCard('622202').slice(-1)) + 1) % 10) })).body.error.code).toBe('bank_card.checksum');
    expect(await level(agent)).toBe('L2');
  });

  it('needs the SMS step first, and a right code', async () => {
    const r = pick((x) => alive(x) && !!x.bankCard && x.bankPhone === x.phone);
    const { agent } = await signedInAs(r);
    expect((await post(agent, '/api/account/real-name/bank4', { cardNumber: r.bankCard })).body.error.code).toBe('realname.sms_required');
    // No code is sent without the step's picture code.
    const noCaptcha = await sendCode(agent, 'bank4', r.bankPhone!, 'XXXX');
    expect(noCaptcha.body.error.code).toBe('captcha.invalid');
    const sent = await sendCode(agent, 'bank4', r.bankPhone!);
    expect((await post(agent, '/api/account/real-name/bank4', { flowId: sent.body.flowId, cardNumber: r.bankCard })).body.error.code).toBe('realname.sms_required');
    const wrong = server.lastSmsCode(r.bankPhone!) === '000000' ? '111111' : '000000';
    expect((await post(agent, '/api/account/real-name/bank4/sms-code/verify', { flowId: sent.body.flowId, code: wrong })).body.error.code).toBe('otp.invalid');
    expect((await sendCode(agent, 'bank4', '12345')).body.error.code).toBe('phone.invalid');
    // Another account cannot use this person's flow.
    const { agent: other } = await signedInAs(pick((x) => alive(x) && !!x.phone));
    expect((await post(other, '/api/account/real-name/bank4', { flowId: sent.body.flowId, cardNumber: r.bankCard })).status).toBe(404);
  });

  it('verifies a Hong Kong resident (810000 residence permit)', async () => {
    const r = fixed('fixed-hk');
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'bank4', r.bankPhone!, r.bankPhone!);
    const res = await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: r.bankCard });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L4');
  });
});

describe('social security card (社保卡号实名认证) — L3', () => {
  it('passes with the 社保编号 after a code to the account phone', async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'social_security', r.phone!);
    const res = await post(agent, '/api/account/real-name/social_security', { flowId, socialSecurityNumber: r.socialSecurityNumber });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L3');
    expect((await lastEvidence('social_security'))[0]).toMatchObject({ result: 'pass', source: 'sandbox:social_security' });
  });

  it('answers a deceased person like any mismatch, recording the reason', async () => {
    const r = fixed('fixed-deceased');
    const phone = newPerson().phone;
    const { agent } = await signedInAs(r, phone);
    const flowId = await smsStep(agent, 'social_security', phone);
    const res = await post(agent, '/api/account/real-name/social_security', { flowId, socialSecurityNumber: r.socialSecurityNumber });
    expect(res.body.error).toMatchObject({ code: 'realname.social_security_mismatch', message: '社保编号核验未通过，请核对后重试' });
    expect((await lastEvidence('social_security'))[0]).toMatchObject({ result: 'fail', reason: 'deceased' });
  });

  it('refuses an unknown number and a malformed one', async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'social_security', r.phone!);
    const other = pick(alive);
    expect((await post(agent, '/api/account/real-name/social_security', { flowId, socialSecurityNumber: other.socialSecurityNumber })).body.error.code).toBe('realname.social_security_mismatch');
    expect((await lastEvidence('social_security'))[0]).toMatchObject({ reason: 'mismatch' });
    expect((await post(agent, '/api/account/real-name/social_security', { flowId, socialSecurityNumber: '12-' })).body.error.code).toBe('social_security.format');
  });
});

describe('housing fund joint card (公积金实名认证) — L3', () => {
  it('passes with the 公积金联名卡号, and refuses a card not in the register', async () => {
    const r = pick((x) => alive(x) && !!x.phone && !!x.housingFundCard);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'housing_fund', r.phone!);
    const bad = await post(agent, '/api/account/real-name/housing_fund', { flowId, cardNumber: unknownCard('621081') });
    expect(bad.body.error.code).toBe('realname.housing_fund_mismatch');
    expect((await lastEvidence('housing_fund'))[0]).toMatchObject({ reason: 'not_found' });
    const res = await post(agent, '/api/account/real-name/housing_fund', { flowId, cardNumber: r.housingFundCard });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L3');
  });

  it('verifies a Macau resident', async () => {
    const r = fixed('fixed-mo');
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'housing_fund', r.phone!);
    expect((await post(agent, '/api/account/real-name/housing_fund', { flowId, cardNumber: r.housingFundCard })).status).toBe(200);
  });
});

describe('telecom operator three-element (电信运营商实名认证) — L3', () => {
  it("passes for the person's own phone, and lowers the level again when the evidence expires (180 days)", async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const { agent, p } = await signedInAs(r);
    const flowId = await smsStep(agent, 'telecom3', r.phone!, r.phone!);
    const res = await post(agent, '/api/account/real-name/telecom3', { flowId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L3');
    expect((await lastEvidence('telecom3'))[0]!.source).toMatch(/^sandbox:telecom:china_/);
    server.clock.advanceMinutes(179 * 24 * 60);
    const before = new Agent(server.url);
    await login(before, p.username, p.password);
    expect(await level(before)).toBe('L3');
    server.clock.advanceMinutes(2 * 24 * 60);
    try {
      const later = new Agent(server.url);
      await login(later, p.username, p.password);
      expect(await level(later)).toBe('L2');
      expect((await status(later, 'telecom3')).status).toBe('not_verified');
    } finally {
      server.clock.advanceMinutes(-181 * 24 * 60);
    }
  });

  it("refuses a phone registered to someone else, and one the operators do not know", async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const other = pick((x) => alive(x) && !!x.phone);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'telecom3', other.phone!, other.phone!);
    const res = await post(agent, '/api/account/real-name/telecom3', { flowId });
    expect(res.body.error).toMatchObject({ code: 'realname.telecom_mismatch' });
    expect((await lastEvidence('telecom3'))[0]).toMatchObject({ reason: 'mismatch' });
    const unknownPhone = '19900000001';
    const f2 = await smsStep(agent, 'telecom3', unknownPhone, unknownPhone);
    expect((await post(agent, '/api/account/real-name/telecom3', { flowId: f2 })).body.error.code).toBe('realname.telecom_mismatch');
    expect((await lastEvidence('telecom3'))[0]).toMatchObject({ reason: 'not_found' });
  });
});

describe("driver's licence (驾驶证号实名认证) — L3", () => {
  it('passes with the 档案编号, refuses a wrong one and a malformed one', async () => {
    const r = pick((x) => alive(x) && !!x.phone && !!x.driverLicenceFile);
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'drivers_licence', r.phone!);
    expect((await post(agent, '/api/account/real-name/drivers_licence', { flowId, fileNumber: '12345' })).body.error.code).toBe('file_number.format');
    const wrong = await post(agent, '/api/account/real-name/drivers_licence', { flowId, fileNumber: '999999999999' });
    expect(wrong.body.error).toMatchObject({ code: 'realname.drivers_licence_mismatch', message: '驾驶证档案编号核验未通过，请核对后重试' });
    const res = await post(agent, '/api/account/real-name/drivers_licence', { flowId, fileNumber: r.driverLicenceFile });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L3');
  });

  it('verifies a Taiwan resident (830000 residence permit)', async () => {
    const r = fixed('fixed-tw');
    const { agent } = await signedInAs(r);
    const flowId = await smsStep(agent, 'drivers_licence', r.phone!);
    expect((await post(agent, '/api/account/real-name/drivers_licence', { flowId, fileNumber: r.driverLicenceFile })).status).toBe(200);
  });
});

describe('the list, the methods not done by a form, revocation, audit, limits', () => {
  it('lists every method of seed 002 §2.9.1; face is a capture (test/integration/face-realname.test.ts), counter and Alipay are not posted', async () => {
    const r = pick((x) => alive(x) && !!x.phone);
    const { agent } = await signedInAs(r);
    const list = (await agent.call('GET', '/api/account/real-name')).body.methods;
    expect(list.map((m: { id: string }) => m.id)).toEqual(['id_card', 'bank4', 'social_security', 'housing_fund', 'telecom3', 'drivers_licence', 'alipay', 'face', 'counter']);
    expect(list.find((m: { id: string }) => m.id === 'face')).toMatchObject({ kind: 'capture', level: 'L4' });
    expect(list.find((m: { id: string }) => m.id === 'counter')).toMatchObject({ kind: 'counter', level: 'L5' });
    // Frames without a challenge: nothing to decide.
    const face = await post(agent, '/api/account/real-name/face', { nonce: 'x', frames: [{ step: 0, at: 0, image: '/9j/' }] });
    expect(face.status).toBe(400);
    expect(face.body.error.code).toBe('face.nonce_invalid');
    expect((await post(agent, '/api/account/real-name/counter', {})).body.error.code).toBe('realname.counter_only');
    expect((await post(agent, '/api/account/real-name/alipay', {})).body.error.code).toBe('realname.redirect_only');
    expect((await post(agent, '/api/account/real-name/face/sms-step', {})).body.error.code).toBe('realname.unknown_method');
  });

  it('revoking the evidence lowers the level; the audit log holds fingerprints, not numbers', async () => {
    const r = pick((x) => alive(x) && !!x.phone && !!x.bankCard && x.bankPhone === x.phone);
    const { agent, p } = await signedInAs(r);
    const flowId = await smsStep(agent, 'bank4', r.bankPhone!, r.bankPhone!);
    expect((await post(agent, '/api/account/real-name/bank4', { flowId, cardNumber: r.bankCard })).body.assuranceLevel).toBe('L4');
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
    expect(await revokeEvidence(server.ctx, account.id, ['bank4', 'telecom3'])).toBe(1);
    expect(await level(agent)).toBe('L2');
    expect((await status(agent, 'bank4')).status).toBe('not_verified');
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'detail']).where('event', 'like', 'realname.%').execute();
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(r.bankCard!);
    expect(dump).not.toContain(r.idNumber);
    expect(audit.some((a) => a.event === 'realname.bank4')).toBe(true);
  });

  it('limits checks per person (5 a day by default)', async () => {
    const strict = await startServer({ limits: { ...server.ctx.config.limits, realNamePerAccount: { max: 2, windowSeconds: 24 * 3600 } } });
    try {
      await seedSandboxRegistry(strict.ctx, { count: 0 });
      const r = registry.find((x) => x.key === 'fixed-demo')!;
      const p = { ...newPerson(), name: r.name, idNumber: r.idNumber, phone: r.phone! };
      await register(new Agent(strict.url), p);
      const agent = new Agent(strict.url);
      await login(agent, p.username, p.password);
      const step = await agent.call('POST', '/api/account/real-name/drivers_licence/sms-step', {});
      const sent = await agent.call('POST', '/api/account/real-name/drivers_licence/sms-code', { flowId: step.body.flowId, captcha: TEST_CAPTCHA });
      await post(agent, '/api/account/real-name/drivers_licence/sms-code/verify', { flowId: sent.body.flowId, code: strict.lastSmsCode(r.phone!) });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await post(agent, '/api/account/real-name/drivers_licence', { flowId: sent.body.flowId, fileNumber: '000000000000' })).body.error.code);
      expect(codes).toEqual(['realname.drivers_licence_mismatch', 'realname.drivers_licence_mismatch', 'rate_limited']);
    } finally {
      await strict.close();
    }
  });
});

