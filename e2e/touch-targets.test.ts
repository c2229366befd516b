// Touch targets on a phone (issue 19 item 6): at 375 px everything a finger taps is at least 44×44 px
// (WCAG 2.5.5; the 适老化 rules ask for large controls), counting the padding around a link or icon.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser } from './browser.js';

const env = serverAndBrowser();
const MIN = 44;

/** The visible tappable things smaller than MIN in either direction. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const els = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), [role=button], [role=tab], .ant-checkbox-wrapper, .ant-radio-wrapper, .ant-input-password-icon')];
    const out: string[] = [];
    for (const el of els) {
      // A checkbox's own input is covered by its wrapper; an input inside an affix wrapper by the wrapper.
      if (el.matches('.ant-checkbox-input, .ant-radio-input')) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[aria-hidden=true]')) continue;
      const box = el.matches('input') && el.closest('.ant-input-affix-wrapper') ? el.closest('.ant-input-affix-wrapper')!.getBoundingClientRect() : r;
      if (box.width < min - 0.5 || box.height < min - 0.5) out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 16)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return out;
  }, MIN);
}

describe('touch targets at 375 px', () => {
  for (const path of ['/login', '/register', '/login/forgot-password']) {
    it(`are at least ${MIN}×${MIN} on ${path}`, async () => {
      const page = await (await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })).newPage();
      await page.goto(`${env.server.url}${path}`);
      await page.locator('h1[data-page-heading]').first().waitFor({ state: 'attached' });
      await page.locator('input:not([type=radio])').first().waitFor();
      const small = await smallTargets(page);
      expect(small, small.join('\n')).toEqual([]);
      await page.context().close();
    });
  }
});
