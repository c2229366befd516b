import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_KIND } from '../../src/accounts/accounts.js';
import { answerEnterpriseCheck, createHttpEnterpriseRegistry, createSandboxEnterpriseRegistry, fixedSandboxEnterprises, generateSandboxEnterprises } from '../../src/connectors/enterprise/index.js';
import { memoryNonceStore } from '../../src/connectors/realname/signing.js';
import { validateUscc } from '../../src/domain/uscc.js';
import { CSRF_COOKIE } from '../../src/http/cookies.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgDetails, orgLogin, registerOrg, submitOrgRegistration, type TestOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { expectLimitedBeforeCaptcha, expectWrongCaptchaUsedUp, storedFlow, type CaptchaStep } from '../helpers/captcha.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;

beforeAll(async () => {
  server = await startServer();
  next = await companies(server);
});
afterAll(async () => {
  await server?.close();
});

async function signedInPerson() {
  const agent = new Agent(server.url);
  const p = newPerson();
  await register(agent, p);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, person: p };
}

describe('sandbox enterprise registry', () => {
  it('generates companies with valid GB 32100 codes, the same for the same seed', () => {
    const a = generateSandboxEnterprises(50, 7);
    expect(a.map((e) => e.uscc)).toEqual(generateSandboxEnterprises(50, 7).map((e) => e.uscc));
    for (const e of [...a, ...fixedSandboxEnterprises()]) expect(validateUscc(e.uscc).ok, e.uscc).toBe(true);
  });

  it('answers match, name_mismatch, legal_rep_mismatch, not_found and revoked', async () => {
    const registry = createSandboxEnterpriseRegistry(server.ctx);
    const c = next();
    const base = { uscc: c.uscc, name: c.name, legalRepName: c.legalRepName, legalRepIdNumber: c.legalRepIdNumber };
    expect((await registry.checkOrg(base)).outcome).toBe('match');
    expect((await registry.checkOrg({ ...base, name: '别的公司' })).outcome).toBe('name_mismatch');
    expect((await registry.checkOrg({ ...base, legalRepName: '某某某' })).outcome).toBe('legal_rep_mismatch');
    const other = next();
    expect((await registry.checkOrg({ ...base, legalRepIdNumber: other.legalRepIdNumber })).outcome).toBe('legal_rep_mismatch');
    expect((await registry.checkOrg({ ...base, uscc: generateSandboxEnterprises(1, 'unseeded')[0]!.uscc })).outcome).toBe('not_found');
    const revoked = fixedSandboxEnterprises().find((e) => e.status === 'revoked')!;
    expect((await registry.checkOrg({ uscc: revoked.uscc, name: revoked.name, legalRepName: revoked.legalRepName, legalRepIdNumber: revoked.legalRepIdNumber })).outcome).toBe('revoked');
  });
});

describe('signed HTTP enterprise connector', () => {
  let bridge: http.Server;
  let url: string;
  const secret = 'k'.repeat(40);
  let tamper = false;
  beforeAll(async () => {
    const registry = createSandboxEnterpriseRegistry(server.ctx);
    const nonces = memoryNonceStore();
    bridge = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        void answerEnterpriseCheck({ method: req.method!, path: req.url!.split('?')[0]!, headers: req.headers, body }, registry, { keyId: 'shenfen', secret, secretFor: (k) => (k === 'shenfen' ? secret : undefined), nonces }).then((a) => {
          res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
          res.end(tamper ? a.body.replace('match', 'revoked') : a.body);
        });
      });
    });
    await new Promise<void>((r) => bridge.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => bridge.close(() => r())));

  it('gets a signed answer from the bridge', async () => {
    const c = next();
    const registry = createHttpEnterpriseRegistry({ baseUrl: url, keyId: 'shenfen', secret });
    const res = await registry.checkOrg({ uscc: c.uscc, name: c.name, legalRepName: c.legalRepName, legalRepIdNumber: c.legalRepIdNumber });
    expect(res.outcome).toBe('match');
    expect((await registry.checkOrg({ uscc: c.uscc, name: '别的公司', legalRepName: c.legalRepName, legalRepIdNumber: c.legalRepIdNumber })).outcome).toBe('name_mismatch');
  });

  it('treats a wrong key, or a tampered answer, as unavailable', async () => {
    const c = next();
    const input = { uscc: c.uscc, name: c.name, legalRepName: c.legalRepName, legalRepIdNumber: c.legalRepIdNumber };
    expect((await createHttpEnterpriseRegistry({ baseUrl: url, keyId: 'shenfen', secret: 'x'.repeat(40) }).checkOrg(input)).outcome).toBe('unavailable');
    tamper = true;
    try {
      expect((await createHttpEnterpriseRegistry({ baseUrl: url, keyId: 'shenfen', secret }).checkOrg(input)).outcome).toBe('unavailable');
    } finally {
      tamper = false;
    }
  });
});

