// The account and org centres on a phone (issue 19 item 1): at 375 px the menu is a drawer opened by
// the 菜单 button above the panel, which names the section you are in; every section is reachable.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { companies, registerOrg } from '../test/helpers/orgs.js';
import { login, newPerson, register } from '../test/helpers/people.js';
import { ARTIFACTS, serverAndBrowser, signInByPassword, signInOrgByPassword, waitForText } from './browser.js';

const env = serverAndBrowser();
const PHONE = { width: 375, height: 812 };

async function phonePage(): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
  return context.newPage();
}

/**
 * Opens the drawer, reads its sections, and goes to each in turn as a person does: 菜单, the section,
 * then checks the address, the named section above the panel and that nothing is wider than the phone.
 */
async function visitEverySection(page: Page, menu: string, shot: string): Promise<string[]> {
  const open = page.getByTestId(`${menu}-open`);
  await open.waitFor();
  // No side menu taking space or Tab stops on a phone: the drawer is not there until opened.
  expect(await page.getByTestId(menu).count()).toBe(0);
  await open.click();
  const items = page.getByTestId(menu).locator('[data-testid]');
  await items.first().waitFor();
  const sections = await items.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid')!, label: e.textContent ?? '' })));
  await page.screenshot({ path: `${ARTIFACTS}/${shot}-drawer.png`, fullPage: true });
  await page.keyboard.press('Escape');
  await page.getByTestId(menu).waitFor({ state: 'hidden' });
  const visited: string[] = [];
  for (const section of sections) {
    await open.click();
    await page.getByTestId(section.id).click();
    await waitForText(page.getByTestId(`${menu}-current`), section.label.trim());
    await page.getByTestId(menu).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), section.label).toBeLessThanOrEqual(PHONE.width);
    visited.push(new URL(page.url()).pathname);
  }
  return visited;
}

describe('the centres on a phone (375 px)', () => {
  it('a person reaches every section of the account centre from the 菜单 drawer', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await phonePage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    expect(await page.getByTestId('account-menu-open').innerText()).toContain('菜单');
    await waitForText(page.getByTestId('account-menu-current'), '个人信息');
    const visited = await visitEverySection(page, 'account-menu', 'phone-account');
    expect(visited).toEqual(expect.arrayContaining(['/account', '/account/real-name', '/account/login-history', '/account/security']));
    // 实名认证 shows its panel, not only its name.
    await page.getByTestId('account-menu-open').click();
    await page.getByTestId('menu-real-name').click();
    await page.waitForURL('**/account/real-name');
    await page.getByTestId('realname-method-face').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/phone-account-real-name.png`, fullPage: true });
    await page.context().close();
  });

  it('an org reaches every section of the org centre from the 菜单 drawer', async () => {
    const a = new Agent(env.server.url);
    const p = newPerson();
    await register(a, p);
    expect((await login(a, p.username, p.password)).status).toBe(200);
    const org = await registerOrg(a, (await companies(env.server, 1))());
    const page = await phonePage();
    await signInOrgByPassword(page, env.server.url, org.username, org.password);
    const visited = await visitEverySection(page, 'org-menu', 'phone-org');
    expect(visited).toEqual(['/org', '/org/members', '/org/name', '/org/ss-codes', '/org/password', '/org/security-questions']);
    await page.context().close();
  });

  it('keeps the side menu at 1280 px, with no 菜单 button', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    await page.getByTestId('account-menu').waitFor();
    expect(await page.getByTestId('account-menu-open').count()).toBe(0);
    await page.getByTestId('menu-login-history').click();
    await page.waitForURL('**/account/login-history');
    await context.close();
  });

  it('has a header that fits the phone: room above the title, the department under it, the switches in one row', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await phonePage();
    await page.goto(`${env.server.url}/login`);
    await waitForText(page.getByTestId('app-department'), '广东省人力资源和社会保障厅');
    const measure = () =>
      page.evaluate(() => {
        const header = document.querySelector('.sf-header')!.getBoundingClientRect();
        const brand = document.querySelector('[data-testid=app-name]')!.getBoundingClientRect();
        const tops = ['elder-switch', 'lang-switch'].map((id) => document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect().top);
        return { height: header.height, gap: brand.top - header.top, sameRow: Math.abs(tops[0]! - tops[1]!) < 2 };
      });
    const out = await measure();
    expect(out.gap).toBeGreaterThanOrEqual(8);
    expect(out.sameRow).toBe(true);
    // Signed out it was 106 px, signed in 166 px; now a row for the title and one for the buttons.
    expect(out.height).toBeLessThanOrEqual(130);
    await signInByPassword(page, env.server.url, p.username, p.password);
    await page.getByTestId('account-menu-open').waitFor();
    const signedIn = await measure();
    await page.screenshot({ path: `${ARTIFACTS}/phone-header.png` });
    expect(signedIn.height).toBeLessThanOrEqual(130);
    expect(signedIn.sameRow).toBe(true);
    // Short words on the phone (what is shown is what a screen reader says: WCAG 2.5.3).
    expect(await page.getByTestId('elder-switch').innerText()).toContain('大字版');
    expect(await page.getByTestId('elder-switch').getAttribute('aria-pressed')).toBe('false');
    await page.screenshot({ path: `${ARTIFACTS}/phone-header.png` });
    await page.context().close();
  });
});
