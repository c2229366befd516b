// 扫码登录 in two browsers: a computer shows the QR code, a phone opens its address, signs in, sees the
// computer and confirms — the computer lands in the account centre. And a cancel on the phone.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { ARTIFACTS, serverAndBrowser, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();

async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  });
  return context.newPage();
}

/** The login page's 扫码登录 tab, with its code shown; returns the address the code holds. */
async function showQr(page: Page): Promise<string> {
  await page.goto(`${env.server.url}/login`);
  await page.getByTestId('login-method-qr').click();
  await page.getByTestId('qr-login-image').waitFor();
  await expect.poll(() => page.getByTestId('qr-login-status').innerText()).toBe('等待扫码');
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
    await phone.waitForURL('**/login?back=*');
    await submitPasswordLogin(phone, p.username, p.password);
    await phone.waitForURL(url);
    await phone.getByTestId('qr-mobile-ask').waitFor();
    expect(await phone.getByTestId('qr-mobile-device').innerText()).toMatch(/Chrome \d+ · Linux/);
    expect(await phone.getByTestId('qr-mobile-place').innerText()).toBe('IP地址 127.0.0.1');
    expect(await phone.getByTestId('qr-mobile-service').innerText()).toBe('身份统一认证平台');
    await phone.screenshot({ path: `${ARTIFACTS}/qr-login-phone.png`, fullPage: true });

    await expect.poll(() => desktop.getByTestId('qr-login-status').innerText()).toBe('已扫码，请在手机上确认');
    await phone.getByTestId('qr-mobile-confirm').click();
    await phone.getByTestId('qr-mobile-done').waitFor();
    expect(await phone.getByTestId('qr-mobile-done').innerText()).toContain('已确认登录');
    await phone.screenshot({ path: `${ARTIFACTS}/qr-login-phone-done.png`, fullPage: true });

    await desktop.waitForURL('**/account');
    await expect.poll(() => desktop.locator('body').innerText()).toContain(p.name);
    await desktop.goto(`${env.server.url}/account/login-history`);
    await expect.poll(() => desktop.locator('body').innerText()).toContain('扫码登录');
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
    await expect.poll(() => desktop.getByTestId('qr-login-status').innerText()).toContain('您已在手机上取消本次登录');
    await desktop.getByTestId('qr-login-refresh').click();
    await expect.poll(() => desktop.getByTestId('qr-login-status').innerText()).toBe('等待扫码');
    expect(await desktop.getByTestId('qr-login-url').innerText()).not.toBe(url);
    // The old code is dead on the phone.
    await phone.goto(url);
    await expect.poll(() => phone.getByTestId('qr-mobile-problem').innerText()).toContain('二维码已失效，请在电脑上刷新二维码');
  });
});
