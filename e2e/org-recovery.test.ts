import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { companies, registerOrg, type TestOrg } from '../test/helpers/orgs.js';
import { login, newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser, signInOrgByPassword, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32 * 1024, 7)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

let next: Awaited<ReturnType<typeof companies>> | undefined;

async function anOrg(): Promise<TestOrg> {
  next ??= await companies(env.server, 10);
  const a = new Agent(env.server.url);
  const p = newPerson();
  await register(a, p);
  expect((await login(a, p.username, p.password)).status).toBe(200);
  return registerOrg(a, next());
}

async function newPage(): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
  return context.newPage();
}

const orgSignIn = (page: Page, identifier: string, password: string) => signInOrgByPassword(page, env.server.url, identifier, password);

async function personSignIn(page: Page, p: TestPerson) {
  await page.goto(`${env.server.url}/login`);
  await submitPasswordLogin(page, p.username, p.password);
  await page.waitForURL('**/account**');
}

describe('单位找回密码 in the browser', () => {
  it('by documents: upload, staff approve in the review queue, the applicant sets the new password, the org signs in with it', async () => {
    const org = await anOrg();
    const agentPerson = newPerson();
    const staff = newPerson();
    await register(new Agent(env.server.url), staff);
    const row = await env.server.ctx.db.selectFrom('accounts').select('id').where('username', '=', staff.username).executeTakeFirstOrThrow();
    await env.server.ctx.db.insertInto('staff_roles').values({ account_id: row.id, role: 'staff', granted_at: new Date(), granted_by: 'test' }).execute();

    // 1. The org's agent applies from the org login page.
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-tab-org').click();
    await page.getByTestId('org-recover-link').click();
    await page.waitForURL('**/org/recover');
    await page.getByTestId('org-recover-uscc').fill(org.company.uscc);
    await page.getByTestId('org-recover-agent-name').fill(agentPerson.name);
    await page.getByTestId('org-recover-agent-id').fill(agentPerson.idNumber);
    await page.getByTestId('org-recover-phone').fill(agentPerson.phone);
    await page.getByTestId('org-recover-licencePhoto').setInputFiles({ name: 'licence.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByTestId('org-recover-agentIdPhoto').setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('org-recover-captcha').fill(TEST_CAPTCHA);
    await page.screenshot({ path: `${ARTIFACTS}/org-recover-apply.png`, fullPage: true });
    await page.getByTestId('org-recover-submit').click();
    await page.getByTestId('org-recover-submitted').waitFor();
    const requestId = (await page.getByTestId('org-recover-request-id').innerText()).trim();
    expect(requestId).not.toBe('');
    expect((await page.getByTestId('org-recover-claim-token').innerText()).trim()).not.toBe('');
    // The follow-up tab is filled in; the request is being reviewed.
    await page.getByTestId('org-recover-follow-check').click();
    await expect.poll(() => page.getByTestId('org-recover-follow-status').innerText()).toContain('审核中');

    // 2. Staff approve it in the review queue.
    const staffPage = await newPage();
    await personSignIn(staffPage, staff);
    await staffPage.goto(`${env.server.url}/staff/org-recovery`);
    const item = staffPage.getByTestId(`staff-recovery-row-${org.company.uscc}`);
    await item.waitFor();
    await item.getByTestId('staff-recovery-note').fill('证件齐全');
    await staffPage.screenshot({ path: `${ARTIFACTS}/org-recover-staff.png`, fullPage: true });
    await item.getByTestId('staff-recovery-approve').click();
    await expect.poll(() => staffPage.getByTestId(`staff-recovery-row-${org.company.uscc}`).count()).toBe(0);
    await staffPage.context().close();

    // 3. The applicant sets the new password with the request number and code.
    await page.getByTestId('org-recover-follow-check').click();
    await expect.poll(() => page.getByTestId('org-recover-follow-status').innerText()).toContain('已通过');
    await page.getByTestId('org-recover-new-password').fill('Hn6#tRw2Zq');
    await page.getByTestId('org-recover-confirm-password').fill('Hn6#tRw2Zq');
    await page.getByTestId('org-recover-reset-submit').click();
    await page.getByTestId('org-recover-done').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/org-recover-done.png`, fullPage: true });
    await orgSignIn(page, org.company.uscc, 'Hn6#tRw2Zq');
    await page.context().close();
  });

  it('security questions: set in the org centre, then 忘记密码 → 单位找回密码 by them (four steps), linked to recovery by documents', async () => {
    const org = await anOrg();
    const page = await newPage();
    await orgSignIn(page, org.username, org.password);
    await page.getByTestId('org-menu-security').click();
    await page.getByTestId('org-questions-panel').waitFor();
    for (const [i, a] of ['2008', '王芳', '工商银行'].entries()) await page.getByTestId(`org-questions-a${i + 1}`).fill(a);
    await page.getByTestId('org-questions-password').fill(org.password);
    await page.getByTestId('org-questions-save').click();
    await page.getByTestId('org-questions-saved').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/org-security-questions.png`, fullPage: true });
    const panel = page.getByTestId('org-questions-panel');
    expect(await panel.innerText()).toMatch(/密保问题[\s\S]*保存成功[\s\S]*问题 1[\s\S]*答案 3[\s\S]*单位登录密码/);
    // The panel's words come from the catalog: English on request, then back.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => panel.innerText()).toMatch(/Security questions[\s\S]*Saved[\s\S]*Question 1[\s\S]*Answer 3[\s\S]*Org password/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => panel.innerText()).toContain('保存成功');
    await page.getByTestId('org-logout').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/org'));

    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-tab-org').click();
    await page.getByTestId('org-forgot-password-link').click();
    await page.waitForURL('**/org/forgot-password');
    await expect.poll(() => page.locator('h1').first().innerText()).toContain('单位找回密码');
    await page.getByTestId('recovery-identifier').fill(org.company.uscc);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-org-verify').waitFor();
    expect(await page.getByTestId('recovery-org-verify').innerText()).toContain('单位成立的年份？');
    expect(await page.getByTestId('recovery-org-by-documents').innerText()).toBe('无法通过密保问题找回？上传材料找回');
    // A wrong answer: the one message, and 上一步 stays.
    for (const [i, a] of ['1999', '王芳', '工商银行'].entries()) await page.getByTestId(`recovery-org-answer-${i + 1}`).fill(a);
    await page.getByTestId('recovery-org-questions-submit').click();
    await expect.poll(() => page.getByTestId('recovery-alert').innerText()).toContain('验证信息不正确');
    await page.getByTestId('recovery-org-answer-1').fill('２００８');
    await page.screenshot({ path: `${ARTIFACTS}/org-forgot-password.png`, fullPage: true });
    await page.getByTestId('recovery-org-questions-submit').click();
    await page.getByTestId('recovery-step-reset').waitFor();
    await page.getByTestId('recovery-password').fill('Hn6#tRw2Zq');
    await page.getByTestId('recovery-confirm-password').fill('Hn6#tRw2Zq');
    await page.getByTestId('recovery-reset-submit').click();
    await page.getByTestId('recovery-done').waitFor();
    expect(await page.getByTestId('recovery-done').innerText()).toContain('单位登录');
    await orgSignIn(page, org.username, 'Hn6#tRw2Zq');
    await page.context().close();
  });

  it('the org page links to recovery by documents, and back', async () => {
    const page = await newPage();
    await page.goto(`${env.server.url}/org/forgot-password`);
    await page.getByTestId('recovery-org-by-documents-start').click();
    await page.waitForURL('**/org/recover');
    await page.getByTestId('org-recover-by-questions').click();
    await page.waitForURL('**/org/forgot-password');
    await page.getByTestId('recovery-identifier').waitFor();
    await page.context().close();
  });
});
