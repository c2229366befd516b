/** Launches Debian's Chromium through playwright-core, with the flags this machine needs, beside a Shenfen server. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Config } from '../src/config.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../test/helpers/server.js';

/** The SPA as `npm run build` leaves it. */
export const WEB_ROOT = fileURLToPath(new URL('../dist/web/', import.meta.url));

export const ARTIFACTS = 'test-artifacts';

/**
 * Browser tests wait for what the page shows, never for a time. These are only the bounds past
 * which a wait counts as stuck: generous, because CI runs them on a busy 2-core machine beside
 * another test file, where one page load can take many seconds. A passing run never waits them out.
 */
export const PAGE_WAIT_MS = 45_000;
/** The bound of one browser test, and PAGE_WAIT_MS that of its `expect.poll`s (unit and integration tests keep vitest.config.ts's). */
export const BROWSER_TEST_MS = 300_000;
/** The bound of a browser test file's setup: a server and a Chromium started beside other test files. */
export const BROWSER_SETUP_MS = 240_000;

/** `extraArgs`: more Chromium flags, e.g. a fake camera (e2e/face.test.ts). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  // Every context a test opens (browser.newContext, and browser.newPage's own) waits up to
  // PAGE_WAIT_MS for what it is told to wait on, instead of Playwright's 30 s: Playwright has no
  // launch option for it, so newContext is wrapped here once for all the tests.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options);
    context.setDefaultTimeout(PAGE_WAIT_MS);
    context.setDefaultNavigationTimeout(PAGE_WAIT_MS);
    return context;
  };
  return browser;
}

/** For a browser test file (serverAndBrowser calls it): its tests and `expect.poll`s get the bounds above. */
export function boundBrowserTests(): void {
  vi.setConfig({ testTimeout: BROWSER_TEST_MS, hookTimeout: BROWSER_SETUP_MS, expect: { poll: { timeout: PAGE_WAIT_MS, interval: 100 } } });
}

/**
 * For a test file: a Shenfen server serving the built SPA and a Chromium, started before the
 * tests and closed after them (with `overrides` of the test configuration, e.g. the Shenzhen
 * registration check). The fields are filled in by the time the tests run.
 */
export function serverAndBrowser(overrides: Partial<Config> = {}): { server: TestServer; browser: Browser } {
  boundBrowserTests();
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startServer(overrides, { webRoot: WEB_ROOT });
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Signs in on /login with username (or ID number) and password, as a person does, and waits for the account centre. */
export async function signInByPassword(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await submitPasswordLogin(page, identifier, password);
  await page.waitForURL('**/account', { timeout: PAGE_WAIT_MS });
}

/** On the login page already: fills 账号密码登录 (with the test captcha) and submits it. */
export async function submitPasswordLogin(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByTestId('login-identifier').fill(identifier);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('login-submit').click();
}

/** Signs an org in on /login's 单位登录 tab (password and the test captcha) and waits for the org centre. */
export async function signInOrgByPassword(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-tab-org').click();
  await page.getByTestId('org-login-identifier').fill(identifier);
  await page.getByTestId('org-login-password').fill(password);
  await page.getByTestId('org-login-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('org-login-submit').click();
  await page.waitForURL('**/org');
}

/**
 * A new browser context (its own cookies: another browser) and page, zh-CN at desktop size unless
 * `options` say otherwise (its waits bounded by PAGE_WAIT_MS, as every context's).
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

/**
 * A failed wait, told with what the page shows instead: its address, the alerts on it, what
 * `shown` holds (if given) and a screenshot in test-artifacts/`name`.png — not a bare timeout.
 */
async function failWithPage(page: Page, name: string, what: string, err: unknown, shown?: Locator): Promise<never> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` }).catch(() => {});
  const alerts = await page.locator('[role="alert"]').allInnerTexts().catch(() => []);
  const texts = shown ? await shown.allInnerTexts().catch(() => []) : undefined;
  const showing = texts ? `; it shows ${JSON.stringify(texts)}` : '';
  throw new Error(`${what} at ${page.url()}${showing}; alerts: ${JSON.stringify(alerts)} (screenshot ${ARTIFACTS}/${name}.png)`, { cause: err });
}

/**
 * Waits until `locator` shows `expected` — text it contains, or a pattern its text matches (say
 * /^等待扫码$/) — however long the page takes within PAGE_WAIT_MS, checking whenever the page
 * changes (Playwright's own waiting, not a poll on a clock). When it never does, fails with what
 * it shows instead.
 */
export async function waitForText(locator: Locator, expected: string | RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: PAGE_WAIT_MS });
  } catch (err) {
    await failWithPage(locator.page(), 'wait-for-text', `${locator} never showed ${String(expected)}`, err, locator);
  }
}

/**
 * Waits for the 身份验证 modal a protected action opens; when it does not come, fails with what the
 * page shows instead (an error alert, say) and a screenshot, not a bare timeout.
 */
export async function waitForReauthModal(page: Page): Promise<void> {
  try {
    await page.getByTestId('reauth-modal').waitFor({ timeout: PAGE_WAIT_MS });
  } catch (err) {
    await failWithPage(page, 'reauth-missing', '身份验证 did not open', err);
  }
}

/**
 * Answers the 身份验证 modal (re-authentication before a sensitive change) with the password and
 * waits for it to close. If it stays open with an answer in words (an alert or a field error), the
 * test fails with that text and a screenshot, so a failure names its cause.
 */
export async function passReauthByPassword(page: Page, password: string): Promise<void> {
  const modal = page.getByTestId('reauth-modal');
  await waitForReauthModal(page);
  if (!(await modal.innerText()).includes('请先验证身份')) throw new Error(`not the 身份验证 modal: ${await modal.innerText()}`);
  await page.getByTestId('reauth-password').fill(password);
  await page.getByTestId('reauth-submit').click();
  const problem = modal.locator('[data-testid="reauth-alert"], .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    modal.waitFor({ state: 'detached', timeout: PAGE_WAIT_MS }).then(() => 'closed', () => 'timeout'),
    problem.waitFor({ timeout: PAGE_WAIT_MS }).then(() => 'problem', () => 'timeout'),
  ]);
  if (outcome !== 'closed') {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/reauth-stuck.png` });
    throw new Error(`身份验证 did not close (${outcome}): ${await modal.innerText().catch(() => '')}`);
  }
}
