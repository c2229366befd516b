import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, startRegistration } from '../helpers/people.js';
import { registerByPhone } from '../helpers/phone.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];

beforeAll(async () => {
  server = await startServer({ registrationCheck: 'bank4' });
  registry = await seedSandboxRegistry(server.ctx, { count: 60, seed: 23 });
});
afterAll(async () => {
  await server?.close();
});

const used = new Set<string>();
const pick = (pred: (r: SandboxPerson) => boolean) => {
  const r = registry.find((x) => !used.has(x.idNumber) && pred(x))!;
  used.add(r.idNumber);
  return r;
};
const withCard = (r: SandboxPerson) => r.status === 'alive' && r.idType === 'resident_id' && !!r.bankCard && r.bankPhone === r.phone;

/** Steps 1 and 2 for this identity; the flow is then at step 3 (填写验证信息). */
async function toStep3(agent: Agent, who: { name: string; idNumber: string; idType?: string }) {
  const p = { ...newPerson(), name: who.name, idNumber: who.idNumber, idType: (who.idType ?? 'resident_id') as 'resident_id' };
  const id = await startRegistration(agent);
  expect((await agent.call('POST', `/api/flows/registration/${id}/login-info`, { username: p.username, password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA })).status).toBe(200);
  const s2 = await agent.call('POST', `/api/flows/registration/${id}/identity-info`, { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
  expect(s2.status, JSON.stringify(s2.body)).toBe(200);
  expect(s2.body.flow.state).toBe('agreement');
  return { id, p };
}

/** 获取短信验证码: a new picture code first, then the code to `phone`. */
async function sendCode(agent: Agent, id: string, phone: string): Promise<string> {
  server.clock.advanceMinutes(2); // past the per-number cooldown of an earlier test
  expect((await agent.raw('GET', `/api/flows/${id}/captcha`)).status).toBe(200);
  const res = await agent.call('POST', `/api/flows/registration/${id}/bank-sms-code`, { phone, captcha: TEST_CAPTCHA });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return server.lastSmsCode(phone);
}

describe('registration in the Shenzhen manner: bank four-element at step 3 (seed 001)', () => {
  it('registers at L4 with the card checked by UnionPay; the card and the proven phone are kept', async () => {
    const r = pick(withCard);
    const agent = new Agent(server.url);
    const { id, p } = await toStep3(agent, r);
    const code = await sendCode(agent, id, r.bankPhone!);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account.assuranceLevel).toBe('L4');
    const me = new Agent(server.url);
    expect((await login(me, p.username, p.password)).status).toBe(200);
    expect((await me.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L4');
    const profile = (await me.call('GET', '/api/account/profile')).body.profile;
    expect(profile.phoneVerified).toBe(true);
    expect(profile.phoneMasked).toBe(`${r.bankPhone!.slice(0, 3)}****${r.bankPhone!.slice(7)}`);
    const list = (await me.call('GET', '/api/account/real-name')).body;
    expect(list.methods.find((m: { id: string }) => m.id === 'bank4').status).toBe('verified');
    expect(list.bankCardMasked).toBeTruthy();
  });

  it('keeps the bank-reserved phone unverified when it is already another account\'s verified phone', async () => {
    const r = pick(withCard);
    // Someone else (a relative) registered by this number: it is theirs, verified.
    expect((await registerByPhone(server, new Agent(server.url), r.bankPhone!)).res.status).toBe(200);
    const agent = new Agent(server.url);
    const { id, p } = await toStep3(agent, r);
    const code = await sendCode(agent, id, r.bankPhone!);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account.assuranceLevel).toBe('L4');
    const me = new Agent(server.url);
    expect((await login(me, p.username, p.password)).status).toBe(200);
    const profile = (await me.call('GET', '/api/account/profile')).body.profile;
    expect(profile).toMatchObject({ phoneVerified: false, phoneMasked: `${r.bankPhone!.slice(0, 3)}****${r.bankPhone!.slice(7)}` });
    const verified = await server.ctx.db.selectFrom('persons').select('account_id').where('phone_hash', '=', server.ctx.vault.lookupHash('phone', r.bankPhone!)).where('phone_verified_at', 'is not', null).execute();
    expect(verified).toHaveLength(1);
  });

  it("refuses a name the bank does not have with '人员姓名或证件类型或证件号与银行登记不匹配'; 上一步, fix it, 下一步 passes without a new code", async () => {
    const r = pick(withCard);
    const agent = new Agent(server.url);
    const { id } = await toStep3(agent, { name: '张冠李戴', idNumber: r.idNumber });
    const code = await sendCode(agent, id, r.bankPhone!);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'realname.bank_mismatch', message: '人员姓名或证件类型或证件号与银行登记不匹配' });
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow).toMatchObject({ state: 'agreement', summary: { bankPhoneProven: true } });
    expect((await agent.call('POST', `/api/flows/registration/${id}/back`, {})).body.flow).toMatchObject({ state: 'identity_info', summary: { captchaRequired: true } });
    // Step 2 answered once in this flow already: its next answer costs a new picture.
    await agent.call('GET', `/api/flows/${id}/captcha`);
    const fixed = await agent.call('POST', `/api/flows/registration/${id}/identity-info`, { name: r.name, idType: 'resident_id', idNumber: r.idNumber, phone: r.phone, captcha: TEST_CAPTCHA });
    expect(fixed.body.flow.state).toBe('agreement');
    const ok = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.account.assuranceLevel).toBe('L4');
    const audit = await server.ctx.db.selectFrom('audit_log').select(['result', 'detail']).where('event', '=', 'registration.bank4').execute();
    expect(audit.map((a) => a.result)).toEqual(expect.arrayContaining(['failure', 'success']));
    expect(JSON.stringify(audit)).not.toContain(r.bankCard!);
    expect(JSON.stringify(audit)).not.toContain(r.idNumber);
  });

  it("refuses a phone that is not the bank-reserved one with the seed's message; the reserved phone then passes", async () => {
    const r = registry.find((x) => x.key === 'fixed-phone-mismatch')!;
    const agent = new Agent(server.url);
    const { id } = await toStep3(agent, r);
    const code = await sendCode(agent, id, r.phone!);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.phone, code });
    expect(res.body.error).toEqual({ code: 'realname.bank_phone_mismatch', message: '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号' });
    // Another phone needs its own code.
    expect((await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone })).body.error.code).toBe('realname.sms_required');
    const code2 = await sendCode(agent, id, r.bankPhone!);
    const ok = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code: code2 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('an unknown card gets the mismatch message; no bank data, no code, a wrong code or no captcha are refused', async () => {
    const r = pick(withCard);
    const agent = new Agent(server.url);
    const { id } = await toStep3(agent, r);
    expect((await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true })).status).toBe(400);
    expect((await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone })).body.error.code).toBe('realname.sms_required');
    expect((await agent.call('POST', `/api/flows/registration/${id}/bank-sms-code`, { phone: r.bankPhone, captcha: 'XXXX' })).body.error.code).toBe('captcha.invalid');
    const code = await sendCode(agent, id, r.bankPhone!);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code: wrong })).body.error.code).toBe('otp.invalid');
    const other = pick(withCard);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: other.bankCard, phone: r.bankPhone, code });
    expect(res.body.error.code).toBe('realname.bank_mismatch');
    expect(await server.ctx.db.selectFrom('persons').select('account_id').where('name', '=', r.name).execute()).toHaveLength(0);
  });

  it('registers a Hong Kong resident with her residence permit and bank card', async () => {
    const r = registry.find((x) => x.key === 'fixed-hk')!;
    const agent = new Agent(server.url);
    const { id } = await toStep3(agent, r);
    const code = await sendCode(agent, id, r.bankPhone!);
    const res = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('limits bank checks per identity', async () => {
    const strict = await startServer({ registrationCheck: 'bank4', limits: { ...server.ctx.config.limits, realNamePerAccount: { max: 2, windowSeconds: 24 * 3600 } } });
    try {
      await seedSandboxRegistry(strict.ctx, { count: 0 });
      const r = registry.find((x) => x.key === 'fixed-demo')!;
      const agent = new Agent(strict.url);
      const p = { ...newPerson(), name: '王建设', idNumber: r.idNumber };
      const id = await startRegistration(agent);
      await agent.call('POST', `/api/flows/registration/${id}/login-info`, { username: p.username, password: p.password, confirmPassword: p.password, captcha: TEST_CAPTCHA });
      await agent.call('POST', `/api/flows/registration/${id}/identity-info`, { name: p.name, idType: 'resident_id', idNumber: p.idNumber, phone: p.phone });
      await agent.raw('GET', `/api/flows/${id}/captcha`);
      await agent.call('POST', `/api/flows/registration/${id}/bank-sms-code`, { phone: r.bankPhone, captcha: TEST_CAPTCHA });
      const code = strict.lastSmsCode(r.bankPhone!);
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true, cardNumber: r.bankCard, phone: r.bankPhone, ...(i === 0 ? { code } : {}) })).body.error.code);
      expect(codes).toEqual(['realname.bank_mismatch', 'realname.bank_mismatch', 'rate_limited']);
    } finally {
      await strict.close();
    }
  });
});

describe('registration without the bank check (default)', () => {
  it('has no bank step, and says which check applies in /api/meta', async () => {
    const plain = await startServer();
    try {
      const agent = new Agent(plain.url);
      expect((await agent.call('GET', '/api/meta')).body.registration.check).toBe('declared');
      expect((await new Agent(server.url).call('GET', '/api/meta')).body.registration.check).toBe('bank4');
      const id = await startRegistration(agent);
      expect((await agent.call('POST', `/api/flows/registration/${id}/bank-sms-code`, { phone: '13800138000', captcha: TEST_CAPTCHA })).status).toBe(404);
      await register(agent, newPerson());
    } finally {
      await plain.close();
    }
  });
});
