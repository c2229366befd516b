/** Launches Debian's Chromium through playwright-core, with the flags this machine needs, beside a Shenfen server. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../test/helpers/server.js';

/** The SPA as `npm run build` leaves it. */
export const WEB_ROOT = fileURLToPath(new URL('../dist/web/', import.meta.url));

export const ARTIFACTS = 'test-artifacts';

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
    ],
  });
}

/**
 * For a test file: a Shenfen server serving the built SPA and a Chromium, started before the
 * tests and closed after them (with `overrides` of the test configuration, e.g. the Shenzhen
 * registration check). The fields are filled in by the time the tests run.
 */
export function serverAndBrowser(overrides: Partial<Config> = {}): { server: TestServer; browser: Browser } {
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
  await page.waitForURL('**/account');
}

/** On the login page already: fills 账号密码登录 (with the test captcha) and submits it. */
export async function submitPasswordLogin(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByTestId('login-identifier').fill(identifier);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('login-submit').click();
}

/**
 * Answers the 身份验证 modal (re-authentication before a sensitive change) with the password and
 * waits for it to close. If it stays open with an answer in words (an alert or a field error), the
 * test fails with that text and a screenshot, so a failure names its cause.
 */
/**
 * Waits for the 身份验证 modal a protected action opens; when it does not come, fails with what the
 * page shows instead (an error alert, say) and a screenshot, not a bare timeout.
 */
export async function waitForReauthModal(page: Page): Promise<void> {
  try {
    await page.getByTestId('reauth-modal').waitFor();
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/reauth-missing.png` }).catch(() => {});
    const alerts = await page.locator('[role="alert"]').allInnerTexts().catch(() => []);
    throw new Error(`身份验证 did not open at ${page.url()}; alerts: ${JSON.stringify(alerts)}`, { cause: err });
  }
}

export async function passReauthByPassword(page: Page, password: string): Promise<void> {
  const modal = page.getByTestId('reauth-modal');
  await waitForReauthModal(page);
  if (!(await modal.innerText()).includes('请先验证身份')) throw new Error(`not the 身份验证 modal: ${await modal.innerText()}`);
  await page.getByTestId('reauth-password').fill(password);
  await page.getByTestId('reauth-submit').click();
  const problem = modal.locator('[data-testid="reauth-alert"], .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    modal.waitFor({ state: 'detached' }).then(() => 'closed', () => 'timeout'),
    problem.waitFor().then(() => 'problem', () => 'timeout'),
  ]);
  if (outcome !== 'closed') {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/reauth-stuck.png` });
    throw new Error(`身份验证 did not close (${outcome}): ${await modal.innerText().catch(() => '')}`);
  }
}
