/** Signed-in people for the account-centre tests, and the re-authentication step they take. */
import { expect } from 'vitest';
import type { SandboxPerson } from '../../src/connectors/realname/index.js';
import { Agent } from './browser.js';
import { login, newPerson, register, type TestPerson } from './people.js';
import { TEST_CAPTCHA, type TestServer } from './server.js';

export interface SignedIn {
  agent: Agent;
  person: TestPerson;
  accountId: string;
}

export async function accountIdOf(server: TestServer, username: string): Promise<string> {
  return (await server.ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', username.toLowerCase()).executeTakeFirstOrThrow()).id;
}

/** Registers a new person and signs them in; `verifiedPhone` marks the registered phone as proven. */
export async function signedInPerson(server: TestServer, opts: { verifiedPhone?: boolean } = {}): Promise<SignedIn> {
  const person = newPerson();
  await register(new Agent(server.url), person);
  const accountId = await accountIdOf(server, person.username);
  if (opts.verifiedPhone) await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('account_id', '=', accountId).execute();
  const agent = new Agent(server.url);
  const res = await login(agent, person.username, person.password);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { agent, person, accountId };
}

/** Re-authenticates the agent's session with its password. */
export async function reauth(s: SignedIn): Promise<void> {
  const res = await s.agent.call('POST', '/api/account/reauth/password', { password: s.person.password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/**
 * A registry person (with a bank card) registered with the card's bank-reserved phone, verified,
 * who then passed 银行卡实名认证 in the account centre: L4 on bank four-element evidence tied to that phone.
 */
export async function bankVerifiedPerson(server: TestServer, r: SandboxPerson): Promise<SignedIn> {
  const person = { ...newPerson(), name: r.name, idNumber: r.idNumber, phone: r.bankPhone! };
  await register(new Agent(server.url), person);
  const accountId = await accountIdOf(server, person.username);
  await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('account_id', '=', accountId).execute();
  const agent = new Agent(server.url);
  expect((await login(agent, person.username, person.password)).status).toBe(200);
  const step = await agent.call('POST', '/api/account/real-name/bank4/sms-step', {});
  server.clock.advance(61_000);
  const sent = await agent.call('POST', '/api/account/real-name/bank4/sms-code', { flowId: step.body.flowId, captcha: TEST_CAPTCHA, phone: r.bankPhone });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect((await agent.call('POST', '/api/account/real-name/bank4/sms-code/verify', { flowId: step.body.flowId, code: server.lastSmsCode(r.bankPhone!) })).status).toBe(200);
  const ok = await agent.call('POST', '/api/account/real-name/bank4', { flowId: step.body.flowId, cardNumber: r.bankCard });
  expect(ok.body, JSON.stringify(ok.body)).toMatchObject({ assuranceLevel: 'L4' });
  return { agent, person, accountId };
}
