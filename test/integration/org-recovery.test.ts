import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';
import { generateSandboxEnterprises } from '../../src/connectors/enterprise/index.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;
let staff: Agent;

const jpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64 * 1024, 7)]).toString('base64')}`;
const png = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]).toString('base64')}`;

beforeAll(async () => {
  server = await startServer();
  next = await companies(server);
  staff = new Agent(server.url);
  const s = newPerson();
  await register(staff, s);
  await login(staff, s.username, s.password);
  const row = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', s.username).executeTakeFirstOrThrow();
  await server.ctx.db.insertInto('staff_roles').values({ account_id: row.id, role: 'staff', granted_at: new Date(), granted_by: 'test' }).execute();
});
afterAll(async () => {
  await server?.close();
});

async function anOrg(): Promise<TestOrg> {
  const a = new Agent(server.url);
  const p = newPerson();
  await register(a, p);
  await login(a, p.username, p.password);
  return registerOrg(a, next());
}

async function apply(uscc: string, photos = { licencePhoto: jpeg, agentIdPhoto: png }) {
  const agent = new Agent(server.url);
  const p = newPerson();
  const flow = await agent.call('POST', '/api/flows/org-recovery', {});
  expect(flow.status).toBe(201);
  return agent.call('POST', `/api/flows/org-recovery/${flow.body.flow.id}`, { uscc, agentName: p.name, agentIdNumber: p.idNumber, phone: p.phone, ...photos, captcha: TEST_CAPTCHA });
}

describe('单位找回密码 by uploaded documents', () => {
  it('queues the request for staff, who approve it; the applicant then sets a new password once', async () => {
    const org = await anOrg();
    const res = await apply(org.company.uscc);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { requestId, claimToken } = res.body;
    const anon = new Agent(server.url);
    expect((await anon.call('POST', '/api/org-recovery/status', { requestId, claimToken })).body).toEqual({ status: 'pending', note: null, canReset: false });
    expect((await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: 'Rc8#pLm2Wq', confirmPassword: 'Rc8#pLm2Wq' })).status).toBe(404);

    const queue = (await staff.call('GET', '/api/staff/org-recovery')).body.items;
    const item = queue.find((i: { id: string }) => i.id === requestId);
    expect(item).toMatchObject({ uscc: org.company.uscc, orgExists: true });
    expect(item.agentIdMasked).toMatch(/\*/);
    const docs = await staff.call('GET', `/api/staff/org-recovery/${requestId}/documents`);
    expect(docs.body.licencePhoto).toBe(jpeg);
    expect((await staff.call('POST', `/api/staff/org-recovery/${requestId}/decision`, { approve: true, note: null })).status).toBe(204);

    expect((await anon.call('POST', '/api/org-recovery/status', { requestId, claimToken })).body.canReset).toBe(true);
    expect((await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken: 'x'.repeat(43), newPassword: 'Rc8#pLm2Wq', confirmPassword: 'Rc8#pLm2Wq' })).status).toBe(404);
    expect((await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: 'Rc8#pLm2Wq', confirmPassword: 'Rc8#pLm2Wq' })).status).toBe(204);
    expect((await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: 'Zz9#pLm2Wq', confirmPassword: 'Zz9#pLm2Wq' })).status).toBe(404);
    expect((await orgLogin(new Agent(server.url), org.username, 'Rc8#pLm2Wq')).status).toBe(200);
    expect((await orgLogin(new Agent(server.url), org.username, org.password)).status).toBe(401);
  });

  it('answers the same for a code without an org account; staff can only reject it', async () => {
    const res = await apply(generateSandboxEnterprises(1, 'no-account')[0]!.uscc);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['claimToken', 'requestId']);
    const approve = await staff.call('POST', `/api/staff/org-recovery/${res.body.requestId}/decision`, { approve: true, note: null });
    expect(approve.status).toBe(404);
    expect((await staff.call('POST', `/api/staff/org-recovery/${res.body.requestId}/decision`, { approve: false, note: '材料不符' })).status).toBe(204);
    const status = await new Agent(server.url).call('POST', '/api/org-recovery/status', { requestId: res.body.requestId, claimToken: res.body.claimToken });
    expect(status.body).toEqual({ status: 'rejected', note: '材料不符', canReset: false });
  });

  it('refuses files that are not JPEG or PNG', async () => {
    const org = await anOrg();
    const fake = `data:image/jpeg;base64,${Buffer.from('<svg/>').toString('base64')}`;
    const res = await apply(org.company.uscc, { licencePhoto: fake, agentIdPhoto: png });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('org.photo_invalid');
  });

  it('keeps the queue for staff only', async () => {
    const a = new Agent(server.url);
    const p = newPerson();
    await register(a, p);
    await login(a, p.username, p.password);
    const res = await a.call('GET', '/api/staff/org-recovery');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('staff.required');
  });
});
