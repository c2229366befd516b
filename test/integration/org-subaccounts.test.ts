import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { recordEvidence } from '../../src/methods/realname/evidence.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { authorize, discover } from '../helpers/oidc.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;
const REDIRECT = 'http://localhost:9998/callback';
const CAS_SERVICE = 'http://localhost:9998/cas-app/';
const CAS_L4_SERVICE = 'http://localhost:9998/cas-l4/';
const secrets: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  next = await companies(server);
  for (const [id, name] of [['pension', '养老保险业务系统'], ['injury', '工伤保险业务系统']] as const) {
    const added = await addBusinessSystem(server.ctx, { id, name, firstParty: true, minLevel: 'L1', oidc: { redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'refresh_token'] } });
    secrets[id] = added.clientSecret!;
  }
  await addBusinessSystem(server.ctx, { id: 'casapp', name: 'CAS业务系统', casServicePatterns: [CAS_SERVICE] });
  for (const [id, minLevel] of [['l3sys', 'L3'], ['l4sys', 'L4']] as const) {
    const added = await addBusinessSystem(server.ctx, { id, name: `${minLevel}业务系统`, firstParty: true, minLevel, oidc: { redirectUris: [REDIRECT], grantTypes: ['authorization_code'] } });
    secrets[id] = added.clientSecret!;
  }
  await addBusinessSystem(server.ctx, { id: 'casl4', name: 'CAS单位申报系统', minLevel: 'L4', casServicePatterns: [CAS_L4_SERVICE] });
});
afterAll(async () => {
  await server?.close();
});

async function signedIn(p = newPerson()) {
  const agent = new Agent(server.url);
  await register(agent, p);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, person: p };
}

/** An org registered by a fresh agent, signed in as the org itself. */
async function orgWithAccount(): Promise<{ org: TestOrg; orgAgent: Agent; registrant: Agent }> {
  const { agent: registrant } = await signedIn();
  const org = await registerOrg(registrant, next());
  const orgAgent = new Agent(server.url);
  expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
  return { org, orgAgent, registrant };
}

async function invite(orgAgent: Agent, p: Pick<TestPerson, 'name' | 'idNumber'>, role = 'agent') {
  return orgAgent.call('POST', '/api/org/members', { name: p.name, idNumber: p.idNumber, role });
}

/** Invites `p`, who accepts; returns the member id. */
async function bind(orgAgent: Agent, personAgent: Agent, p: TestPerson): Promise<string> {
  const res = await invite(orgAgent, p);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const inv = await personAgent.call('GET', '/api/account/org-invitations');
  const mine = inv.body.items.find((i: { id: string }) => i.id === res.body.id);
  expect(mine).toBeDefined();
  expect((await personAgent.call('POST', `/api/account/org-invitations/${mine.id}/accept`, {})).status).toBe(204);
  return res.body.id;
}

async function grant(orgAgent: Agent, memberId: string, grants: { systemId: string; expiresAt?: string | null }[]) {
  return orgAgent.call('PUT', `/api/org/members/${memberId}/grants`, { grants });
}

const rp = (id: string) => discover(server.url, id, secrets[id]!);

/** Signs in to a business system by OIDC with the agent's Shenfen session. */
async function oidcSignIn(agent: Agent, systemId: string) {
  const config = await rp(systemId);
  const { verifier, state, result } = await authorize(agent, config, REDIRECT, 'openid profile offline_access');
  if (!result.url.startsWith(REDIRECT)) return { refused: result };
  const tokens = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
  const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
  return { tokens, info, config };
}

