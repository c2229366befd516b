import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { expectLimitedBeforeCaptcha, expectWrongCaptchaUsedUp, storedFlow, type CaptchaStep } from '../helpers/captcha.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';
import { generateSandboxEnterprises } from '../../src/connectors/enterprise/index.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { recoveryDocuments } from '../../src/orgs/recovery.js';

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

/** The application form for `uscc`, filled in by a new agent. */
function application(uscc: string, photos = { licencePhoto: jpeg, agentIdPhoto: png }) {
  const p = newPerson();
  return { uscc, agentName: p.name, agentIdNumber: p.idNumber, phone: p.phone, ...photos, captcha: TEST_CAPTCHA };
}

/** A new browser's flow: its id. */
async function startRecovery(agent: Agent): Promise<string> {
  const flow = await agent.call('POST', '/api/flows/org-recovery', {});
  expect(flow.status).toBe(201);
  return flow.body.flow.id;
}

async function apply(uscc: string, photos = { licencePhoto: jpeg, agentIdPhoto: png }) {
  const agent = new Agent(server.url);
  return agent.call('POST', `/api/flows/org-recovery/${await startRecovery(agent)}`, application(uscc, photos));
}

const requestsFor = (uscc: string) => server.ctx.db.selectFrom('org_recovery_requests').select('status').where('uscc', '=', uscc).execute();

