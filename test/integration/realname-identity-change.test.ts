import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];

beforeAll(async () => {
  server = await startServer();
  registry = await seedSandboxRegistry(server.ctx, { count: 60, seed: 99 });
});
afterAll(async () => {
  await server?.close();
});

const used = new Set<string>();
const pick = () => {
  const r = registry.find((x) => !used.has(x.idNumber) && x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && x.bankPhone === x.phone)!;
  used.add(r.idNumber);
  return r;
};

async function signedInAs(name: string, idNumber: string, phone: string) {
  const p = { ...newPerson(), name, idNumber, phone };
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  const { id } = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
  return { agent, accountId: id };
}

async function bankCode(agent: Agent, phone: string): Promise<string> {
  server.clock.advanceMinutes(2);
  const step = await agent.call('POST', '/api/account/real-name/bank4/sms-step', {});
  const sent = await agent.call('POST', '/api/account/real-name/bank4/sms-code', { flowId: step.body.flowId, captcha: TEST_CAPTCHA, phone });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const ok = await agent.call('POST', '/api/account/real-name/bank4/sms-code/verify', { flowId: sent.body.flowId, code: server.lastSmsCode(phone) });
  expect(ok.status).toBe(200);
  return sent.body.flowId;
}

const evidence = (accountId: string) => server.ctx.db.selectFrom('evidence').select(['method', 'result', 'revoked_at']).where('account_id', '=', accountId).execute();

describe('changing name or bank card passes the bank check again (变更用户信息, seed 001 §2.1.2)', () => {
  it('corrects a misspelt name once the bank confirms the new one; evidence about the old name is revoked', async () => {
    const r = pick();
    const { agent, accountId } = await signedInAs(`${r.name}文`, r.idNumber, r.phone!);
    // Checks under the old name do not pass: the authorities know the person by the right name.
    const f1 = await bankCode(agent, r.bankPhone!);
    expect((await agent.call('POST', '/api/account/real-name/bank4', { flowId: f1, cardNumber: r.bankCard })).body.error.code).toBe('realname.bank_mismatch');

    const flowId = await bankCode(agent, r.bankPhone!);
    const res = await agent.call('POST', '/api/account/real-name/identity-change', { flowId, name: r.name, cardNumber: r.bankCard });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ assuranceLevel: 'L4', name: r.name });
    expect((await agent.call('GET', '/api/account/profile')).body.profile.name).toBe(r.name);
    const ev = await evidence(accountId);
    expect(ev.filter((e) => e.method === 'bank4' && e.result === 'pass' && e.revoked_at === null)).toHaveLength(1);
    expect(ev.filter((e) => e.method === 'declared_identity' && e.revoked_at === null)).toHaveLength(1);
  });

  it('refuses a name the bank does not confirm and keeps everything as it was', async () => {
    const r = pick();
    const { agent, accountId } = await signedInAs(r.name, r.idNumber, r.phone!);
    const f1 = await bankCode(agent, r.bankPhone!);
    expect((await agent.call('POST', '/api/account/real-name/bank4', { flowId: f1, cardNumber: r.bankCard })).status).toBe(200);
    const flowId = await bankCode(agent, r.bankPhone!);
    const res = await agent.call('POST', '/api/account/real-name/identity-change', { flowId, name: '张冠李戴', cardNumber: r.bankCard });
    expect(res.body.error).toMatchObject({ code: 'realname.bank_mismatch', message: '人员姓名或证件类型或证件号与银行登记不匹配' });
    expect((await agent.call('GET', '/api/account/profile')).body.profile.name).toBe(r.name);
    expect((await agent.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L4');
    expect((await evidence(accountId)).filter((e) => e.revoked_at !== null)).toHaveLength(0);
  });

  it("changes the bank card only with a card the bank confirms; someone else's card is refused", async () => {
    const r = pick();
    const other = pick();
    const { agent } = await signedInAs(r.name, r.idNumber, r.phone!);
    const f1 = await bankCode(agent, r.bankPhone!);
    const wrong = await agent.call('POST', '/api/account/real-name/identity-change', { flowId: f1, name: r.name, cardNumber: other.bankCard });
    expect(wrong.body.error.code).toBe('realname.bank_mismatch');
    const ok = await agent.call('POST', '/api/account/real-name/identity-change', { flowId: f1, name: r.name, cardNumber: r.bankCard });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await agent.call('GET', '/api/account/real-name')).body.bankCardMasked).toBe(ok.body.bankCardMasked);
  });

  it('never changes username, ID type or ID number, and needs the SMS step', async () => {
    const r = pick();
    const { agent } = await signedInAs(r.name, r.idNumber, r.phone!);
    const flowId = await bankCode(agent, r.bankPhone!);
    for (const extra of [{ idNumber: newPerson().idNumber }, { idType: 'hmt_residence_permit' }, { username: 'someone' }]) {
      const res = await agent.call('POST', '/api/account/real-name/identity-change', { flowId, name: r.name, cardNumber: r.bankCard, ...extra });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('request.invalid');
    }
    expect((await agent.call('POST', '/api/account/real-name/identity-change', { name: r.name, cardNumber: r.bankCard })).body.error.code).toBe('realname.sms_required');
  });
});
