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
  await page.getByTestId('login-identifier').fill(identifier);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/account');
}
