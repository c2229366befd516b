/**
 * Every API route declares whom it serves (person, org, staff, admin, or public), one hook enforces
 * it, and a write that stores nothing is not reported as a success (SECURITY.md, Authorization).
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNickname } from '../../src/accounts/settings/profile.js';
import { commitPhoneChange, startPhoneChange } from '../../src/accounts/settings/phone.js';
import { HASH_KIND } from '../../src/accounts/accounts.js';
import { buildApp } from '../../src/http/app.js';
import { AUDIENCES, declaredRoutes, enforceAudiences } from '../../src/http/audience.js';
import { signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { newPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let org: TestOrg;
let orgAgent: Agent;

beforeAll(async () => {
  server = await startServer();
  const next = await companies(server, 10);
  const registrant = await signedInPerson(server);
  org = await registerOrg(registrant.agent, next());
  orgAgent = new Agent(server.url);
  expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

/** `METHOD /path` of every route in printRoutes' tree (a child line holds the rest of its parent's path). */
function routeTable(tree: string): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    const path = (parents[depth - 1] ?? '') + m[2]!;
    parents[depth] = path;
    parents.length = depth + 1;
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

describe('route declarations', () => {
  it('every /api route of the app declares whom it serves (Fastify’s own route table walked)', async () => {
    const app = await buildApp(server.ctx, { webRoot: '/nonexistent' });
    try {
      await app.ready();
      const declared = new Map(declaredRoutes(app).map((r) => [`${r.method} ${r.url}`, r.serves]));
      const apiRoutes = routeTable(app.printRoutes({ commonPrefix: false })).filter((r) => r.includes(' /api/'));
      expect(apiRoutes.length).toBeGreaterThan(90);
      const undeclared = apiRoutes.filter((r) => !(declared.get(r) ?? []).length || !declared.get(r)!.every((k) => AUDIENCES.includes(k)));
      expect(undeclared).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('an /api route without a declaration stops the app from starting', async () => {
    const app = Fastify();
    enforceAudiences(app, server.ctx);
    app.get('/api/declared', { config: { serves: ['public'] } }, async () => ({}));
    app.get('/not-api', async () => ({}));
    expect(() => app.get('/api/forgotten', async () => ({}))).toThrow(/must declare whom it serves/);
    await app.close();
  });
});

describe('an org account on person routes', () => {
  it('gets 403 account.person_only from every person-only route, and nothing is stored or audited as done', async () => {
    expect((await orgAgent.call('POST', '/api/account/reauth/password', { password: org.password })).status).toBe(200);
    const phone = newPerson().phone;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/account/profile'],
      ['GET', '/api/account/settings'],
      ['POST', '/api/account/nickname', { nickname: '单位昵称' }],
      ['GET', '/api/account/addresses'],
      ['POST', '/api/account/addresses', { recipient: '张三', phone, region: '四川省成都市', detail: '人民南路1号', postcode: '610000' }],
      ['GET', '/api/account/security-questions'],
      ['POST', '/api/account/security-questions', { items: [{ questionId: 'q1', answer: 'a' }, { questionId: 'q2', answer: 'b' }, { questionId: 'q3', answer: 'c' }] }],
      ['POST', '/api/account/phone/flows', {}],
      ['POST', '/api/account/email/flows', {}],
      ['POST', '/api/account/password', { newPassword: 'Xq9#vLm2Pw', confirmPassword: 'Xq9#vLm2Pw' }],
      ['POST', '/api/account/reauth/sms', {}],
      ['GET', '/api/account/real-name'],
      ['GET', '/api/account/org-invitations'],
      ['POST', '/api/session/acting', { orgId: null }],
    ];
    for (const [method, path, body] of calls) {
      const res = await orgAgent.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code, `${method} ${path}`).toBe('account.person_only');
    }
    const db = server.ctx.db;
    expect(await db.selectFrom('mailing_addresses').select('id').where('account_id', '=', org.id).execute()).toEqual([]);
    expect(await db.selectFrom('security_questions').select('position').where('account_id', '=', org.id).execute()).toEqual([]);
    expect(await db.selectFrom('flows').select('id').where('kind', 'in', ['phone_change', 'email_bind', 'reauth_sms']).where(sql<boolean>`data->>'accountId' = ${org.id}`).execute()).toEqual([]);
    const done = await db.selectFrom('audit_log').select('event').where('actor', '=', org.id).where('result', '=', 'success').where('event', 'like', 'account.%').execute();
    expect(done.map((r) => r.event)).toEqual(['account.reauth']);
    // The password the person route would have changed still signs the org in.
    expect((await orgLogin(new Agent(server.url), org.username, org.password)).status).toBe(200);
  });

  it('keeps what org accounts use: its session, login history, devices, the org centre and its own password route', async () => {
    expect((await orgAgent.call('GET', '/api/session')).body.account.kind).toBe('org');
    expect((await orgAgent.call('GET', '/api/session/acting')).body.kind).toBe('org');
    expect((await orgAgent.call('GET', '/api/account/login-history')).status).toBe(200);
    expect((await orgAgent.call('GET', '/api/account/sessions')).body.items.length).toBeGreaterThan(0);
    expect((await orgAgent.call('GET', '/api/org')).body.me.role).toBe('org');
    expect((await orgAgent.call('GET', '/api/org/security-questions')).status).toBe(200);
    const wrong = await orgAgent.call('POST', '/api/org/password', { currentPassword: 'not-it', newPassword: 'Xq9#vLm2Pw', confirmPassword: 'Xq9#vLm2Pw' });
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
  });
});

describe('other kinds', () => {
  it('a person not acting for an org is refused the org centre; a person who is not staff the staff queues; nobody signed in gets 401', async () => {
    const p = await signedInPerson(server);
    const orgCentre = await p.agent.call('GET', '/api/org');
    expect([orgCentre.status, orgCentre.body.error.code]).toEqual([403, 'org.choose_required']);
    for (const [method, path, body] of [['GET', '/api/staff/org-recovery'], ['POST', '/api/staff/counter/lookup', { idNumber: p.person.idNumber }]] as const) {
      const res = await p.agent.call(method, path, body);
      expect([res.status, res.body.error.code], path).toEqual([403, 'staff.required']);
    }
    const staffRoute = await orgAgent.call('GET', '/api/staff/org-recovery');
    expect([staffRoute.status, staffRoute.body.error.code]).toEqual([403, 'staff.required']);
    // The phone's QR confirmation keeps its own refusal for an org.
    const qr = await orgAgent.call('POST', '/api/qr/scan', { ticket: 'x'.repeat(43) });
    expect([qr.status, qr.body.error.code]).toEqual([403, 'qr.person_only']);
    const anonymous = await new Agent(server.url).call('GET', '/api/account/addresses');
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'session.required']);
  });
});