describe('sub-accounts (子账号信息)', () => {
  it('answers the same whether or not the person exists (如果信息匹配，绑定请求已发送)', async () => {
    const { orgAgent } = await orgWithAccount();
    const { person } = await signedIn();
    const ghost = newPerson();
    const a = await invite(orgAgent, person);
    const b = await invite(orgAgent, ghost);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.body.message).toBe('如果信息匹配，绑定请求已发送');
    expect(Object.keys(a.body)).toEqual(Object.keys(b.body));
    expect(b.body.message).toBe(a.body.message);
    const list = (await orgAgent.call('GET', '/api/org/members')).body.items;
    expect(list.filter((m: { status: string }) => m.status === 'pending')).toHaveLength(2);
    expect(list[1].idNumberMasked).not.toContain(ghost.idNumber.slice(6, 14));
  });

  it('answers a second binding request for the same ID number with 409 org.already_member (was a 500, found by the fuzz suite)', async () => {
    const { orgAgent } = await orgWithAccount();
    const ghost = newPerson();
    expect((await invite(orgAgent, ghost)).status).toBe(202);
    const again = await invite(orgAgent, ghost);
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.error.code).toBe('org.already_member');
  });

  it('binds a person who accepts; a person who declines is not bound and cannot act', async () => {
    const { org, orgAgent } = await orgWithAccount();
    const { agent: yes, person: pYes } = await signedIn();
    const { agent: no, person: pNo } = await signedIn();
    await bind(orgAgent, yes, pYes);
    const inv = await invite(orgAgent, pNo);
    expect((await no.call('POST', `/api/account/org-invitations/${inv.body.id}/decline`, {})).status).toBe(204);
    // Answered once only.
    expect((await no.call('POST', `/api/account/org-invitations/${inv.body.id}/accept`, {})).body.error.code).toBe('org.invitation_not_found');
    expect((await no.call('POST', '/api/session/acting', { orgId: org.id })).body.error.code).toBe('org.not_member');
    expect((await yes.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    const members = (await orgAgent.call('GET', '/api/org/members')).body.items as { name: string; status: string }[];
    expect(members.find((m) => m.name === pNo.name && m.status === 'declined')).toBeDefined();
    expect(members.filter((m) => m.status === 'active')).toHaveLength(2);
  });

  it('does not show a binding request to someone with the same ID but another name', async () => {
    const { orgAgent } = await orgWithAccount();
    const { agent, person } = await signedIn();
    await invite(orgAgent, { name: '王五', idNumber: person.idNumber });
    expect((await agent.call('GET', '/api/account/org-invitations')).body.items).toEqual([]);
  });

  it('lets only the org, the legal representative and administrators manage sub-accounts; at most 5 administrators', async () => {
    const { org, orgAgent, registrant } = await orgWithAccount();
    const { agent: a, person: pa } = await signedIn();
    await bind(orgAgent, a, pa);
    await a.call('POST', '/api/session/acting', { orgId: org.id });
    const refused = await invite(a, newPerson());
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('org.forbidden');
    // The registering agent is an administrator and may manage.
    await registrant.call('POST', '/api/session/acting', { orgId: org.id });
    expect((await invite(registrant, newPerson(), 'admin')).status).toBe(202);
    for (let i = 0; i < 3; i++) expect((await invite(orgAgent, newPerson(), 'admin')).status).toBe(202);
    const sixth = await invite(orgAgent, newPerson(), 'admin');
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('org.admins_full');
  });

  it('lists my authorisations with their systems and end, and lets me leave', async () => {
    const { org, orgAgent } = await orgWithAccount();
    const { agent, person } = await signedIn();
    const memberId = await bind(orgAgent, agent, person);
    const until = new Date(server.clock.now().getTime() + 30 * 86400_000).toISOString();
    expect((await grant(orgAgent, memberId, [{ systemId: 'pension', expiresAt: until }])).status).toBe(204);
    const mine = (await agent.call('GET', '/api/account/org-authorisations')).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ orgId: org.id, uscc: org.company.uscc, role: 'agent', systems: [{ id: 'pension', expiresAt: until, expired: false }] });
    await agent.call('POST', '/api/session/acting', { orgId: org.id });
    expect((await agent.call('POST', `/api/account/org-authorisations/${memberId}/leave`, {})).status).toBe(204);
    // Leaving ends the session that acted for the org.
    expect((await agent.call('GET', '/api/session')).status).toBe(401);
    await login(agent, person.username, person.password);
    expect((await agent.call('GET', '/api/account/org-authorisations')).body.items).toEqual([]);
    expect((await orgAgent.call('GET', '/api/org/members')).body.items.find((m: { id: string }) => m.id === memberId)).toBeUndefined();
  });

  it('refuses grants for unknown systems or ending in the past', async () => {
    const { orgAgent } = await orgWithAccount();
    const { agent, person } = await signedIn();
    const memberId = await bind(orgAgent, agent, person);
    expect((await grant(orgAgent, memberId, [{ systemId: 'nosuch' }])).body.error.code).toBe('org.business_system_unknown');
    const past = new Date(server.clock.now().getTime() - 1000).toISOString();
    expect((await grant(orgAgent, memberId, [{ systemId: 'pension', expiresAt: past }])).body.error.code).toBe('org.expiry_past');
  });
});

