// Where you are (issue 19 item 4): every page has its own tab title and exactly one h1, and a route
// change moves the focus to the new page's h1 (a screen reader announces the page).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { serverAndBrowser, signInByPassword, waitForText } from './browser.js';

const env = serverAndBrowser();
const SITE = '身份统一认证平台';

/** The page's h1s and tab title once its heading is there. */
async function structure(page: Page): Promise<{ h1: string[]; title: string }> {
  await page.locator('h1[data-page-heading]').first().waitFor({ state: 'attached' });
  return page.evaluate(() => ({ h1: [...document.querySelectorAll('h1')].map((h) => (h.textContent ?? '').trim()), title: document.title }));
}

const SIGNED_OUT: [path: string, heading: string][] = [
  ['/login', '登录'],
  ['/register', '用户注册'],
  ['/login/forgot-password', '忘记密码'],
  ['/login/forgot-username', ''],
  ['/help', ''],
  ['/help/faq', ''],
  ['/org/recover', ''],
  ['/pension', ''],
  ['/no-such-page', ''],
];

const SIGNED_IN = ['/account', '/account/real-name', '/account/login-history', '/account/security-questions', '/account/security', '/account/security/password', '/account/security/phone', '/account/security/email', '/account/security/sessions', '/account/nickname', '/account/addresses', '/account/deactivate', '/account/orgs', '/org/register', '/account/pension'];

describe('page titles and headings', () => {
  it('gives every signed-out page one h1 and a title naming it', async () => {
    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    const titles = new Set<string>();
    for (const [path, heading] of SIGNED_OUT) {
      await page.goto(`${env.server.url}${path}`);
      const s = await structure(page);
      expect(s.h1, path).toHaveLength(1);
      if (heading) expect(s.h1[0], path).toBe(heading);
      expect(s.title, path).toBe(`${s.h1[0]} - ${SITE}`);
      titles.add(s.title);
    }
    expect(titles.size).toBe(SIGNED_OUT.length);
    await page.context().close();
  });

  it('gives every account-centre page one h1 and its own title, and a route change focuses the new h1', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    const titles = new Map<string, string>();
    for (const path of SIGNED_IN) {
      await page.goto(`${env.server.url}${path}`);
      const s = await structure(page);
      expect(s.h1, path).toHaveLength(1);
      expect(s.title, path).toBe(`${s.h1[0]} - ${SITE}`);
      titles.set(s.title, path);
    }
    expect(titles.size, JSON.stringify([...titles])).toBe(SIGNED_IN.length);
    // In the app, from the menu: the new page's heading has the focus.
    await page.goto(`${env.server.url}/account`);
    await structure(page);
    await page.getByTestId('menu-login-history').click();
    await waitForText(page.locator('h1[data-page-heading]'), '登录历史');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent)).toBe('H1:登录历史');
    expect(await page.title()).toBe(`登录历史 - ${SITE}`);
    // In English the title follows.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.title()).not.toContain('登录历史');
    await page.context().close();
  });
});
