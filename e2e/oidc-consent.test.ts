import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleApp } from '../examples/business-system/app.js';
import { addBusinessSystem } from '../src/business-systems/business-systems.js';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { ARTIFACTS, serverAndBrowser, submitPasswordLogin } from './browser.js';

// A business system that is not first-party: Shenfen asks the person before it hands anything over.
const env = serverAndBrowser();
let example: Awaited<ReturnType<typeof startExampleApp>>;
let person: TestPerson;

beforeAll(async () => {
  const { server } = env;
  let secret = '';
  example = await startExampleApp({ issuer: `${server.url}/oidc`, clientId: 'thirdparty', get clientSecret() { return secret; } });
  const added = await addBusinessSystem(server.ctx, {
    id: 'thirdparty',
    name: '第三方办事系统',
    firstParty: false,
    oidc: { redirectUris: [`${example.url}/callback`], postLogoutRedirectUris: [`${example.url}/`] },
  });
  secret = added.clientSecret!;
  person = newPerson();
  await register(new Agent(server.url), person);
});
afterAll(async () => {
  await example?.close();
});

/** Opens the system in a fresh browser, signs in at Shenfen and waits for the consent page. */
async function toConsent() {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(example.url);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/login\?next=/);
  await submitPasswordLogin(page, person.username, person.password);
  await page.getByRole('heading', { name: '授权确认' }).waitFor();
  expect(await page.locator('main').innerText()).toContain('第三方办事系统');
  return { context, page };
}

/**
 * Clicks `button` on the consent page and resolves with the URL the browser arrived at in the
 * business system; fails at once, with what the page says, when Shenfen answers with a page instead.
 */
async function answerConsent(page: Page, button: '同意授权' | '拒绝' | 'Allow'): Promise<URL> {
  const arrived = page.waitForRequest((r) => r.url().startsWith(`${example.url}/callback`));
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: button }).click();
  const posted = await response;
  if (posted.status() >= 400) throw new Error(`${button} answered ${posted.status()}: ${await page.locator('body').innerText()}`);
  return new URL((await arrived).url());
}

describe('consent for a business system that is not first-party', () => {
  it('同意授权 brings the person back to the system with a code, signed in', async () => {
    const { context, page } = await toConsent();
    await page.screenshot({ path: `${ARTIFACTS}/oidc-consent.png`, fullPage: true });
    const arrived = await answerConsent(page, '同意授权');
    expect(arrived.searchParams.get('code')).toBeTruthy();
    expect(arrived.searchParams.get('error')).toBeNull();
    await page.waitForURL(`${example.url}/`);
    expect(await page.getByTestId('greeting').innerText()).toContain(person.name);
    await context.close();
  });

  it('拒绝 brings the person back to the system with access_denied', async () => {
    const { context, page } = await toConsent();
    const arrived = await answerConsent(page, '拒绝');
    expect(arrived.searchParams.get('error')).toBe('access_denied');
    expect(arrived.searchParams.get('code')).toBeNull();
    await context.close();
  });

  it('speaks English on request: the header’s English link, then Allow signs the person in', async () => {
    const { context, page } = await toConsent();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Allow access' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    expect(await page.locator('main').innerText()).toContain('"第三方办事系统" asks for the following:');
    expect(await page.title()).toBe('Allow access - Unified Identity Authentication Platform');
    const arrived = await answerConsent(page, 'Allow');
    expect(arrived.searchParams.get('code')).toBeTruthy();
    await context.close();
  });
});
