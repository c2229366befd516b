// axe-core on every page at 1280 px and 375 px (issue 19): no critical and no serious findings. The
// list of pages is the SPA's routes; a page added to web/src/App.tsx is added here.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { companies, registerOrg } from '../test/helpers/orgs.js';
import { login, newPerson, register } from '../test/helpers/people.js';
import { axeFindings, describeFindings } from './axe.js';
import { serverAndBrowser, signInByPassword, signInOrgByPassword } from './browser.js';

const env = serverAndBrowser();
// Reduced motion (web/src/styles.css turns transitions and animations off): axe reads colours as they
// are, not half-way through a dialog's fade-in (a 身份验证 dialog measured mid-fade failed one run in three).

const SIGNED_OUT = ['/pension', '/pension/downloads', '/pension/faq', '/login', '/register', '/register/phone', '/login/forgot-password', '/login/forgot-username', '/org/recover', '/org/forgot-password', '/help', '/help/faq', '/help/person-registration', '/help/org-registration', '/help/org-authorisation', '/no-such-page'];
const SIGNED_IN = ['/account', '/account/real-name', '/account/login-history', '/account/security-questions', '/account/security', '/account/security/password', '/account/security/phone', '/account/security/email', '/account/security/sessions', '/account/nickname', '/account/addresses', '/account/deactivate', '/account/orgs', '/org/register', '/account/real-name/face', '/account/pension'];

let next: Awaited<ReturnType<typeof companies>> | undefined;
const ORG = ['/org', '/org/members', '/org/name', '/org/ss-codes', '/org/password', '/org/security-questions'];

async function scan(page: Page, paths: string[], width: number): Promise<string[]> {
  const lines: string[] = [];
  for (const path of paths) {
    await page.goto(`${env.server.url}${path}`);
    await page.locator('h1[data-page-heading]').first().waitFor({ state: 'attached' });
    // The page's data are in when no spinner is left.
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
    const found = await axeFindings(page);
    if (found.length) lines.push(describeFindings(`${path} @${width}`, found));
  }
  return lines;
}

describe('axe-core: no critical or serious findings', () => {
  for (const width of [1280, 375]) {
    it(`on the signed-out pages at ${width} px`, async () => {
      const page = await (await env.browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 }, reducedMotion: 'reduce' })).newPage();
      const lines = await scan(page, SIGNED_OUT, width);
      expect(lines, lines.join('\n')).toEqual([]);
      await page.context().close();
    });

    it(`on the account centre's pages at ${width} px`, async () => {
      const p = newPerson();
      await register(new Agent(env.server.url), p);
      const page = await (await env.browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 }, reducedMotion: 'reduce' })).newPage();
      await signInByPassword(page, env.server.url, p.username, p.password);
      const lines = await scan(page, SIGNED_IN, width);
      expect(lines, lines.join('\n')).toEqual([]);
      await page.context().close();
    });

    it(`on the org centre's pages at ${width} px`, async () => {
      const a = new Agent(env.server.url);
      const p = newPerson();
      await register(a, p);
      expect((await login(a, p.username, p.password)).status).toBe(200);
      next ??= await companies(env.server, 4);
      const org = await registerOrg(a, next());
      const page = await (await env.browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 }, reducedMotion: 'reduce' })).newPage();
      await signInOrgByPassword(page, env.server.url, org.username, org.password);
      const lines = await scan(page, ORG, width);
      expect(lines, lines.join('\n')).toEqual([]);
      await page.context().close();
    });
  }
});
