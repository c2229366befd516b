import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;

beforeAll(async () => {
  server = await startServer();
  next = await companies(server);
  await addBusinessSystem(server.ctx, { id: 'pension', name: '养老保险业务系统', casServicePatterns: ['http://localhost:9997/app/'] });
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

async function setUp() {
  const { agent: registrant } = await signedIn();
  const company = next();
  const org = await registerOrg(registrant, company);
  const orgAgent = new Agent(server.url);
  expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
  return { org, orgAgent, company, registrant };
}

describe('org centre: info and social-security codes', () => {
  it('shows the org with the legal representative masked', async () => {
    const { orgAgent, company } = await setUp();
    const res = await orgAgent.call('GET', '/api/org');
    expect(res.body.org).toMatchObject({ uscc: company.uscc, name: company.name, grantsSuspended: false });
    expect(res.body.org.legalRepIdMasked).not.toBe(company.legalRepIdNumber);
    expect(res.body.org.legalRepIdMasked).toMatch(/\*/);
    expect(res.body.me).toEqual({ role: 'org', canManage: true });
  });

  it('holds several social-security codes with their regions, all in one login', async () => {
    const { orgAgent } = await setUp();
    const a = await orgAgent.call('POST', '/api/org/ss-codes', { code: '51000012345', regionLevel: 'province', regionName: '四川省本级', insuranceTypes: ['pension'] });
    const b = await orgAgent.call('POST', '/api/org/ss-codes', { code: '51010098765', regionLevel: 'city', regionName: '成都市', insuranceTypes: ['injury', 'unemployment'] });
    expect([a.status, b.status]).toEqual([201, 201]);
    const dup = await orgAgent.call('POST', '/api/org/ss-codes', { code: '51000012345', regionLevel: 'city', regionName: '成都市', insuranceTypes: ['injury'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('org.ss_code_taken');
    const bad = await orgAgent.call('POST', '/api/org/ss-codes', { code: '12', regionLevel: 'city', regionName: '成都市', insuranceTypes: ['injury'] });
    expect(bad.body.error.code).toBe('org.ss_code_invalid');
    const codes = (await orgAgent.call('GET', '/api/org')).body.org.ssCodes;
    expect(codes.map((c: { code: string; regionLevel: string }) => [c.code, c.regionLevel])).toEqual([['51000012345', 'province'], ['51010098765', 'city']]);
    expect((await orgAgent.call('DELETE', `/api/org/ss-codes/${a.body.id}`)).status).toBe(204);
    expect((await orgAgent.call('GET', '/api/org')).body.org.ssCodes).toHaveLength(1);
  });
});

describe('单位名称修改 (org name and legal representative)', () => {
  it('changes the name after the registry confirms it, and refuses details the registry does not have', async () => {
    const { orgAgent, company } = await setUp();
    const wrong = await orgAgent.call('PUT', '/api/org/name', { name: '新名字有限公司', legalRepName: company.legalRepName, legalRepIdNumber: company.legalRepIdNumber });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('org.registry_name_mismatch');
    // The registry records the new name (the sandbox stands in for the registration authority).
    await server.ctx.db.updateTable('sandbox_enterprises').set({ name: `${company.name}（更名）` }).where('uscc', '=', company.uscc).execute();
    const ok = await orgAgent.call('PUT', '/api/org/name', { name: `${company.name}（更名）`, legalRepName: company.legalRepName, legalRepIdNumber: company.legalRepIdNumber });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ legalRepChanged: false, grantsSuspended: false });
    expect(ok.body.org.name).toBe(`${company.name}（更名）`);
  });

  it('suspends grants on a change of legal representative until the org confirms them', async () => {
    const { org, orgAgent, company } = await setUp();
    const { agent, person } = await signedIn();
    const inv = await orgAgent.call('POST', '/api/org/members', { name: person.name, idNumber: person.idNumber, role: 'agent' });
    await agent.call('POST', `/api/account/org-invitations/${inv.body.id}/accept`, {});
    await orgAgent.call('PUT', `/api/org/members/${inv.body.id}/grants`, { grants: [{ systemId: 'pension' }] });
    await agent.call('POST', '/api/session/acting', { orgId: org.id });
    const cas = () => agent.raw('GET', `/cas/login?service=${encodeURIComponent('http://localhost:9997/app/')}`);
    expect((await cas()).status).toBe(302);

    const newRep = next();
    await server.ctx.db
      .updateTable('sandbox_enterprises')
      .set({ legal_rep_name: newRep.legalRepName, legal_rep_id_hash: server.ctx.vault.lookupHash('sandbox.enterprise.legal_rep_id', newRep.legalRepIdNumber) })
      .where('uscc', '=', company.uscc)
      .execute();
    const res = await orgAgent.call('PUT', '/api/org/name', { name: company.name, legalRepName: newRep.legalRepName, legalRepIdNumber: newRep.legalRepIdNumber });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ legalRepChanged: true, grantsSuspended: true });

    const refused = await cas();
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain('法定代表人已变更');
    expect((await orgAgent.call('POST', '/api/org/grants/confirm', {})).status).toBe(204);
    expect((await cas()).status).toBe(302);
  });

  it('does not suspend grants when so configured', async () => {
    const { orgAgent, company } = await setUp();
    const newRep = next();
    await server.ctx.db
      .updateTable('sandbox_enterprises')
      .set({ legal_rep_name: newRep.legalRepName, legal_rep_id_hash: server.ctx.vault.lookupHash('sandbox.enterprise.legal_rep_id', newRep.legalRepIdNumber) })
      .where('uscc', '=', company.uscc)
      .execute();
    server.ctx.config.orgs.suspendGrantsOnLegalRepChange = false;
    try {
      const res = await orgAgent.call('PUT', '/api/org/name', { name: company.name, legalRepName: newRep.legalRepName, legalRepIdNumber: newRep.legalRepIdNumber });
      expect(res.body).toMatchObject({ legalRepChanged: true, grantsSuspended: false });
    } finally {
      server.ctx.config.orgs.suspendGrantsOnLegalRepChange = true;
    }
  });
});

describe('org password', () => {
  it('changes the org password with the current one, then signs the org out everywhere', async () => {
    const { org, orgAgent } = await setUp();
    const wrong = await orgAgent.call('POST', '/api/org/password', { currentPassword: 'Nope!pass1', newPassword: 'Nw9$hTq3Lm', confirmPassword: 'Nw9$hTq3Lm' });
    expect(wrong.status).toBe(401);
    const ok = await orgAgent.call('POST', '/api/org/password', { currentPassword: org.password, newPassword: 'Nw9$hTq3Lm', confirmPassword: 'Nw9$hTq3Lm' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(204);
    expect((await orgAgent.call('GET', '/api/org')).status).toBe(401);
    expect((await orgLogin(new Agent(server.url), org.username, org.password)).status).toBe(401);
    expect((await orgLogin(new Agent(server.url), org.username, 'Nw9$hTq3Lm')).status).toBe(200);
  });

  it('is only for the org account, not for persons acting for it', async () => {
    const { org, registrant } = await setUp();
    await registrant.call('POST', '/api/session/acting', { orgId: org.id });
    const res = await registrant.call('POST', '/api/org/password', { currentPassword: org.password, newPassword: 'Nw9$hTq3Lm', confirmPassword: 'Nw9$hTq3Lm' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('org.forbidden');
  });
});

describe('org security questions (密保问题)', () => {
  const items = [
    { question: '单位成立的年份？', answer: '2008' },
    { question: '单位第一位会计的姓名？', answer: '王 芳' },
    { question: '单位开户银行？', answer: '工商银行' },
  ];

  it('saves three questions with the org password, shows the questions only, and checks answers', async () => {
    const { org, orgAgent } = await setUp();
    expect((await orgAgent.call('PUT', '/api/org/security-questions', { currentPassword: 'Nope!pass1', items })).status).toBe(401);
    expect((await orgAgent.call('PUT', '/api/org/security-questions', { currentPassword: org.password, items: [items[0], items[0], items[1]] })).body.error.code).toBe('org.questions_distinct');
    expect((await orgAgent.call('PUT', '/api/org/security-questions', { currentPassword: org.password, items })).status).toBe(204);
    const shown = await orgAgent.call('GET', '/api/org/security-questions');
    expect(shown.body.questions).toEqual(items.map((i) => i.question));
    // The suggestions the page offers are the list recovery falls back to for orgs without questions.
    expect(shown.body.presets).toEqual([...(await import('../../src/orgs/security-questions.js')).ORG_QUESTION_PRESETS]);
    expect(JSON.stringify(shown.body)).not.toContain('工商银行');
    const row = await server.ctx.db.selectFrom('org_security_questions').select('items').where('account_id', '=', org.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.items)).not.toContain('工商银行');
    const { checkOrgSecurityAnswers } = await import('../../src/orgs/security-questions.js');
    expect(await checkOrgSecurityAnswers(server.ctx, org.id, ['２００８', '王芳', '工商银行'])).toBe(true);
    expect(await checkOrgSecurityAnswers(server.ctx, org.id, ['2008', '王芳', '建设银行'])).toBe(false);
  });

  it('are set by the org account only', async () => {
    const { org, registrant } = await setUp();
    await registrant.call('POST', '/api/session/acting', { orgId: org.id });
    expect((await registrant.call('PUT', '/api/org/security-questions', { currentPassword: org.password, items })).body.error.code).toBe('org.forbidden');
  });
});
