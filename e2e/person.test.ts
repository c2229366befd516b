import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { login, newPerson, register } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser } from './browser.js';

const env = serverAndBrowser();

async function newPage(): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function signIn(page: Page, identifier: string, password: string, captcha = TEST_CAPTCHA) {
  await page.getByTestId('login-identifier').fill(identifier);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-captcha').fill(captcha);
  await page.getByTestId('login-submit').click();
}

/** Registration step 1 填写登录信息, filled and submitted. */
async function fillLoginInfo(page: Page, p: { username: string; password: string }) {
  await page.getByTestId('register-username').fill(p.username);
  await page.getByTestId('register-password').fill(p.password);
  await page.getByTestId('register-confirm-password').fill(p.password);
  await page.getByTestId('register-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('register-login-info-submit').click();
}

describe('a citizen in the browser', () => {
  it("hears '该证件号码已注册' once per picture: the step then shows a new captcha and asks for it", async () => {
    const taken = newPerson();
    await register(new Agent(env.server.url), taken);
    const p = newPerson();
    const page = await newPage();
    await page.goto(`${env.server.url}/register`);
    await fillLoginInfo(page, p);

    await page.getByTestId('register-name').fill(p.name);
    await page.getByTestId('register-id-number').fill(taken.idNumber);
    await page.getByTestId('register-phone').fill(p.phone);
    // The first answer rides on step 1's picture: no captcha here yet.
    expect(await page.getByTestId('register-identity-captcha').count()).toBe(0);
    await page.getByTestId('register-identity-info-submit').click();
    await expect.poll(() => page.getByTestId('register-step-identity-info').innerText()).toContain('该证件号码已注册，请直接登录或找回密码');
    const picture = page.getByTestId('register-identity-captcha-img');
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/register-id-taken-captcha.png`, fullPage: true });

    await page.getByTestId('register-id-number').fill(p.idNumber);
    await page.getByTestId('register-identity-info-submit').click();
    // Not sent without the picture's answer.
    await expect.poll(() => page.getByTestId('register-step-identity-info').innerText()).toContain('请输入图片验证码');
    await page.getByTestId('register-identity-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('register-identity-info-submit').click();
    await expect.poll(() => page.getByTestId('register-summary').innerText()).toContain(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
  });

  it('registers, signs in, sees the account centre and logs out', async () => {
    const p = newPerson();
    const page = await newPage();
    await page.goto(`${env.server.url}/register`);
    await expect.poll(() => page.getByTestId('register-steps').innerText()).toContain('填写登录信息');

    await fillLoginInfo(page, p);

    await page.getByTestId('register-name').fill(p.name);
    await page.getByTestId('register-id-number').fill(p.idNumber);
    await page.getByTestId('register-phone').fill(p.phone);
    await page.getByTestId('register-identity-info-submit').click();

    const summary = page.getByTestId('register-summary');
    await expect.poll(() => summary.innerText()).toContain(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    await expect.poll(() => page.getByTestId('register-submit').isDisabled()).toBe(true);
    await page.getByTestId('register-agree').check();
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-success').waitFor();
    expect(await page.getByTestId('register-success-username').innerText()).toContain(p.username);
    await page.screenshot({ path: `${ARTIFACTS}/register-success.png`, fullPage: true });

    await page.getByTestId('register-go-login').click();
    await page.waitForURL('**/login');
    await signIn(page, p.username, p.password);
    await page.waitForURL('**/account');
    const profile = page.getByTestId('profile-table');
    await expect.poll(() => profile.innerText()).toContain(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    const text = await profile.innerText();
    expect(text).toContain(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
    expect(text).toContain(p.name);
    expect(text).not.toContain(p.idNumber);
    // No nickname and no e-mail yet.
    expect(text).toMatch(/昵称\s*未设置/);
    expect(text).toMatch(/电子邮箱\s*未绑定/);
    expect(await page.getByTestId('account-display-name').innerText()).toContain(p.name);
    await page.screenshot({ path: `${ARTIFACTS}/account-centre.png`, fullPage: true });

    await page.getByTestId('menu-login-history').click();
    await expect.poll(() => page.getByTestId('login-history-table').innerText()).toContain('成功');

    await page.getByTestId('logout-button').click();
    await page.waitForURL('**/login');
    await page.goto(`${env.server.url}/account`);
    await page.waitForURL('**/login');
    await page.close();
  });

  it('shows one clear message for a wrong password and lets the person retry', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await signIn(page, p.username, 'Wrong#Pass99');
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('用户名或密码错误');
    expect(await page.getByTestId('login-captcha').inputValue()).toBe('');
    await page.screenshot({ path: `${ARTIFACTS}/login-wrong-password.png`, fullPage: true });
    await signIn(page, p.username, p.password);
    await page.waitForURL('**/account');
    await page.close();
  });

  it('a locked account is no dead end: the message leads to 忘记密码 and to why it is locked', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    for (let i = 0; i < env.server.ctx.config.lockout.maxFailures; i++) await login(new Agent(env.server.url), p.username, `Wrong#Pass${i}`);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await signIn(page, p.username, p.password);
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('账户已暂时锁定');
    expect(await page.getByTestId('login-locked-help').innerText()).toContain('忘记密码');
    await page.getByText('为什么会被锁定？').click();
    await page.waitForURL('**/help/faq#account-locked');
    await page.close();
  });

  it('on a phone-sized screen shows both sign-in methods by short names, without an overflow menu or 扫码登录', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/login`);
    await expect.poll(() => page.getByTestId('login-method-password').innerText()).toBe('密码登录');
    expect(await page.getByTestId('login-method-sms').innerText()).toBe('短信登录');
    expect(await page.getByTestId('login-method-qr').count()).toBe(0);
    expect(await page.locator('[data-testid="login-methods"] .ant-tabs-nav-more').isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/login-phone.png`, fullPage: true });
    await context.close();
  });

  it('refuses a wrong captcha', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await signIn(page, p.username, p.password, 'ZZZZ');
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('图片验证码错误');
    expect(page.url()).toContain('/login');
    await page.close();
  });

  it('shows the login page in the seeds’ shape, and in English on request', async () => {
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await expect.poll(() => page.getByTestId('login-card').innerText()).toContain('个人登录');
    const card = await page.getByTestId('login-card').innerText();
    expect(card).toContain('单位登录');
    expect(card).toContain('用户名密码登录');
    const fontSize = await page.getByTestId('login-identifier').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await page.screenshot({ path: `${ARTIFACTS}/login-zh-CN.png`, fullPage: true });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('login-card').innerText()).not.toContain('个人登录');
    await page.close();
  });
});