/** An org with a request staff have approved; the applicant's claim. */
async function approvedRequest(): Promise<{ org: TestOrg; requestId: string; claimToken: string }> {
  const org = await anOrg();
  const res = await apply(org.company.uscc);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { requestId, claimToken } = res.body;
  expect((await staff.call('POST', `/api/staff/org-recovery/${requestId}/decision`, { approve: true, note: null })).status).toBe(204);
  return { org, requestId, claimToken };
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

  it('leaves the approval usable and the old password working when the new password is refused', async () => {
    const { org, requestId, claimToken } = await approvedRequest();
    const anon = new Agent(server.url);
    const weak = await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: 'Qq123456', confirmPassword: 'Qq123456' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('password.common');
    const reused = await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: org.password, confirmPassword: org.password });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('password.reused');

    const row = await server.ctx.db.selectFrom('org_recovery_requests').select('used_at').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect((await anon.call('POST', '/api/org-recovery/status', { requestId, claimToken })).body).toMatchObject({ status: 'approved', canReset: true });
    expect((await orgLogin(new Agent(server.url), org.username, org.password)).status).toBe(200);
    const resets = await server.ctx.db.selectFrom('audit_log').select('id').where('subject', '=', org.id).where('event', '=', 'account.password_reset').execute();
    expect(resets).toHaveLength(0);

    expect((await anon.call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: 'Rc8#pLm2Wq', confirmPassword: 'Rc8#pLm2Wq' })).status).toBe(204);
    expect((await orgLogin(new Agent(server.url), org.username, 'Rc8#pLm2Wq')).status).toBe(200);
  });

  it('lets exactly one of two resets at once with the same request succeed', async () => {
    const { org, requestId, claimToken } = await approvedRequest();
    const passwords = ['Rc8#pLm2Wq', 'Zz9#pLm2Wq'];
    const results = await Promise.all(passwords.map((p) => new Agent(server.url).call('POST', '/api/org-recovery/reset', { requestId, claimToken, newPassword: p, confirmPassword: p })));
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    const winner = passwords[results.findIndex((r) => r.status === 204)]!;
    const loser = passwords.find((p) => p !== winner)!;
    expect((await orgLogin(new Agent(server.url), org.username, winner)).status).toBe(200);
    expect((await orgLogin(new Agent(server.url), org.username, loser)).status).toBe(401);
    const resets = await server.ctx.db.selectFrom('audit_log').select('id').where('subject', '=', org.id).where('event', '=', 'account.password_reset').execute();
    expect(resets).toHaveLength(1);
    // The one reset left one old hash in the history, not two.
    const history = await server.ctx.db.selectFrom('password_history').select('id').where('account_id', '=', org.id).execute();
    expect(history).toHaveLength(1);
  });

  it('takes one decision per request when two reviewers answer at once', async () => {
    const org = await anOrg();
    const res = await apply(org.company.uscc);
    const { requestId } = res.body;
    const [a, b] = await Promise.all([
      staff.call('POST', `/api/staff/org-recovery/${requestId}/decision`, { approve: true, note: null }),
      staff.call('POST', `/api/staff/org-recovery/${requestId}/decision`, { approve: false, note: '材料不符' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([204, 404]);
    const decisions = await server.ctx.db.selectFrom('audit_log').select('event').where('event', 'in', ['org.recovery_approve', 'org.recovery_reject']).where(sql<boolean>`detail->>'requestId' = ${requestId}`).execute();
    expect(decisions).toHaveLength(1);
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

  const applicationStep = async (uscc: string): Promise<CaptchaStep> => {
    const agent = new Agent(server.url);
    return { agent, path: (id) => `/api/flows/org-recovery/${id}`, flowId: await startRecovery(agent), form: application(uscc), state: 'documents' };
  };

  it('uses up the captcha whatever the answer: after a wrong one the right one is refused too, and nothing is stored', async () => {
    const uscc = generateSandboxEnterprises(1, 'captcha-wrong')[0]!.uscc;
    await expectWrongCaptchaUsedUp(server, await applicationStep(uscc));
    expect(await requestsFor(uscc)).toEqual([]);
  });

  it('past the per-IP limit: 429 before the flow or its captcha are looked at, and nothing is stored', async () => {
    const uscc = generateSandboxEnterprises(1, 'captcha-limited')[0]!.uscc;
    const step = await applicationStep(uscc);
    await expectLimitedBeforeCaptcha(server, step, 'orgRecoveryPerIp');
    expect(await requestsFor(uscc)).toEqual([]);
    const res = await step.agent.call('POST', step.path(step.flowId), step.form);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await requestsFor(uscc)).toEqual([{ status: 'pending' }]);
    expect(await storedFlow(server, step.flowId)).toEqual({ state: 'submitted', captcha_hash: null });
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

/** A person signed in on `agent`, made service-hall staff. */
async function newStaff() {
  const agent = new Agent(server.url);
  const p = newPerson();
  await register(agent, p);
  await login(agent, p.username, p.password);
  const row = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
  await server.ctx.db.insertInto('staff_roles').values({ account_id: row.id, role: 'staff', granted_at: new Date(), granted_by: 'test' }).execute();
  return { agent, p, id: row.id };
}

const decide = (agent: Agent, requestId: string, approve: boolean) => agent.call('POST', `/api/staff/org-recovery/${requestId}/decision`, { approve, note: approve ? null : '材料不符' });

describe('four eyes on the recovery queue', () => {
  it('a staff member cannot decide a request that names them as the agent, for any org; another staff member can', async () => {
    const clerk = await newStaff();
    const org = await anOrg();
    // The clerk files 单位找回密码 for an org that is not theirs, naming themselves as the agent (their ID number typed in lower case).
    const filer = new Agent(server.url);
    const form = { ...application(org.company.uscc), agentName: clerk.p.name, agentIdNumber: clerk.p.idNumber.toLowerCase() };
    const res = await filer.call('POST', `/api/flows/org-recovery/${await startRecovery(filer)}`, form);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { requestId, claimToken } = res.body;
    for (const approve of [true, false]) {
      const refused = await decide(clerk.agent, requestId, approve);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('staff.self');
    }
    expect(await requestsFor(org.company.uscc)).toEqual([{ status: 'pending' }]);
    expect((await filer.call('POST', '/api/org-recovery/status', { requestId, claimToken })).body.canReset).toBe(false);
    const refusals = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('actor', '=', clerk.id).where(sql<boolean>`detail->>'requestId' = ${requestId}`).execute();
    expect(refusals).toEqual([{ event: 'org.recovery_approve', result: 'failure' }, { event: 'org.recovery_reject', result: 'failure' }]);
    expect((await decide(staff, requestId, true)).status).toBe(204);
  });

  it('a staff member who registered the org, or whom it named as a member, cannot decide its requests', async () => {
    // The clerk registered the org (registrant and its first member).
    const registrant = await newStaff();
    const org = await registerOrg(registrant.agent, next());
    // Another clerk the org invited as an administrator.
    const invited = await newStaff();
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    expect((await orgAgent.call('POST', '/api/org/members', { name: invited.p.name, idNumber: invited.p.idNumber, role: 'admin' })).status).toBe(202);
    const res = await apply(org.company.uscc);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const clerk of [registrant, invited]) {
      const refused = await decide(clerk.agent, res.body.requestId, true);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('staff.self');
    }
    expect((await decide(staff, res.body.requestId, true)).status).toBe(204);
  });
});

// Last in this file: it moves the server's clock weeks ahead.
describe('documents of closed requests', () => {
  it('are erased by housekeeping once closed longer than the retention period; pending ones stay', async () => {
    const DAY = 24 * 60;
    const retention = server.ctx.config.orgs.recoveryRetentionDays;
    const rejected = (await apply((await anOrg()).company.uscc)).body.requestId as string;
    expect((await staff.call('POST', `/api/staff/org-recovery/${rejected}/decision`, { approve: false, note: '材料不符' })).status).toBe(204);
    const used = await approvedRequest();
    const reset = { requestId: used.requestId, claimToken: used.claimToken, newPassword: 'Rc8#pLm2Wq', confirmPassword: 'Rc8#pLm2Wq' };
    expect((await new Agent(server.url).call('POST', '/api/org-recovery/reset', reset)).status).toBe(204);
    const unused = (await approvedRequest()).requestId; // approved, never used: closed when its reset window ends
    const pending = (await apply((await anOrg()).company.uscc)).body.requestId as string;
    const ids = [rejected, used.requestId, unused, pending];
    const rows = () =>
      server.ctx.db
        .selectFrom('org_recovery_requests')
        .select(['id', 'status', 'uscc', 'agent_name', 'licence_photo_enc', 'agent_id_photo_enc', 'agent_id_enc', 'phone_enc'])
        .where('id', 'in', ids)
        .execute()
        .then((rs) => new Map(rs.map((r) => [r.id, r])));
    const erased = async () => [...(await rows())].filter(([, r]) => r.licence_photo_enc === '').map(([id]) => id);

    server.clock.advanceMinutes((retention - 1) * DAY);
    await runHousekeeping(server.ctx);
    expect(await erased()).toEqual([]);

    server.clock.advanceMinutes(2 * DAY);
    expect((await runHousekeeping(server.ctx)).erasedRecoveryDocuments).toBeGreaterThanOrEqual(2); // with earlier tests' requests
    expect((await erased()).sort()).toEqual([rejected, used.requestId].sort());
    const row = (await rows()).get(rejected)!;
    // The row stays for the audit trail, without what named or showed the agent.
    expect(row).toMatchObject({ status: 'rejected', agent_name: '', agent_id_photo_enc: '', agent_id_enc: '', phone_enc: '' });
    expect(row.uscc).toMatch(/^[0-9A-Z]{18}$/);
    await expect(recoveryDocuments(server.ctx, 'staff', rejected)).rejects.toMatchObject({ code: 'org.recovery_not_found' });

    // The unused approval closes when its reset window ends; the pending request waits for staff.
    server.clock.advanceMinutes(8 * DAY);
    await runHousekeeping(server.ctx);
    expect((await erased()).sort()).toEqual([rejected, used.requestId, unused].sort());
    expect((await recoveryDocuments(server.ctx, 'staff', pending)).licencePhoto).toBe(jpeg);
  });
});
