// 扫码登录 in two browsers: a computer shows the QR code, a phone opens its address, signs in, sees the
// computer and confirms — the computer lands in the account centre. And a cancel on the phone, and
// the 扫码登录 tab staying chosen while the window changes size. Every step waits for what a page
// shows (a phone on a busy machine is slow, and the computer learns of the phone at its next poll).
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { ARTIFACTS, newPage, serverAndBrowser, submitPasswordLogin, waitForText } from './browser.js';

const env = serverAndBrowser();

const desktopPage = (browser: Browser) => newPage(browser, { viewport: { width: 1280, height: 900 } });

const phonePage = (browser: Browser) =>
  newPage(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  });

/** The login page's 扫码登录 tab, with its code shown; returns the address the code holds. */
async function showQr(page: Page): Promise<string> {
  await page.goto(`${env.server.url}/login`);
  await page.getByTestId('login-method-qr').click();
  await waitForText(page.getByTestId('qr-login-status'), /^等待扫码$/);
  expect(await page.getByTestId('qr-login-guide').innerText()).toContain('请使用手机打开身份统一认证平台并扫描二维码');
  const src = await page.getByTestId('qr-login-image').getAttribute('src');
  expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
  return page.getByTestId('qr-login-url').innerText();
}

async function person(): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(env.server.url), p);
  return p;
}

describe('扫码登录 in the browser', () => {
  it('the phone signs in, sees the computer and confirms; the computer lands in the account centre', async () => {
    const p = await person();
    const desktop = await desktopPage(env.browser);
    const url = await showQr(desktop);
    expect(url).toMatch(new RegExp(`^${env.server.url}/m/qr/[A-Za-z0-9_-]{43}$`));
    await desktop.screenshot({ path: `${ARTIFACTS}/qr-login-desktop.png`, fullPage: true });

    // The phone opens the address; not signed in yet, it signs in first and comes back.
    const phone = await phonePage(env.browser);
    await phone.goto(url);
    await phone.getByTestId('login-identifier').waitFor();
    expect(new URL(phone.url()).pathname).toBe('/login');
    await submitPasswordLogin(phone, p.username, p.password);
    await phone.getByTestId('qr-mobile-ask').waitFor();
    expect(phone.url()).toBe(url);
    expect(await phone.getByTestId('qr-mobile-device').innerText()).toMatch(/Chrome \d+ · Linux/);
    expect(await phone.getByTestId('qr-mobile-place').innerText()).toBe('IP地址 127.0.0.1');
    expect(await phone.getByTestId('qr-mobile-service').innerText()).toBe('身份统一认证平台');
    await phone.screenshot({ path: `${ARTIFACTS}/qr-login-phone.png`, fullPage: true });

    await waitForText(desktop.getByTestId('qr-login-status'), /^已扫码，请在手机上确认$/);
    await phone.getByTestId('qr-mobile-confirm').click();
    await waitForText(phone.getByTestId('qr-mobile-done'), '已确认登录');
    await phone.screenshot({ path: `${ARTIFACTS}/qr-login-phone-done.png`, fullPage: true });

    // The computer's next poll signs it in: the account centre greets the person.
    await waitForText(desktop.getByTestId('account-display-name'), p.name);
    expect(new URL(desktop.url()).pathname).toBe('/account');
    await desktop.getByTestId('menu-login-history').click();
    await waitForText(desktop.getByTestId('login-history-table'), '扫码登录');
    await desktop.screenshot({ path: `${ARTIFACTS}/qr-login-desktop-signed-in.png`, fullPage: true });
  });

  it('cancelled on the phone: the computer says so and offers a new code', async () => {
    const p = await person();
    const phone = await phonePage(env.browser);
    await phone.goto(`${env.server.url}/login`);
    await submitPasswordLogin(phone, p.username, p.password);
    await phone.waitForURL('**/account');

    const desktop = await desktopPage(env.browser);
    const url = await showQr(desktop);
    await phone.goto(url);
    await phone.getByTestId('qr-mobile-cancel').click();
    await phone.getByTestId('qr-mobile-cancelled').waitFor();
    await waitForText(desktop.getByTestId('qr-login-status'), '您已在手机上取消本次登录');
    await desktop.getByTestId('qr-login-refresh').click();
    await waitForText(desktop.getByTestId('qr-login-status'), /^等待扫码$/);
    expect(await desktop.getByTestId('qr-login-url').innerText()).not.toBe(url);
    // The old code is dead on the phone.
    await phone.goto(url);
    await waitForText(phone.getByTestId('qr-mobile-problem'), '二维码已失效，请在电脑上刷新二维码');
  });

  it('the poll that signs the computer in counts even when its answer comes after the person left the tab', async () => {
    const p = await person();
    const phone = await phonePage(env.browser);
    await phone.goto(`${env.server.url}/login`);
    await submitPasswordLogin(phone, p.username, p.password);
    await phone.waitForURL('**/account');

    const desktop = await desktopPage(env.browser);
    const url = await showQr(desktop);
    // The poll that signs the computer in has its answer held until the person has gone to
    // 用户名密码登录 (a slow network); the page must still go on to the account centre.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const polled = new Promise<void>((resolve) =>
      void desktop.route('**/api/flows/login/*/qr', async (route) => {
        const response = await route.fetch();
        if ((await response.text()).includes('"approved"')) {
          resolve();
          await held;
        }
        await route.fulfill({ response });
      }),
    );
    await phone.goto(url);
    await phone.getByTestId('qr-mobile-confirm').click();
    await phone.getByTestId('qr-mobile-done').waitFor();
    await polled;
    await desktop.getByTestId('login-method-password').click();
    await desktop.getByTestId('login-identifier').waitFor();
    release();
    await waitForText(desktop.getByTestId('account-display-name'), p.name);
  });

  it('扫码登录 stays chosen when the window narrows to phone size and widens again', async () => {
    const desktop = await desktopPage(env.browser);
    const url = await showQr(desktop);
    // Narrower than a phone (a window resized or zoomed, or one still being laid out at start-up):
    // the tab in use stays, with its code; the other tabs take their short names.
    await desktop.setViewportSize({ width: 480, height: 900 });
    await waitForText(desktop.getByTestId('login-method-password'), /^密码登录$/);
    expect(await desktop.getByTestId('qr-login-url').innerText()).toBe(url);
    await desktop.setViewportSize({ width: 1280, height: 900 });
    await waitForText(desktop.getByTestId('login-method-password'), /^用户名密码登录$/);
    expect(await desktop.getByTestId('qr-login-url').innerText()).toBe(url);
    await waitForText(desktop.getByTestId('qr-login-status'), /^等待扫码$/);
    // Another tab chosen on a phone-sized window: 扫码登录 leaves the list, and comes back when wide.
    await desktop.setViewportSize({ width: 480, height: 900 });
    await desktop.getByTestId('login-method-sms').click();
    await desktop.getByTestId('login-method-qr').waitFor({ state: 'detached' });
    await desktop.setViewportSize({ width: 1280, height: 900 });
    await desktop.getByTestId('login-method-qr').waitFor();
    expect(await desktop.getByTestId('login-methods').locator('.ant-tabs-tab-active').innerText()).toBe('短信验证码登录');
  });
});
