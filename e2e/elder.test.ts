// 长辈模式 (issue 19 item 3): a switch on every page; text 1.5× and larger controls, AAA-contrast text,
// the login page's secondary links left out; remembered on the device; and the browser's own font-size
// setting honoured in either mode (sizes in rem, the theme scaled by the root font size).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { axeFindings, describeFindings } from './axe.js';
import { ARTIFACTS, serverAndBrowser, signInByPassword } from './browser.js';

const env = serverAndBrowser();

/** Sizes that show the mode: a form label, the input's height, the submit button's height (px). */
async function sizes(page: Page) {
  return page.evaluate(() => {
    const px = (sel: string, prop: 'fontSize' | 'height') => {
      const el = document.querySelector<HTMLElement>(sel);
      return el ? (prop === 'height' ? el.getBoundingClientRect().height : parseFloat(getComputedStyle(el).fontSize)) : 0;
    };
    return { label: px('.ant-form-item-label label', 'fontSize'), input: px('[data-testid=login-identifier]', 'height'), text: px('[data-testid=login-identifier]', 'fontSize'), button: px('[data-testid=login-submit]', 'height') };
  });
}

describe('长辈模式', () => {
  it('makes the login page 1.5× with AAA text, leaves the guides out, is remembered, and turns off again', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-identifier').waitFor();
    const normal = await sizes(page);
    expect(await page.getByTestId('login-help-links').isVisible()).toBe(true);
    const sw = page.getByTestId('elder-switch');
    expect(await sw.innerText()).toContain('长辈模式');
    expect(await sw.getAttribute('aria-pressed')).toBe('false');
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-pressed')).toBe('true');
    expect(await sw.innerText()).toContain('退出长辈模式');
    const big = await sizes(page);
    for (const k of ['label', 'text', 'input', 'button'] as const) expect(big[k] / normal[k], `${k}: ${normal[k]} → ${big[k]}`).toBeGreaterThanOrEqual(1.45);
    expect(await page.getByTestId('login-help-links').isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/elder-login.png`, fullPage: true });
    // AAA: every text at 7:1 — axe's color-contrast-enhanced rule.
    const found = (await axeFindings(page)).concat();
    expect(found, describeFindings('/login elder', found)).toEqual([]);
    const enhanced = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const r = await axe.run(document, { runOnly: ['color-contrast-enhanced'] });
      return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
    });
    expect(enhanced).toEqual([]);
    // Remembered on this device: a new page opens in 长辈模式.
    const again = await context.newPage();
    await again.goto(`${env.server.url}/login`);
    await again.getByTestId('login-identifier').waitFor();
    expect(await again.getByTestId('elder-switch').getAttribute('aria-pressed')).toBe('true');
    expect((await sizes(again)).text).toBeCloseTo(big.text, 0);
    await again.getByTestId('elder-switch').click();
    await expect.poll(async () => (await sizes(again)).text).toBeCloseTo(normal.text, 0);
    await context.close();
  });

  it('shows the account centre in 长辈模式 at a phone’s 375 px, everything reachable', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 812 }, reducedMotion: 'reduce' });
    await context.addInitScript(() => localStorage.setItem('shenfen.elder', '1'));
    const page = await context.newPage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    await page.getByTestId('account-menu-open').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('sf-elder'))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/elder-account-375.png`, fullPage: true });
    await page.getByTestId('account-menu-open').click();
    await page.getByTestId('menu-real-name').click();
    await page.waitForURL('**/account/real-name');
    await page.getByTestId('realname-method-face').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const found = await axeFindings(page);
    expect(found, describeFindings('/account/real-name elder 375', found)).toEqual([]);
    await context.close();
  });

  it('honours the browser’s own font size: a 32 px default doubles the page, in either mode', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-identifier').waitFor();
    const normal = (await sizes(page)).text;
    // The browser's setting (设置 → 字号), as DevTools sets it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await page.reload();
    await page.getByTestId('login-identifier').waitFor();
    expect((await sizes(page)).text / normal).toBeGreaterThanOrEqual(1.9);
    await page.getByTestId('elder-switch').click();
    await expect.poll(async () => (await sizes(page)).text / normal).toBeGreaterThanOrEqual(2.8);
    await context.close();
  });
});
