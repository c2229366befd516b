import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../test/helpers/server.js';
import { ARTIFACTS, newPage, serverAndBrowser, WEB_ROOT } from './browser.js';

// A lock unlike the default (5 failures, 15 minutes), so the FAQ is seen to quote the server's.
const env = serverAndBrowser({ lockout: { maxFailures: 4, lockMinutes: 9, maxConsecutiveFailures: 100 } });

const pageIn = (browser: Browser, locale = 'zh-CN') => newPage(browser, { locale, viewport: { width: 1000, height: 900 } });

/** The numbered steps of a guide's section as shown: "1 打开…", "2 第一步…". */
async function stepsOf(page: Awaited<ReturnType<typeof pageIn>>, section: number): Promise<string[]> {
  const list = page.getByTestId(`help-steps-${section}`);
  await list.waitFor();
  return list.locator(':scope > li').allInnerTexts();
}

describe('帮助中心 (seed 000: 个人注册指引、单位注册指引、单位授权个人指引、常见问题知识库)', () => {
  it('is reached from the footer of the login page and lists the four entries, each leading to its page', async () => {
    const page = await pageIn(env.browser);
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('help-link').click();
    await page.waitForURL('**/help');
    const centre = page.getByTestId('help-centre');
    await centre.waitFor();
    const entries = await centre.locator('.sf-help-entry-title').allInnerTexts();
    expect(entries).toEqual(['个人注册指引', '单位注册指引', '单位授权个人指引', '常见问题知识库']);
    await page.screenshot({ path: `${ARTIFACTS}/help-centre.png`, fullPage: true });

    await page.getByTestId('help-entry-org-authorisation').click();
    await page.waitForURL('**/help/org-authorisation');
    await page.getByTestId('help-back').click();
    await page.waitForURL('**/help');
    // No dead end: 返回登录.
    await page.getByTestId('help-centre').getByRole('link', { name: '返回登录' }).click();
    await page.waitForURL('**/login');
    await page.getByTestId('login-card').waitFor();
  });

  it('个人注册指引: numbered steps for both registration styles the server offers, and 去注册 opens registration', async () => {
    const page = await pageIn(env.browser);
    await page.goto(`${env.server.url}/help/person-registration`);
    const byUsername = await stepsOf(page, 1);
    expect(byUsername).toHaveLength(5);
    byUsername.forEach((step, i) => expect(step.startsWith(String(i + 1))).toBe(true));
    expect(byUsername[1]).toContain('第一步“填写登录信息”');
    // This server registers in the default manner: 阅读协议, no bank check.
    expect(byUsername[3]).toContain('第三步“阅读协议”');
    expect(byUsername.join()).not.toContain('填写验证信息');
    const byPhone = await stepsOf(page, 2);
    expect(byPhone[0]).toContain('手机号注册');
    await page.screenshot({ path: `${ARTIFACTS}/help-person-registration.png`, fullPage: true });

    await page.getByTestId('help-steps-1-1').getByRole('link', { name: '去注册' }).click();
    await page.waitForURL('**/register');
    await expect.poll(() => page.getByTestId('register-steps').innerText()).toContain('填写登录信息');
  });

  it('单位注册指引 and 单位授权个人指引: the org pages’ own words, and their links reach the pages', async () => {
    const page = await pageIn(env.browser);
    await page.goto(`${env.server.url}/help/org-registration`);
    const registration = await stepsOf(page, 1);
    expect(registration).toHaveLength(7);
    expect(registration[2]).toContain('“单位注册”');
    expect(registration[4]).toContain('统一社会信用代码');
    await page.screenshot({ path: `${ARTIFACTS}/help-org-registration.png`, fullPage: true });
    // Signed out, 去单位注册 reaches the page that asks for the personal sign-in first.
    await page.getByRole('link', { name: '去单位注册' }).click();
    await page.waitForURL('**/org/register');
    await expect.poll(() => page.getByTestId('org-register-card').innerText()).toContain('请先使用个人账号登录');

    await page.goto(`${env.server.url}/help/org-authorisation`);
    const authorisation = (await stepsOf(page, 1)).join('\n');
    for (const words of ['子账号信息', '新增', '发起绑定', '我的授权', '同意绑定', '授权', '经办人登录', '选择办理单位']) expect(authorisation).toContain(words);
    await page.screenshot({ path: `${ARTIFACTS}/help-org-authorisation.png`, fullPage: true });
    // The person's last step opens 单位登录 at 经办人登录.
    await page.getByRole('link', { name: '去经办人登录' }).click();
    await page.waitForURL('**/login?as=agent');
    await expect.poll(() => page.getByTestId('org-login-methods').locator('.ant-tabs-tab-active').innerText()).toBe('经办人登录');
  });

  it('常见问题知识库: the lock answer gives the server’s configured failures and minutes; #account-locked opens it', async () => {
    const page = await pageIn(env.browser);
    await page.goto(`${env.server.url}/help`);
    await page.getByTestId('help-entry-faq').click();
    await page.waitForURL('**/help/faq');
    const questions = await page.locator('[data-testid^="faq-q-"]').allInnerTexts();
    expect(questions.length).toBeGreaterThanOrEqual(10);
    expect(questions).toContain('账户被锁定了怎么办？');
    await page.getByTestId('faq-q-account-locked').click();
    const answer = page.getByTestId('faq-a-account-locked');
    await expect.poll(() => answer.innerText()).toContain('连续输错密码4次，账户会被锁定9分钟');
    expect(await answer.innerText()).not.toContain('{');

    // The link in the answer reaches 忘记密码.
    await answer.getByRole('link', { name: '忘记密码' }).click();
    await page.waitForURL('**/login/forgot-password');

    await page.goto(`${env.server.url}/help/faq#account-locked`);
    await expect.poll(() => page.getByTestId('faq-a-account-locked').innerText()).toContain('请等9分钟后再登录');
    // Opened as the page is drawn (no opening motion to wait for), so the picture shows the answer.
    await page.screenshot({ path: `${ARTIFACTS}/help-faq-locked.png`, fullPage: true });
  });

  it('works in English', async () => {
    const page = await pageIn(env.browser, 'en-US');
    await page.goto(`${env.server.url}/help`);
    await page.getByTestId('help-centre').waitFor();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('help-centre').locator('.sf-help-entry-title').allInnerTexts()).toEqual([
      'Registering a personal account',
      'Registering an organisation',
      'Authorising a person to act for the organisation',
      'Frequently asked questions',
    ]);
    expect(await page.getByTestId('help-link').innerText()).toBe('Help centre');
    await page.screenshot({ path: `${ARTIFACTS}/help-centre-en.png`, fullPage: true });

    await page.getByTestId('help-entry-person-registration').click();
    expect((await stepsOf(page, 1))[0]).toContain('click “Register”');
    await page.goto(`${env.server.url}/help/faq#account-locked`);
    await expect.poll(() => page.getByTestId('faq-a-account-locked').innerText()).toContain('After 4 wrong passwords in a row the account is locked for 9 minutes');
    await page.screenshot({ path: `${ARTIFACTS}/help-faq-en.png`, fullPage: true });
  });

  it('follows the configuration: with the bank check and username registration only, the guide shows 填写验证信息 and no 手机号注册', async () => {
    const shenzhen = await startServer({ registrationCheck: 'bank4', registrationStyles: ['username'] }, { webRoot: WEB_ROOT });
    try {
      const page = await pageIn(env.browser);
      await page.goto(`${shenzhen.url}/help/person-registration`);
      const steps = await stepsOf(page, 1);
      expect(steps[3]).toContain('第三步“填写验证信息”');
      expect(steps[4]).toContain('L4');
      expect(steps.join()).not.toContain('阅读协议');
      expect(await page.getByTestId('help-steps-2').count()).toBe(0);
      expect(await page.getByTestId('help-guide-person-registration').innerText()).not.toContain('手机号注册');
      await page.screenshot({ path: `${ARTIFACTS}/help-person-registration-bank4.png`, fullPage: true });
    } finally {
      await shenzhen.close();
    }
  });
});
