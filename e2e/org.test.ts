import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startExampleApp } from '../examples/business-system/app.js';
import { addBusinessSystem } from '../src/business-systems/business-systems.js';
import { seedSandboxRegistry } from '../src/connectors/realname/index.js';
import type { AssuranceLevel } from '../src/domain/index.js';
import { bankVerifiedPerson } from '../test/helpers/account.js';
import { Agent } from '../test/helpers/browser.js';
import { companies, orgLogin, registerOrg } from '../test/helpers/orgs.js';
import { login, newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser, signInByPassword, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();
const apps: Awaited<ReturnType<typeof startExampleApp>>[] = [];

async function exampleSystem(id: string, name: string, minLevel: AssuranceLevel = 'L1') {
  let secret = '';
  const app = await startExampleApp({ issuer: `${env.server.url}/oidc`, clientId: id, get clientSecret() { return secret; } });
  const added = await addBusinessSystem(env.server.ctx, { id, name, firstParty: true, minLevel, oidc: { redirectUris: [`${app.url}/callback`], postLogoutRedirectUris: [`${app.url}/`] } });
  secret = added.clientSecret!;
  apps.push(app);
  return app;
}

let pension: Awaited<ReturnType<typeof startExampleApp>>;
let injury: Awaited<ReturnType<typeof startExampleApp>>;
/** Sandbox companies, one per test (seeded once: a second seeding hands out the same ones). */
let nextCompany: Awaited<ReturnType<typeof companies>>;

beforeAll(async () => {
  nextCompany = await companies(env.server, 20);
  pension = await exampleSystem('pension', '养老保险业务系统');
  injury = await exampleSystem('injury', '工伤保险业务系统');
});
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function personLogin(page: Page, p: TestPerson) {
  await signInByPassword(page, env.server.url, p.username, p.password);
}

/** On the login page: 单位登录 → 经办人登录 with the person's own account, submitted. */
async function submitAgentLogin(page: Page, p: TestPerson) {
  await page.getByTestId('login-tab-org').click();
  await page.getByTestId('org-login-method-agent').click();
  await page.getByTestId('agent-login-identifier').fill(p.username);
  await page.getByTestId('agent-login-password').fill(p.password);
  await page.getByTestId('agent-login-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('agent-login-submit').click();
}

describe('orgs in the browser', () => {
  it('registers an org, binds and grants a sub-account, who signs in to a system for the org and is refused another', async () => {
    const company = nextCompany();
    const agentPerson = newPerson();
    const staffPerson = { ...newPerson(), name: '王小明' };
    await register(new Agent(env.server.url), agentPerson);
    await register(new Agent(env.server.url), staffPerson);

    // 1. The agent registers the org (单位注册) from their personal account.
    const agentCtx = await env.browser.newContext({ locale: 'zh-CN' });
    const a = await agentCtx.newPage();
    await personLogin(a, agentPerson);
    await a.getByTestId('menu-orgs').click();
    await a.getByTestId('my-register-org').click();
    await a.getByTestId('org-reg-next-0').click();
    await a.getByTestId('org-reg-uscc').fill(company.uscc);
    await a.getByTestId('org-reg-name').fill(company.name);
    await a.getByTestId('org-reg-legal-rep').fill(company.legalRepName);
    await a.getByTestId('org-reg-legal-rep-id').fill(company.legalRepIdNumber);
    await a.getByTestId('org-reg-next-1').click();
    await a.getByTestId('org-reg-username').fill(`org${Date.now() % 1e8}`);
    await a.getByTestId('org-reg-password').fill('Dw7!kPq4Ns');
    await a.getByTestId('org-reg-confirm').fill('Dw7!kPq4Ns');
    await a.getByTestId('org-reg-captcha').fill(TEST_CAPTCHA);
    await a.getByTestId('org-reg-submit').click();
    await a.getByTestId('org-reg-to-centre').click();
    await a.waitForURL('**/org');
    expect(await a.getByTestId('org-info-uscc').innerText()).toBe(company.uscc);
    // Registered by a person who only declared an identity: the org is no higher (L2).
    expect(await a.getByTestId('org-info-level').innerText()).toBe('L2 身份已声明');
    // 重新核验 asks the registry again: the same answer, the same cap.
    const rechecked = a.waitForResponse((r) => r.url().endsWith('/api/org/registry-check'));
    await a.getByTestId('org-recheck').click();
    expect((await rechecked).status()).toBe(200);
    expect(await a.getByTestId('org-recheck-alert').count()).toBe(0);
    await a.screenshot({ path: `${ARTIFACTS}/org-centre.png`, fullPage: true });

    // 2. 子账号信息 → 新增 → 发起绑定.
    await a.getByTestId('org-menu-members').click();
    await a.getByTestId('members-add').click();
    await a.getByTestId('member-name').fill(staffPerson.name);
    await a.getByTestId('member-id-number').fill(staffPerson.idNumber);
    await a.getByTestId('member-bind').click();
    expect(await a.getByTestId('members-notice').innerText()).toContain('如果信息匹配，绑定请求已发送');

    // 3. The person accepts in 我的授权.
    const staffCtx = await env.browser.newContext({ locale: 'zh-CN' });
    const s = await staffCtx.newPage();
    await personLogin(s, staffPerson);
    await s.getByTestId('menu-orgs').click();
    await s.getByTestId(`invitation-accept-${company.uscc}`).click();
    await s.getByTestId(`my-org-${company.uscc}`).waitFor();
    await staffCtx.close();

    // 4. 授权: the org grants one business system.
    await a.reload();
    await a.getByTestId(`member-grant-${staffPerson.name}`).click();
    await a.getByTestId('grant-system-pension').click();
    await a.getByTestId('grant-save').click();
    await expect.poll(() => a.getByTestId('members-table').innerText()).toContain('养老保险业务系统');
    await agentCtx.close();

    // 5. The person visits the system, signs in as an agent (经办人登录) and acts for the org.
    const ctx = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(pension.url);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/login\?next=/);
    await submitAgentLogin(page, staffPerson);
    await page.waitForURL(`${pension.url}/`);
    expect(await page.getByTestId('greeting').innerText()).toContain(staffPerson.name);
    expect(await page.getByTestId('org').innerText()).toBe(`${company.name}（${company.uscc}）`);
    await page.screenshot({ path: `${ARTIFACTS}/org-sso-signed-in.png`, fullPage: true });

    // 6. Another system, not granted: a clear refusal.
    await page.goto(injury.url);
    await page.getByTestId('sign-in').click();
    await page.getByText('未获单位授权').first().waitFor();
    expect(await page.content()).toContain('单位尚未授权您使用该业务系统');
    await page.screenshot({ path: `${ARTIFACTS}/org-sso-refused.png`, fullPage: true });

    // No dead end: act for oneself instead, and the same system lets the person in as themselves.
    await page.getByText('切换单位或以个人身份办理').click();
    await page.getByTestId('choose-self').click();
    await page.waitForURL(`${injury.url}/`);
    expect(await page.getByTestId('greeting').innerText()).toContain(staffPerson.name);
    expect(await page.getByTestId('org').count()).toBe(0);
    await ctx.close();
  });

  it('经办人登录 with a binding request not yet accepted: says so and leads to 我的授权 to answer it', async () => {
    const company = nextCompany();
    const registrant = new Agent(env.server.url);
    const founder = newPerson();
    await register(registrant, founder);
    expect((await login(registrant, founder.username, founder.password)).status).toBe(200);
    const org = await registerOrg(registrant, company);
    const orgAgent = new Agent(env.server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    const invited = newPerson();
    await register(new Agent(env.server.url), invited);
    expect((await orgAgent.call('POST', '/api/org/members', { name: invited.name, idNumber: invited.idNumber, role: 'agent' })).status).toBe(202);

    const ctx = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${env.server.url}/login`);
    await submitAgentLogin(page, invited);
    await page.waitForURL('**/choose-org**');
    const said = await page.getByTestId('choose-none').innerText();
    expect(said).toContain(`“${company.name}”向您发起了绑定请求`);
    expect(said).not.toContain('您目前不是任何单位的经办人');
    await page.screenshot({ path: `${ARTIFACTS}/choose-org-pending.png`, fullPage: true });
    await page.getByTestId('choose-to-invitations').click();
    await page.waitForURL('**/account/orgs');
    await page.getByTestId(`invitation-accept-${company.uscc}`).click();
    await page.getByTestId(`my-org-${company.uscc}`).waitFor();

    // Accepted: the same page now offers the org to act for.
    await page.goto(`${env.server.url}/choose-org`);
    await page.getByTestId(`choose-org-${company.uscc}`).waitFor();
    expect(await page.getByTestId('choose-pending').count()).toBe(0);

    // A second org's request beside the one accepted: named above the choices, with the same way to answer.
    const second = await registerOrg(registrant, nextCompany());
    const secondAgent = new Agent(env.server.url);
    expect((await orgLogin(secondAgent, second.username, second.password)).status).toBe(200);
    expect((await secondAgent.call('POST', '/api/org/members', { name: invited.name, idNumber: invited.idNumber, role: 'agent' })).status).toBe(202);
    await page.reload();
    await expect.poll(() => page.getByTestId('choose-pending').innerText()).toContain(`“${second.company.name}”向您发起了绑定请求`);
    expect(await page.getByTestId(`choose-org-${company.uscc}`).count()).toBe(1);
    await page.getByTestId('choose-to-invitations').click();
    await page.getByTestId(`invitation-accept-${second.company.uscc}`).waitFor();
    await ctx.close();
  });

  it('an org account below a system’s level is led to 经办人登录, and an L4 agent comes back signed in for the org', async () => {
    const decl = await exampleSystem('decl', '单位申报系统', 'L4');
    const registry = await seedSandboxRegistry(env.server.ctx, { count: 40, seed: 71 });
    const r = registry.find((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && !!x.bankPhone)!;
    const l4 = await bankVerifiedPerson(env.server, r);
    const org = await registerOrg(l4.agent, nextCompany());
    const orgApi = new Agent(env.server.url);
    expect((await orgLogin(orgApi, org.username, org.password)).status).toBe(200);
    const me = ((await orgApi.call('GET', '/api/org/members')).body.items as { id: string; name: string }[]).find((m) => m.name === l4.person.name)!;
    expect((await orgApi.call('PUT', `/api/org/members/${me.id}/grants`, { grants: [{ systemId: 'decl' }] })).status).toBe(204);

    const ctx = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(decl.url);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-tab-org').click();
    await page.getByTestId('org-login-identifier').fill(org.username);
    await page.getByTestId('org-login-password').fill(org.password);
    await page.getByTestId('org-login-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('org-login-submit').click();
    await page.getByText('实名等级不足').first().waitFor();
    expect(await page.content()).toContain('该单位账号为 <b>L3 身份已核验</b>');
    await page.screenshot({ path: `${ARTIFACTS}/org-level-too-low.png`, fullPage: true });

    // 经办人登录 opens 单位登录 on its 经办人登录 form; the agent's own L4 carries them through.
    await page.getByText('经办人登录').click();
    await page.getByTestId('agent-login-identifier').waitFor();
    await page.getByTestId('agent-login-identifier').fill(l4.person.username);
    await page.getByTestId('agent-login-password').fill(l4.person.password);
    await page.getByTestId('agent-login-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('agent-login-submit').click();
    await page.waitForURL(`${decl.url}/`);
    expect(await page.getByTestId('greeting').innerText()).toContain(l4.person.name);
    expect(await page.getByTestId('org').innerText()).toBe(`${org.company.name}（${org.company.uscc}）`);
    await ctx.close();
  });

  it('单位注册 while signed out: 去登录, and after sign-in back to 单位注册', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const ctx = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${env.server.url}/org/register`);
    await page.getByTestId('org-reg-login').click();
    await page.waitForURL(/\/login\?back=/);
    await submitPasswordLogin(page, p.username, p.password);
    await page.waitForURL('**/org/register');
    await page.getByTestId('org-reg-next-0').waitFor();
    await ctx.close();
  });
});