describe('密码修改 from the login page', () => {
  it('changes the password with the current one, after one wrong try, then signs in with the new one', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await page.goto(`${env.server.url}/login/change-password`);
    await expect.poll(() => page.getByTestId('password-change-card').innerText()).toContain('个人密码修改');
    expect(await page.getByTestId('password-change-card').innerText()).toContain('单位密码修改');

    const fill = async (current: string) => {
      await page.getByTestId('password-change-identifier').fill(p.username);
      await page.getByTestId('password-change-current').fill(current);
      await page.getByTestId('password-change-new-password').fill('Nw4#kTz8Qa');
      await page.getByTestId('password-change-new-confirm-password').fill('Nw4#kTz8Qa');
      await page.getByTestId('password-change-captcha').fill(TEST_CAPTCHA);
      await page.getByTestId('password-change-submit').click();
    };
    await fill('Wrong#Pass99');
    await expect.poll(() => page.getByTestId('password-change-alert').innerText()).toContain('用户名或密码错误');
    await fill(p.password);
    await expect.poll(() => page.getByTestId('password-change-done').innerText()).toContain('密码修改成功');
    await page.screenshot({ path: `${ARTIFACTS}/password-change-done.png`, fullPage: true });
    await page.getByTestId('password-change-to-login').click();
    await page.waitForURL('**/login');
    await signIn(page, p.username, 'Nw4#kTz8Qa');
    await page.waitForURL('**/account');
    await page.close();
  });
});

describe('serving the SPA', () => {
  it('serves index.html for page paths but 404 for missing files and API paths', async () => {
    const page = await fetch(`${env.server.url}/account/login-history`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${env.server.url}/assets/missing.js`)).status).toBe(404);
    const api = await fetch(`${env.server.url}/api/missing`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('request.not_found');
  });

  it('sends built files compressed and cached for a year, index.html checked on each visit', async () => {
    const index = await fetch(`${env.server.url}/login`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const entry = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(entry).toBeTruthy();

    const plain = await fetch(`${env.server.url}${entry}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const source = await plain.text();
    for (const encoding of ['br', 'gzip']) {
      // fetch decodes the body; the headers still say how it travelled.
      const res = await fetch(`${env.server.url}${entry}`, { headers: { 'accept-encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(await res.text()).toBe(source);
    }
    // The compressed copies are not pages of their own.
    expect((await fetch(`${env.server.url}${entry}.br`)).status).toBe(404);
  });

  it('loads only what the login page needs, and the account centre’s pages after sign-in', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const scripts: { url: string; bytes: Promise<number> }[] = [];
    page.on('requestfinished', (req) => {
      if (req.resourceType() === 'script') scripts.push({ url: req.url(), bytes: req.sizes().then((s) => s.responseBodySize) });
    });
    await page.goto(`${env.server.url}/login`);
    await expect.poll(() => page.getByTestId('login-card').innerText()).toContain('个人登录');
    const loginScripts = [...scripts];
    const onWire = (await Promise.all(loginScripts.map((s) => s.bytes))).reduce((a, b) => a + b, 0);
    // One bundle of everything was 1.5 MB uncompressed; the login page now needs well under a third of that on the wire.
    expect(onWire).toBeGreaterThan(0);
    expect(onWire).toBeLessThan(400_000);
    const accountChunk = (urls: string[]) => urls.filter((u) => /\/assets\/pages-/.test(u));
    expect(accountChunk(loginScripts.map((s) => s.url))).toEqual([]);

    const p = newPerson();
    await register(new Agent(env.server.url), p);
    await signIn(page, p.username, p.password);
    await page.waitForURL('**/account');
    await page.getByTestId('account-display-name').waitFor();
    expect(accountChunk(scripts.map((s) => s.url)).length).toBeGreaterThan(0);
    await context.close();
  });
});
