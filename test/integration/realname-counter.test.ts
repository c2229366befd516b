import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffCommand } from '../../src/methods/realname/staff-cli.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function person(): Promise<{ agent: Agent; p: TestPerson; accountId: string }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  const { id } = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
  return { agent, p, accountId: id };
}

const quiet = async (flags: string[]) => {
  const log = console.log;
  const err = console.error;
  console.log = () => {};
  console.error = () => {};
  try {
    return await staffCommand(server.ctx, flags);
  } finally {
    console.log = log;
    console.error = err;
  }
};

describe('counter verification by staff (办事大厅现场认证) — L5', () => {
  it('is refused to an account without the staff role', async () => {
    const clerk = await person();
    const citizen = await person();
    expect((await clerk.agent.call('GET', '/api/staff/status')).body).toEqual({ staff: false });
    const look = await clerk.agent.call('POST', '/api/staff/counter/lookup', { idNumber: citizen.p.idNumber });
    expect(look.status).toBe(403);
    expect(look.body.error.code).toBe('staff.required');
    const rec = await clerk.agent.call('POST', '/api/staff/counter/verify', { accountId: citizen.accountId, documentType: 'resident_id', documentNumber: citizen.p.idNumber, place: '成都市政务服务中心', documentChecked: true });
    expect(rec.status).toBe(403);
    expect(await server.ctx.db.selectFrom('evidence').select('id').where('method', '=', 'counter').execute()).toHaveLength(0);
    expect((await new Agent(server.url).call('POST', '/api/staff/counter/lookup', { idNumber: citizen.p.idNumber })).status).toBe(401);
  });

  it('staff granted by the CLI look the person up and record the check; the person reaches L5', async () => {
    const clerk = await person();
    const citizen = await person();
    expect(await quiet(['grant', clerk.p.username])).toBe(0);
    expect(await quiet(['grant', 'nobody_here'])).toBe(1);
    expect((await clerk.agent.call('GET', '/api/staff/status')).body).toEqual({ staff: true });

    const look = await clerk.agent.call('POST', '/api/staff/counter/lookup', { idNumber: citizen.p.idNumber.toLowerCase() });
    expect(look.status, JSON.stringify(look.body)).toBe(200);
    expect(look.body.persons).toHaveLength(1);
    expect(look.body.persons[0]).toMatchObject({ accountId: citizen.accountId, name: citizen.p.name, idType: 'resident_id', assuranceLevel: 'L2', counterVerified: false });
    expect(look.body.persons[0].idNumberMasked).not.toBe(citizen.p.idNumber);
    expect((await clerk.agent.call('POST', '/api/staff/counter/lookup', { idNumber: newPerson().idNumber })).body.error.code).toBe('staff.person_not_found');

    const base = { accountId: citizen.accountId, documentType: 'resident_id', place: '成都市政务服务中心 3号窗口', documentChecked: true };
    const wrong = await clerk.agent.call('POST', '/api/staff/counter/verify', { ...base, documentNumber: newPerson().idNumber });
    expect(wrong.body.error.code).toBe('staff.document_mismatch');
    expect((await clerk.agent.call('POST', '/api/staff/counter/verify', { ...base, documentType: 'hmt_residence_permit', documentNumber: citizen.p.idNumber })).body.error.code).toBe('staff.document_mismatch');
    expect((await clerk.agent.call('POST', '/api/staff/counter/verify', { ...base, documentNumber: citizen.p.idNumber, documentChecked: false })).status).toBe(400);

    const ok = await clerk.agent.call('POST', '/api/staff/counter/verify', { ...base, documentNumber: citizen.p.idNumber });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.assuranceLevel).toBe('L5');
    expect((await citizen.agent.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L5');
    const list = (await citizen.agent.call('GET', '/api/account/real-name')).body;
    expect(list.methods.find((m: { id: string }) => m.id === 'counter').status).toBe('verified');

    const row = await server.ctx.db
      .selectFrom('counter_checks')
      .innerJoin('evidence', 'evidence.id', 'counter_checks.evidence_id')
      .selectAll()
      .where('evidence.account_id', '=', citizen.accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ place: '成都市政务服务中心 3号窗口', document_type: 'resident_id', source: `counter:${clerk.p.username}`, level: 'L5', staff_account_id: clerk.accountId });
    expect(row.document_number_masked).toContain('*');
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('event', 'in', ['realname.counter', 'staff.lookup']).execute();
    expect(audit.filter((a) => a.event === 'realname.counter').map((a) => a.result)).toEqual(expect.arrayContaining(['failure', 'success']));
    expect(JSON.stringify(audit)).not.toContain(citizen.p.idNumber);

    // Three years on the check no longer counts.
    server.clock.advanceMinutes(3 * 366 * 24 * 60);
    try {
      const later = new Agent(server.url);
      await login(later, citizen.p.username, citizen.p.password);
      expect((await later.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L2');
    } finally {
      server.clock.advanceMinutes(-3 * 366 * 24 * 60);
    }
  });

  it('staff cannot verify themselves, and a revoked role is refused again', async () => {
    const clerk = await person();
    await quiet(['grant', clerk.p.username]);
    const self = await clerk.agent.call('POST', '/api/staff/counter/verify', { accountId: clerk.accountId, documentType: 'resident_id', documentNumber: clerk.p.idNumber, place: '柜台', documentChecked: true });
    expect(self.body.error.code).toBe('staff.self');
    expect(await quiet(['revoke', clerk.p.username])).toBe(0);
    expect((await clerk.agent.call('POST', '/api/staff/counter/lookup', { idNumber: clerk.p.idNumber })).body.error.code).toBe('staff.required');
  });
});