describe('a write that changes nothing', () => {
  it('is not reported as a success: a nickname or phone for an account without a person record', async () => {
    await expect(setNickname(server.ctx, org.id, '昵称', '127.0.0.1')).rejects.toMatchObject({ code: 'account.person_only' });
    const flow = await startPhoneChange(server.ctx, org.id, 'test-binding');
    const phone = newPerson().phone;
    const proven = { ...flow, state: 'phone_proven' as const, data: { accountId: org.id, phoneEnc: server.ctx.vault.encrypt(phone), phoneHash: server.ctx.vault.lookupHash(HASH_KIND.phone, phone) } };
    await server.ctx.db.updateTable('flows').set({ state: 'phone_proven', data: JSON.stringify(proven.data) }).where('id', '=', flow.id).execute();
    await expect(commitPhoneChange(server.ctx, proven, '127.0.0.1', { via: 'sms' })).rejects.toMatchObject({ code: 'account.person_only' });
    const audited = await server.ctx.db.selectFrom('audit_log').select('event').where('actor', '=', org.id).where('event', 'in', ['account.nickname_change', 'account.phone_change']).execute();
    expect(audited).toEqual([]);
    // The flow did not end either.
    expect((await server.ctx.db.selectFrom('flows').select('state').where('id', '=', flow.id).executeTakeFirstOrThrow()).state).toBe('phone_proven');
  });
});
