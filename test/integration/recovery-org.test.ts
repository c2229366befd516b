import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let next: Awaited<ReturnType<typeof companies>>;

beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
  next = await companies(server);
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'Hn6#tRw2Zq';
const ITEMS = [
  { question: '单位成立的年份？', answer: '2008' },
  { question: '单位第一位会计的姓名？', answer: '王芳' },
  { question: '单位开户银行？', answer: '工商银行' },
];

async function orgWithQuestions(items = ITEMS): Promise<{ org: TestOrg; orgAgent: Agent }> {
  const p = newPerson();
  const registrant = new Agent(server.url);
  await register(registrant, p);
  expect((await login(registrant, p.username, p.password)).status).toBe(200);
  const org = await registerOrg(registrant, next());
  const orgAgent = new Agent(server.url);
  expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
  if (items.length) expect((await orgAgent.call('PUT', '/api/org/security-questions', { currentPassword: org.password, items })).status).toBe(204);
  return { org, orgAgent };
}

const post = (agent: Agent, id: string, step: string, body: unknown) => agent.call('POST', `/api/flows/recovery/${id}/${step}`, body);

async function startOrgRecovery(agent: Agent, identifier: string) {
  const start = await agent.call('POST', '/api/flows/recovery', {});
  const id = start.body.flow.id as string;
  const step1 = await post(agent, id, 'account', { identifier, captcha: TEST_CAPTCHA, accountKind: 'org' });
  return { id, step1 };
}

describe('forgot password, org variant (单位找回密码 by security questions)', () => {
  it('by USCC: the org questions → reset through setPassword, the org signed out everywhere', async () => {
    const { org, orgAgent } = await orgWithQuestions();
    const agent = new Agent(server.url);
    const { id, step1 } = await startOrgRecovery(agent, org.company.uscc.toLowerCase());
    expect(step1.status, JSON.stringify(step1.body)).toBe(200);
    expect(step1.body.flow).toMatchObject({ state: 'verify', summary: { accountKind: 'org', methods: ['org_security_questions'], orgQuestions: ITEMS.map((i) => i.question) } });
    // The person methods are not for orgs.
    expect((await post(agent, id, 'bank4', { code: '123456' })).body.error.code).toBe('otp.expired');
    const ok = await post(agent, id, 'org-security-questions', { answers: ['２００８', ' 王芳 ', '工商银行'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.flow.state).toBe('reset');
    expect((await post(agent, id, 'reset', { password: org.password, confirmPassword: org.password })).body.error.code).toBe('password.reused');
    const done = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.flow.state).toBe('completed');
    expect((await orgAgent.call('GET', '/api/session')).status).toBe(401);
    expect((await orgLogin(new Agent(server.url), org.username, org.password)).status).toBe(401);
    expect((await orgLogin(new Agent(server.url), org.company.uscc, NEW_PASSWORD)).status).toBe(200);
    const events = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('subject', '=', org.id).where('event', 'in', ['recovery.verified', 'account.password_reset']).execute();
    expect(events.map((e) => `${e.event}:${e.result}`)).toEqual(['recovery.verified:success', 'account.password_reset:success']);
  });

  it('by org username; wrong answers get 3 tries a flow', async () => {
    const { org } = await orgWithQuestions();
    const agent = new Agent(server.url);
    const { id, step1 } = await startOrgRecovery(agent, org.username);
    expect(step1.status).toBe(200);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await post(agent, id, 'org-security-questions', { answers: ['1999', '王芳', '工商银行'] })).body.error.code);
    expect(codes).toEqual(['recovery.verification_failed', 'recovery.verification_failed', 'recovery.too_many_attempts', 'recovery.too_many_attempts']);
    expect((await post(agent, id, 'org-security-questions', { answers: ['2008', '王芳', '工商银行'] })).body.error.code).toBe('recovery.too_many_attempts');
    expect((await post(agent, id, 'org-security-questions', { answers: ['2008'], extra: 1 })).body.error.code).toBe('request.invalid');
  });

  it('an unknown USCC, an org without questions and a known one look alike', async () => {
    const known = await orgWithQuestions();
    const bare = await orgWithQuestions([]);
    const unknownUscc = next().uscc; // a real company, never registered here
    const agents = [new Agent(server.url), new Agent(server.url), new Agent(server.url)];
    const a = await startOrgRecovery(agents[0]!, known.org.company.uscc);
    const b = await startOrgRecovery(agents[1]!, unknownUscc);
    const c = await startOrgRecovery(agents[2]!, bare.org.company.uscc);
    const shape = (r: { status: number; body: any }) => ({ status: r.status, flow: { ...r.body.flow, id: '', expiresAt: '' } });
    // Known orgs with the default questions (the common case) and unknown ones show the same page.
    expect(shape(b.step1)).toEqual(shape(a.step1));
    expect(shape(c.step1)).toEqual(shape(a.step1));
    const wrong = { answers: ['1999', '李雷', '建设银行'] };
    const [ka, ub, bc] = [await post(agents[0]!, a.id, 'org-security-questions', wrong), await post(agents[1]!, b.id, 'org-security-questions', wrong), await post(agents[2]!, c.id, 'org-security-questions', wrong)];
    expect(ka.status).toBe(400);
    expect(ka.body.error).toMatchObject({ code: 'recovery.verification_failed', message: '验证信息不正确，请检查后重试' });
    expect({ status: ub.status, body: ub.body }).toEqual({ status: ka.status, body: ka.body });
    expect({ status: bc.status, body: bc.body }).toEqual({ status: ka.status, body: ka.body });
    // Even answering the defaults' "right" answers gets an unknown org nowhere.
    expect((await post(agents[1]!, b.id, 'org-security-questions', { answers: ['2008', '王芳', '工商银行'] })).body.error.code).toBe('recovery.verification_failed');
    // A person identifier typed as an org is unknown too.
    const p = newPerson();
    await register(new Agent(server.url), p);
    const asOrg = await startOrgRecovery(new Agent(server.url), p.username);
    expect(shape(asOrg.step1)).toEqual(shape(a.step1));
  });
});
