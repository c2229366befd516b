// The keyboard alone (issue 19 items 5 and CI checks): Tab through the login page and the account
// centre — every stop shows a ring of at least 2 px in a colour at 3:1 or more against what is behind
// it — and sign in without a mouse.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser } from './browser.js';

const env = serverAndBrowser();

interface Stop {
  what: string;
  ring: number;
  contrast: number;
}

/** Presses Tab `count` times; for each stop, the width of its focus ring and the ring's contrast with the background behind the element. */
async function tabStops(page: Page, count: number): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    // Past the last stop the focus leaves the page (the document's body): the round is done.
    if (await page.evaluate(() => document.activeElement === document.body)) break;
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = (c: number[]) => {
          const [r, g, b] = c.slice(0, 3).map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const ratio = (a: number[], b: number[]) => {
          const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
          return (x! + 0.05) / (y! + 0.05);
        };
        // What is behind: the first ancestor (from the parent) with an opaque background.
        let bg = [255, 255, 255];
        for (let n = el.parentElement; n; n = n.parentElement) {
          const c = parse(getComputedStyle(n).backgroundColor);
          if (c.length >= 3 && (c.length < 4 || c[3]! > 0.9)) {
            bg = c;
            break;
          }
        }
        // The ring: the element's outline, or a box-shadow spread on it or on its field wrapper.
        const candidates = [el, el.closest('.ant-input-affix-wrapper'), el.closest('.ant-select'), el.closest('.ant-checkbox-wrapper')?.querySelector('.ant-checkbox-inner'), el.closest('.ant-radio-wrapper')?.querySelector('.ant-radio-inner')].filter(Boolean) as HTMLElement[];
        let ring = 0;
        let contrast = 0;
        for (const c of candidates) {
          const s = getComputedStyle(c);
          if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > ring) {
            ring = parseFloat(s.outlineWidth);
            contrast = ratio(parse(s.outlineColor), bg);
          }
          const shadow = s.boxShadow.match(/rgba?\([^)]*\)\s+0px\s+0px\s+0px\s+([\d.]+)px/);
          if (shadow && parseFloat(shadow[1]!) > ring) {
            ring = parseFloat(shadow[1]!);
            contrast = ratio(parse(shadow[0].match(/rgba?\([^)]*\)/)![0]), bg);
          }
        }
        const what = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 20)}`;
        return { what, ring, contrast: Math.round(contrast * 100) / 100 };
      }),
    );
  }
  return stops;
}

/** Presses Tab until the element with `testId` (or the field inside it) has the focus; fails if it is not reached in `max` presses. */
async function tabTo(page: Page, testId: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate((id) => {
      const el = document.activeElement as HTMLElement | null;
      const sel = `[data-testid="${id}"]`;
      // The element itself, a field inside it, or a radio or checkbox whose label holds it.
      return !!el && (el.dataset.testid === id || !!el.closest(sel) || !!el.closest('label')?.querySelector(sel));
    }, testId);
    if (at) return;
  }
  const seen = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${testId} was not reached by ${max} presses of Tab (at ${seen})`);
}

const weak = (stops: Stop[]) => stops.filter((s) => s.ring < 2 || s.contrast < 3);

describe('the keyboard alone', () => {
  it('shows a clear focus ring on every stop of the login page, and signs in without a mouse', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    // Reduced motion: the ring is measured as it is, not half-way through antd's 0.2 s transition.
    const page = await (await env.browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce' })).newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-identifier').waitFor();
    const stops = await tabStops(page, 14);
    expect(weak(stops), JSON.stringify(stops, null, 1)).toEqual([]);
    // Sign in with the keyboard: focus the first field by Tab from the top, type, Tab on, Enter.
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-identifier').waitFor();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'login-identifier')) break;
    }
    await page.keyboard.type(p.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(p.password);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'login-captcha')) break;
    }
    await page.keyboard.type(TEST_CAPTCHA);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/account');
    // The account centre from the top of a fresh load: the header, the menu and the panel.
    await page.goto(`${env.server.url}/account`);
    await page.getByTestId('account-menu').waitFor();
    const centre = await tabStops(page, 30);
    expect(centre.length).toBeGreaterThan(4);
    expect(weak(centre), JSON.stringify(centre, null, 1)).toEqual([]);
    await page.context().close();
  });

  it('registers a person with the keyboard alone: Tab, type, Space, Enter', async () => {
    const p = newPerson();
    const page = await (await env.browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce' })).newPage();
    await page.goto(`${env.server.url}/register`);
    await page.getByTestId('register-username').waitFor();
    for (const [id, value] of [['register-username', p.username], ['register-password', p.password], ['register-confirm-password', p.password], ['register-captcha', TEST_CAPTCHA]] as const) {
      await tabTo(page, id);
      await page.keyboard.type(value);
    }
    await tabTo(page, 'register-login-info-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('register-name').waitFor();
    for (const [id, value] of [['register-name', p.name], ['register-id-number', p.idNumber], ['register-phone', p.phone]] as const) {
      await tabTo(page, id);
      await page.keyboard.type(value);
    }
    await tabTo(page, 'register-identity-info-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('register-summary').waitFor();
    await tabTo(page, 'register-agree');
    await page.keyboard.press('Space');
    await tabTo(page, 'register-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('register-success').waitFor();
    expect(await page.getByTestId('register-success-username').innerText()).toContain(p.username);
    await page.context().close();
  });

  it('忘记密码 with the keyboard alone: the account step, then the ways chosen with the arrow keys', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await (await env.browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce' })).newPage();
    await page.goto(`${env.server.url}/login/forgot-password`);
    await page.getByTestId('recovery-identifier').waitFor();
    await tabTo(page, 'recovery-identifier');
    await page.keyboard.type(p.username);
    await tabTo(page, 'recovery-captcha');
    await page.keyboard.type(TEST_CAPTCHA);
    await tabTo(page, 'recovery-account-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('recovery-step-verify').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/keyboard-recovery-verify.png`, fullPage: true });
    // The ways are one radio group: Tab reaches it at the chosen way (手机验证找回), the arrow keys choose another.
    const checked = (id: string) => page.evaluate((sel) => !!document.querySelector(sel)?.closest('label')?.querySelector<HTMLInputElement>('input')?.checked, `[data-testid="${id}"]`);
    await tabTo(page, 'recovery-method-sms');
    expect(await checked('recovery-method-sms')).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => checked('recovery-method-questions')).toBe(true);
    // And back: every way is reachable without a mouse.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => checked('recovery-method-sms')).toBe(true);
    await page.context().close();
  });
});