describe('org registration (单位注册)', () => {
  it('registers an org with the signed-in person as its agent, who then acts for it', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const acting = await agent.call('GET', '/api/session/acting');
    expect(acting.body.choices).toEqual([{ orgId: org.id, uscc: org.company.uscc, name: org.company.name, role: 'admin' }]);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('subject', '=', org.id).execute();
    expect(audit).toContainEqual({ event: 'org.register', result: 'success' });
  });

  it('needs a signed-in person', async () => {
    const agent = new Agent(server.url);
    const res = await agent.call('POST', '/api/flows/org-registration', {});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session.required');
  });

  it.each([
    ['a wrong check character', { uscc: 'X' }, 400, 'uscc.checksum'],
    ['a name the registry does not have', { name: '不存在的有限公司' }, 400, 'org.registry_name_mismatch'],
    ['another legal representative', { legalRepName: '王某某' }, 400, 'org.registry_legal_rep_mismatch'],
    ['an invalid legal representative ID', { legalRepIdNumber: 'X' }, 400, 'id_number.checksum'],
    ['a weak password', { password: '12345678', confirmPassword: '12345678' }, 400, 'password.composition'],
    ['different confirmation', { confirmPassword: 'Other!pass9' }, 400, 'password.mismatch'],
    ['an unknown field', { extra: '1' }, 400, 'request.invalid'],
  ])('refuses %s with a clear message', async (_what, change, status, code) => {
    const { agent } = await signedInPerson();
    const c = next();
    const details = orgDetails(c, change as Record<string, string>);
    const flip = (s: string) => s.slice(0, 17) + (s[17] === '0' ? '1' : '0');
    if (details.uscc === 'X') details.uscc = flip(c.uscc);
    if (details.legalRepIdNumber === 'X') details.legalRepIdNumber = flip(c.legalRepIdNumber);
    const res = await submitOrgRegistration(agent, details);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/\p{Script=Han}/u);
  });

  it('refuses a USCC the registry does not know, and one already registered', async () => {
    const { agent } = await signedInPerson();
    const unknown = generateSandboxEnterprises(1, 'never-seeded')[0]!;
    const res = await submitOrgRegistration(agent, orgDetails(unknown));
    expect(res.body.error.code).toBe('org.registry_not_found');
    expect(res.body.error.message).toBe('登记机关未查到该统一社会信用代码，请核对');
    const c = next();
    await registerOrg(agent, c);
    const again = await submitOrgRegistration(agent, orgDetails(c));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('org.uscc_taken');
  });

  const submitStep = async (agent: Agent, details: Record<string, string>): Promise<CaptchaStep> => ({
    agent,
    path: (id) => `/api/flows/org-registration/${id}`,
    flowId: (await agent.call('POST', '/api/flows/org-registration', {})).body.flow.id,
    form: details,
    state: 'details',
  });
  const registered = (uscc: string) => server.ctx.db.selectFrom('orgs').select('account_id').where('uscc', '=', uscc).execute();

  it('uses up the captcha whatever the answer: after a wrong one the right one is refused too, and nothing is registered', async () => {
    const { agent } = await signedInPerson();
    const details = orgDetails(next());
    await expectWrongCaptchaUsedUp(server, await submitStep(agent, details));
    expect(await registered(details.uscc)).toEqual([]);
  });

  it('past the per-IP registration limit: 429 before the flow or its captcha are looked at', async () => {
    const { agent } = await signedInPerson();
    const details = orgDetails(next());
    const step = await submitStep(agent, details);
    await expectLimitedBeforeCaptcha(server, step, 'registrationPerIp');
    expect(await registered(details.uscc)).toEqual([]);
    const res = await agent.call('POST', step.path(step.flowId), details);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("refuses another person's flow as unknown, even from the browser it was started in, and leaves its captcha", async () => {
    const { agent: owner } = await signedInPerson();
    const { agent: other } = await signedInPerson();
    const details = orgDetails(next());
    const id = (await owner.call('POST', '/api/flows/org-registration', {})).body.flow.id;
    // The other person's session with the owner's browser binding: only the flow's agent tells them apart.
    other.cookies.set(CSRF_COOKIE, owner.cookies.get(CSRF_COOKIE)!);
    other.csrf = owner.csrf;
    const res = await other.call('POST', `/api/flows/org-registration/${id}`, { ...details, captcha: 'ZZZZ' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('flow.not_found');
    expect(await storedFlow(server, id)).toEqual({ state: 'details', captcha_hash: expect.any(String) });
    const mine = await owner.call('POST', `/api/flows/org-registration/${id}`, details);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  });

  it('makes the agent the legal representative when their ID is the legal representative’s', async () => {
    const c = next();
    const agent = new Agent(server.url);
    const p = { ...newPerson(), name: c.legalRepName, idNumber: c.legalRepIdNumber };
    await register(agent, p);
    await login(agent, p.username, p.password);
    const res = await submitOrgRegistration(agent, orgDetails(c));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.agentRole).toBe('legal_rep');
  });
});

describe('org login (单位登录)', () => {
  it('signs the org in by username or USCC, and never through the person form', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const o = new Agent(server.url);
    const res = await orgLogin(o, org.username, org.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account.kind).toBe('org');
    expect((await o.call('GET', '/api/org')).body.org.uscc).toBe(org.company.uscc);
    expect((await orgLogin(new Agent(server.url), org.company.uscc.toLowerCase(), org.password)).status).toBe(200);
    const asPerson = await login(new Agent(server.url), org.username, org.password);
    expect(asPerson.status).toBe(401);
    expect(asPerson.body.error.code).toBe('auth.invalid_credentials');
  });

  it('refuses a wrong password with the same answer as an unknown org', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const wrong = await orgLogin(new Agent(server.url), org.username, 'Wrong!pass1');
    const unknown = await orgLogin(new Agent(server.url), 'no_such_org_x', 'Wrong!pass1');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  const orgPasswordStep = async (org: TestOrg): Promise<CaptchaStep> => {
    const agent = new Agent(server.url);
    return {
      agent,
      path: (id) => `/api/flows/login/${id}/org-password`,
      flowId: (await agent.call('POST', '/api/flows/login', {})).body.flow.id,
      form: { identifier: org.username, password: org.password, captcha: TEST_CAPTCHA },
      state: 'choose_method',
    };
  };
  const attempts = (org: TestOrg) => server.ctx.db.selectFrom('login_events').select('result').where('account_id', '=', org.id).execute();

  it('refuses a wrong captcha before the password, audits it as login.captcha and uses the captcha up', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const step = await orgPasswordStep(org);
    await expectWrongCaptchaUsedUp(server, step);
    const subject = server.ctx.vault.lookupHash(HASH_KIND.identifier, org.username.toLowerCase());
    const audits = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'actor']).where('subject', '=', subject).execute();
    expect(audits).toEqual([
      { event: 'login.captcha', result: 'failure', actor: 'anonymous' },
      { event: 'login.captcha', result: 'failure', actor: 'anonymous' },
    ]);
    // Not a password failure: no login attempt recorded for the org.
    expect(await attempts(org)).toEqual([]);
    expect((await orgLogin(step.agent, org.username, org.password)).status).toBe(200);
  });

  it('past the per-IP login limit: 429 before the flow, captcha or password are looked at', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const step = await orgPasswordStep(org);
    await expectLimitedBeforeCaptcha(server, step, 'loginPerIp');
    expect(await attempts(org)).toEqual([]);
    const res = await step.agent.call('POST', step.path(step.flowId), step.form);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('does not let a person sign in to the org form', async () => {
    const agent = new Agent(server.url);
    const p = newPerson();
    await register(agent, p);
    expect((await orgLogin(agent, p.username, p.password)).status).toBe(401);
  });

  it('lets a person with several orgs choose the one they act for', async () => {
    const { agent } = await signedInPerson();
    const a = await registerOrg(agent, next());
    const b = await registerOrg(agent, next());
    const acting = await agent.call('GET', '/api/session/acting');
    expect(acting.body.actingFor).toBeNull();
    expect(acting.body.choices.map((c: { orgId: string }) => c.orgId).sort()).toEqual([a.id, b.id].sort());
    expect((await agent.call('GET', '/api/org')).body.error.code).toBe('org.choose_required');
    expect((await agent.call('POST', '/api/session/acting', { orgId: b.id })).status).toBe(204);
    expect((await agent.call('GET', '/api/session/acting')).body.actingFor.orgId).toBe(b.id);
    expect((await agent.call('GET', '/api/org')).body.org.id).toBe(b.id);
    const { agent: stranger } = await signedInPerson();
    const refused = await stranger.call('POST', '/api/session/acting', { orgId: a.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('org.not_member');
  });
});

describe('person-only endpoints with an org session', () => {
  it('answer 403 with a clear code, never 500', async () => {
    const { agent } = await signedInPerson();
    const org = await registerOrg(agent, next());
    const o = new Agent(server.url);
    await orgLogin(o, org.username, org.password);
    for (const path of ['/api/account/profile', '/api/account/org-invitations', '/api/account/org-authorisations']) {
      const res = await o.call('GET', path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('account.person_only');
    }
    expect((await o.call('GET', '/api/account/real-name')).status).toBeLessThan(500);
    expect((await o.call('POST', '/api/flows/org-registration', {})).body.error.code).toBe('org.person_required');
    expect((await o.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(403);
  });
});