describe('single sign-on acting for an org', () => {
  async function actingPerson() {
    const { org, orgAgent } = await orgWithAccount();
    const { agent, person } = await signedIn();
    const memberId = await bind(orgAgent, agent, person);
    expect((await grant(orgAgent, memberId, [{ systemId: 'pension' }, { systemId: 'casapp' }])).status).toBe(204);
    expect((await agent.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    return { org, orgAgent, agent, person, memberId };
  }

  it('carries the org (with its social-security codes) and the acting person in the claims of a granted system', async () => {
    const { org, orgAgent, person, agent } = await actingPerson();
    await orgAgent.call('POST', '/api/org/ss-codes', { code: '51000012345', regionLevel: 'province', regionName: '四川省本级', insuranceTypes: ['pension'] });
    await orgAgent.call('POST', '/api/org/ss-codes', { code: '51010098765', regionLevel: 'city', regionName: '成都市', insuranceTypes: ['injury', 'unemployment'] });
    const r = await oidcSignIn(agent, 'pension');
    expect(r.info).toMatchObject({
      name: person.name,
      org: {
        uscc: org.company.uscc,
        name: org.company.name,
        ss_codes: [
          { code: '51000012345', region_level: 'province', region_name: '四川省本级', insurance_types: ['pension'] },
          { code: '51010098765', region_level: 'city', region_name: '成都市', insurance_types: ['injury', 'unemployment'] },
        ],
      },
      org_role: 'agent',
      acting_person: { name: person.name, preferred_username: person.username },
    });
    expect(r.info!.sub).toContain(':');
  });

  it('refuses a system not granted with a clear page', async () => {
    const { agent } = await actingPerson();
    const r = await oidcSignIn(agent, 'injury');
    expect(r.refused?.status).toBe(403);
    expect(String(r.refused?.body)).toContain('未获单位授权');
    expect(String(r.refused?.body)).toContain('单位尚未授权您使用该业务系统');
  });

  it('signs the person in for themselves, without org claims, when not acting', async () => {
    const { agent, person } = await signedIn();
    const r = await oidcSignIn(agent, 'injury');
    expect(r.info).toMatchObject({ name: person.name });
    expect(r.info).not.toHaveProperty('org');
  });

  it('refuses an expired grant, at sign-in and at refresh', async () => {
    const { orgAgent, agent, memberId } = await actingPerson();
    const until = new Date(server.clock.now().getTime() + 10 * 60_000).toISOString();
    await grant(orgAgent, memberId, [{ systemId: 'pension', expiresAt: until }]);
    const r = await oidcSignIn(agent, 'pension');
    expect(r.tokens).toBeDefined();
    server.clock.advanceMinutes(11);
    try {
      await expect(oidc.refreshTokenGrant(r.config!, r.tokens!.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      await agent.call('GET', '/api/session/acting');
      const again = await oidcSignIn(agent, 'pension');
      expect(String(again.refused?.body), String(again.refused?.body)).toContain('授权已过期');
    } finally {
      server.clock.advanceMinutes(-11);
    }
  });

  it('ends the acting sessions and their tokens at once when the org unbinds the person (解除绑定)', async () => {
    const { orgAgent, agent, memberId } = await actingPerson();
    const r = await oidcSignIn(agent, 'pension');
    expect((await orgAgent.call('DELETE', `/api/org/members/${memberId}`)).status).toBe(204);
    expect((await agent.call('GET', '/api/session')).status).toBe(401);
    await expect(oidc.refreshTokenGrant(r.config!, r.tokens!.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(r.config!, r.tokens!.access_token)).active).toBe(false);
    const audit = await server.ctx.db.selectFrom('audit_log').select('event').where('event', '=', 'org.member_unbind').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('gives CAS attributes for the org, and refuses CAS for a system not granted', async () => {
    const { org, orgAgent, agent, memberId } = await actingPerson();
    const res = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(CAS_SERVICE)}`);
    expect(res.status).toBe(302);
    const ticket = new URL(res.headers.get('location')!).searchParams.get('ticket')!;
    const v = await fetch(`${server.url}/cas/p3/serviceValidate?format=JSON&service=${encodeURIComponent(CAS_SERVICE)}&ticket=${ticket}`);
    const body = (await v.json()) as { serviceResponse: { authenticationSuccess: { attributes: Record<string, unknown> } } };
    expect(body.serviceResponse.authenticationSuccess.attributes).toMatchObject({ orgUscc: org.company.uscc, orgName: org.company.name, orgRole: 'agent', actingForOrg: 'true' });
    // The old names, until they go (docs/sso.md).
    expect(body.serviceResponse.authenticationSuccess.attributes).toMatchObject({ org_uscc: org.company.uscc, org_name: org.company.name, org_role: 'agent' });
    expect(body.serviceResponse.authenticationSuccess.attributes).not.toHaveProperty('orgSsCode');
    await orgAgent.call('POST', '/api/org/ss-codes', { code: '51000012345', regionLevel: 'province', regionName: '四川省本级', insuranceTypes: ['pension'] });
    await orgAgent.call('POST', '/api/org/ss-codes', { code: '51010098765', regionLevel: 'city', regionName: '成都市', insuranceTypes: ['injury', 'unemployment'] });
    const again = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(CAS_SERVICE)}`);
    const t2 = new URL(again.headers.get('location')!).searchParams.get('ticket')!;
    const v2 = (await (await fetch(`${server.url}/cas/p3/serviceValidate?format=JSON&service=${encodeURIComponent(CAS_SERVICE)}&ticket=${t2}`)).json()) as typeof body;
    expect(v2.serviceResponse.authenticationSuccess.attributes.org_ss_code).toEqual(['51000012345|province|四川省本级|pension', '51010098765|city|成都市|injury,unemployment']);
    expect(v2.serviceResponse.authenticationSuccess.attributes.orgSsCode).toEqual(['51000012345|province|四川省本级|pension', '51010098765|city|成都市|injury,unemployment']);
    await grant(orgAgent, memberId, [{ systemId: 'pension' }]);
    const refused = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(CAS_SERVICE)}`);
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain('未获单位授权');
  });

  it('switches subject when the person stops acting for the org in the same browser', async () => {
    const { org, agent, person } = await actingPerson();
    const asOrg = await oidcSignIn(agent, 'pension');
    expect(asOrg.info!.sub.endsWith(`:${org.id}`)).toBe(true);
    expect((await agent.call('POST', '/api/session/acting', { orgId: null })).status).toBe(204);
    const asSelf = await oidcSignIn(agent, 'pension');
    expect(asSelf.info?.sub, JSON.stringify(asSelf.refused)).toBeDefined();
    expect(asSelf.info!.sub).not.toContain(':');
    expect(asSelf.info).toMatchObject({ name: person.name });
    expect(asSelf.info).not.toHaveProperty('org');
    // Still signed in at Shenfen: switching subject is not a logout.
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
  });

  it('lets the org account itself into every system, with its org claims', async () => {
    const { org, orgAgent } = await orgWithAccount();
    const r = await oidcSignIn(orgAgent, 'injury');
    expect(r.info).toMatchObject({ account_kind: 'org', org: { uscc: org.company.uscc, name: org.company.name } });
  });
});

describe('an org account’s real-name level (企业登记信息核验)', () => {
  /** The 经办人登录 link of a 实名等级不足 page, decoded: where it sends the browser back to. */
  const agentLinkNext = (html: string) => {
    const href = /href="(\/login\?reauth=1&amp;as=agent&amp;next=[^"]+)"/.exec(html)?.[1];
    expect(href, html).toBeDefined();
    return new URLSearchParams(href!.replace(/&amp;/g, '&').split('?')[1]).get('next');
  };

  /** A person whose identity an authority checked (L3), as 身份证实名认证 records it. */
  async function verifiedPerson() {
    const s = await signedIn();
    const { id } = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', s.person.username).executeTakeFirstOrThrow();
    await recordEvidence(server.ctx, { accountId: id, method: 'id_card', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    return { ...s, accountId: id };
  }

  /** An org registered by `registrant`, signed in as the org itself. */
  async function orgBy(registrant: Agent) {
    const org = await registerOrg(registrant, next());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    return { org, orgAgent };
  }

  const evidence = (accountId: string) =>
    server.ctx.db.selectFrom('evidence').select(['method', 'level', 'expires_at', 'revoked_at']).where('account_id', '=', accountId).orderBy('verified_at').execute();

  it('is L3 when a verified person registered it, and lets the org into an L3 system for a year', async () => {
    const { agent } = await verifiedPerson();
    const { org, orgAgent } = await orgBy(agent);
    expect((await orgAgent.call('GET', '/api/org')).body.org.assuranceLevel).toBe('L3');
    const r = await oidcSignIn(orgAgent, 'l3sys');
    expect(r.info, JSON.stringify(r.refused)).toMatchObject({ account_kind: 'org' });
    expect(r.tokens!.claims()!.acr).toBe('urn:shenfen:loa:l3');
    const [e] = await evidence(org.id);
    expect(e).toMatchObject({ method: 'enterprise_registry', level: 'L3', revoked_at: null });
    expect(new Date(e!.expires_at!).getTime() - server.clock.now().getTime()).toBe(365 * 24 * 3600_000);
  });

  it('is no higher than its registrant: a person who only declared an identity gives L2', async () => {
    const { agent } = await signedIn();
    const { orgAgent } = await orgBy(agent);
    expect((await orgAgent.call('GET', '/api/org')).body.org.assuranceLevel).toBe('L2');
    expect((await oidcSignIn(orgAgent, 'l3sys')).refused?.status).toBe(403);
  });

  it('below a system’s level, leads the org to its agents (经办人登录), not to a personal upgrade it cannot make', async () => {
    const { agent } = await verifiedPerson();
    const { orgAgent } = await orgBy(agent);
    const r = await oidcSignIn(orgAgent, 'l4sys');
    expect(r.refused?.status).toBe(403);
    const html = String(r.refused!.body);
    expect(html).toContain('实名等级不足');
    expect(html).toContain('该单位账号为 <b>L3 身份已核验</b>');
    expect(html).not.toContain('去实名认证');
    expect(agentLinkNext(html)).toMatch(/^\/oidc\/interaction\/[\w-]+$/);

    const cas = await orgAgent.raw('GET', `/cas/login?service=${encodeURIComponent(CAS_L4_SERVICE)}`);
    expect(cas.status).toBe(403);
    expect(agentLinkNext(String(cas.body))).toBe(`/cas/login?service=${encodeURIComponent(CAS_L4_SERVICE)}`);
  });

  it('a person below the level is still sent to 去实名认证', async () => {
    const { agent } = await signedIn();
    const r = await oidcSignIn(agent, 'l4sys');
    expect(r.refused?.status).toBe(403);
    expect(String(r.refused!.body)).toContain('去实名认证');
    expect(String(r.refused!.body)).not.toContain('经办人登录');
  });

  it('a new registry match at 单位名称修改 replaces the evidence', async () => {
    const { agent } = await verifiedPerson();
    const { org, orgAgent } = await orgBy(agent);
    const renamed = `${org.company.name}（更名）`;
    await server.ctx.db.updateTable('sandbox_enterprises').set({ name: renamed }).where('uscc', '=', org.company.uscc).execute();
    const res = await orgAgent.call('PUT', '/api/org/name', { name: renamed, legalRepName: org.company.legalRepName, legalRepIdNumber: org.company.legalRepIdNumber });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await evidence(org.id);
    expect(rows).toHaveLength(2);
    expect(rows.filter((e) => e.revoked_at === null).map((e) => [e.method, e.level])).toEqual([['enterprise_registry', 'L3']]);
  });

  it('after a year the level lapses; 重新核验 by a verified manager renews it, an agent may not, a deregistered company fails', async () => {
    const { agent: registrant, person } = await verifiedPerson();
    const { org, orgAgent } = await orgBy(registrant);
    server.clock.advanceMinutes(366 * 24 * 60);
    // A year on, everyone signs in again.
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    expect((await login(registrant, person.username, person.password)).status).toBe(200);
    expect((await orgAgent.call('GET', '/api/org')).body.org.assuranceLevel).toBe('L1');
    // The org account alone cannot restore what it no longer has: its own level caps the check.
    expect((await orgAgent.call('POST', '/api/org/registry-check', {})).body.org.assuranceLevel).toBe('L1');
    // The registrant (an administrator, verified at L3) acting for the org can.
    expect((await registrant.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    const renewed = await registrant.call('POST', '/api/org/registry-check', {});
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.org.assuranceLevel).toBe('L3');

    const { agent: staff, person: pStaff } = await signedIn();
    await bind(orgAgent, staff, pStaff);
    expect((await staff.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    expect((await staff.call('POST', '/api/org/registry-check', {})).body.error.code).toBe('org.forbidden');

    await server.ctx.db.updateTable('sandbox_enterprises').set({ status: 'revoked' }).where('uscc', '=', org.company.uscc).execute();
    const revoked = await registrant.call('POST', '/api/org/registry-check', {});
    expect(revoked.body.error.code).toBe('org.registry_revoked');
    // A failed check leaves the last good answer to run out on its own.
    expect((await orgAgent.call('GET', '/api/org')).body.org.assuranceLevel).toBe('L3');
  });

  it('migration 0015 gives orgs registered before it their registry evidence, capped by the registrant, once', async () => {
    const { agent } = await signedIn();
    const { org } = await orgBy(agent);
    await server.ctx.db.deleteFrom('evidence').where('account_id', '=', org.id).execute();
    const { up } = await import('../../src/store/migrations/20261204_0015_org_registry_evidence.js');
    await sql.raw(up).execute(server.ctx.db);
    await sql.raw(up).execute(server.ctx.db);
    const rows = await server.ctx.db.selectFrom('evidence').select(['method', 'level', 'source', 'result', 'revoked_at']).where('account_id', '=', org.id).execute();
    expect(rows).toEqual([{ method: 'enterprise_registry', level: 'L2', source: 'sandbox:enterprise_registry', result: 'pass', revoked_at: null }]);
  });
});
