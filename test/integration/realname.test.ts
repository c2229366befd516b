import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { login, register, newPerson, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: Awaited<ReturnType<typeof seedSandboxRegistry>>;

beforeAll(async () => {
  server = await startServer();
  registry = await seedSandboxRegistry(server.ctx, { count: 20, seed: 7 });
});
afterAll(async () => {
  await server?.close();
});

/** A Shenfen person whose identity is one of the sandbox registry's people. */
async function signedInAs(entry: { name: string; idNumber: string }): Promise<{ agent: Agent; p: TestPerson }> {
  const p = { ...newPerson(), name: entry.name, idNumber: entry.idNumber };
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, p };
}

const living = () => registry.find((r) => r.status === 'alive' && r.idType === 'resident_id' && !used.has(r.idNumber) && used.add(r.idNumber))!;
const used = new Set<string>();

describe('real-name verification: ID card two-element (身份证实名认证)', () => {
  it('lists the methods with their status, then raises the person to L3 with evidence', async () => {
    const { agent, p } = await signedInAs(living());
    const before = await agent.call('GET', '/api/account/real-name');
    expect(before.body.assuranceLevel).toBe('L2');
    expect(before.body.methods.find((m: { id: string }) => m.id === 'id_card')).toMatchObject({ level: 'L3', status: 'not_verified', applicable: true });

    const res = await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assuranceLevel).toBe('L3');
    const after = await agent.call('GET', '/api/account/real-name');
    expect(after.body.methods.find((m: { id: string }) => m.id === 'id_card').status).toBe('verified');
    expect((await agent.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L3');
  });

  it('lowers the level again when the evidence expires', async () => {
    const { agent, p } = await signedInAs(living());
    await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber });
    const fresh = await new Agent(server.url);
    server.clock.advanceMinutes(366 * 24 * 60);
    await login(fresh, p.username, p.password);
    expect((await fresh.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L2');
    server.clock.advanceMinutes(-366 * 24 * 60);
  });

  it('refuses data that differs from the registered identity, without asking the authority', async () => {
    const { agent, p } = await signedInAs(living());
    const res = await agent.call('POST', '/api/account/real-name/id_card', { name: '王五', idNumber: p.idNumber });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('realname.identity_differs');
    const evidence = await server.ctx.db.selectFrom('evidence').select('method').where('method', '=', 'id_card').where('result', '=', 'fail').execute();
    expect(evidence.length).toBe(0);
  });

  it('gives one answer for someone the authority does not know, and records the failure', async () => {
    // A valid but unregistered identity: not in the sandbox registry.
    const { agent, p } = await signedInAs({ name: '赵六', idNumber: newPerson().idNumber });
    const res = await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('realname.id_mismatch');
    expect(res.body.error.message).toBe('身份信息核验未通过，请检查姓名和身份证号码');
    expect((await agent.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L2');
  });

  it('answers a deceased person like any mismatch', async () => {
    const dead = registry.find((r) => r.status === 'deceased' && r.idType === 'resident_id')!;
    const { agent, p } = await signedInAs(dead);
    const res = await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber });
    expect(res.body.error.code).toBe('realname.id_mismatch');
  });

  it('limits checks per person to 5 a day', async () => {
    const strict = await startServer({ limits: { ...server.ctx.config.limits, realNamePerAccount: { max: 5, windowSeconds: 24 * 3600 } } });
    try {
      const p = { ...newPerson(), name: '钱七' };
      await register(new Agent(strict.url), p);
      const agent = new Agent(strict.url);
      await login(agent, p.username, p.password);
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push((await agent.call('POST', '/api/account/real-name/id_card', { name: p.name, idNumber: p.idNumber })).body.error.code);
      expect(codes.slice(0, 5).every((c) => c === 'realname.id_mismatch')).toBe(true);
      expect(codes[5]).toBe('rate_limited');
    } finally {
      await strict.close();
    }
  });

  it('needs a session, a known method and valid input', async () => {
    const anon = new Agent(server.url);
    expect((await anon.call('POST', '/api/account/real-name/id_card', { name: 'a', idNumber: 'b' })).status).toBe(401);
    const { agent } = await signedInAs({ name: '孙八', idNumber: newPerson().idNumber });
    expect((await agent.call('POST', '/api/account/real-name/nope', {})).body.error.code).toBe('realname.unknown_method');
    expect((await agent.call('POST', '/api/account/real-name/id_card', { name: 'x', idNumber: 1 })).status).toBe(400);
  });
});
