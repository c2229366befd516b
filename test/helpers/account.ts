/** Signed-in people for the account-centre tests, and the re-authentication step they take. */
import { expect } from 'vitest';
import { Agent } from './browser.js';
import { login, newPerson, register, type TestPerson } from './people.js';
import type { TestServer } from './server.js';

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
