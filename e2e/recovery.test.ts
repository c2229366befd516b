import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../src/connectors/realname/index.js';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { newPhone, PHONE_PASSWORD, registerByPhone } from '../test/helpers/phone.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, passReauthByPassword, serverAndBrowser, signInByPassword, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();

async function newPage(): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
  return context.newPage();
}

/** The SMS cooldown is per number and the test clock does not move by itself. */
const pastCooldown = () => env.server.clock.advance(61_000);

/** 手机号注册 in the browser (from the login page's link); lands signed in on /account/real-name. */
async function registerByPhoneInBrowser(page: Page, phone: string, screenshot: boolean): Promise<void> {
  await page.goto(`${env.server.url}/login`);
  await page.getByTestId('register-phone-link').click();
  await page.waitForURL('**/register/phone');
  await page.getByTestId('phone-register-phone').fill(phone);
  await page.getByTestId('phone-register-nickname').fill('老王');
  await page.getByTestId('phone-register-password').fill('Kx7#pRw2Vq');
  await page.getByTestId('phone-register-confirm-password').fill('Kx7#pRw2Vq');
  await page.getByTestId('phone-register-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('phone-register-sms-send').click();
  await expect.poll(() => page.getByTestId('phone-register-sms-send').innerText()).toMatch(/\d+秒后重新获取/);
  await page.getByTestId('phone-register-sms-code').fill(env.server.lastSmsCode(phone));
  await expect.poll(() => page.getByTestId('phone-register-submit').isDisabled()).toBe(true);
  await page.getByTestId('phone-register-agree').check();
  if (screenshot) await page.screenshot({ path: `${ARTIFACTS}/register-phone.png`, fullPage: true });
  await page.getByTestId('phone-register-submit').click();
  await page.waitForURL('**/account/real-name');
}

describe('SMS login, registration by phone and recovery in the browser', () => {
  it('registers by phone, goes straight on to 身份证实名认证 (第三步), then signs in by SMS code', async () => {
    const [who] = (await seedSandboxRegistry(env.server.ctx, { count: 5, seed: 21 })).filter((r) => r.status === 'alive' && r.idType === 'resident_id');
    const phone = newPhone();
    const page = await newPage();
    await registerByPhoneInBrowser(page, phone, true);
    // 第三步: the ID-card form at once, under the registration's steps and the catalog's words.
    await page.getByTestId('realname-id-card').waitFor();
    expect(await page.getByTestId('register-realname-welcome').innerText()).toContain('注册成功，请继续完成实名认证');
    expect(await page.getByTestId('register-realname').innerText()).toMatch(/填写注册信息[\s\S]*实名认证[\s\S]*进入个人中心/);
    expect(await page.getByTestId('account-display-name').innerText()).toContain('老王');
    await page.screenshot({ path: `${ARTIFACTS}/register-phone-realname.png`, fullPage: true });
    await page.getByTestId('realname-name').fill(who!.name);
    await page.getByTestId('realname-id-number').fill(who!.idNumber);
    await page.getByTestId('realname-submit').click();
    await page.getByTestId('realname-done').waitFor();
    expect(await page.getByTestId('realname-done').innerText()).toContain('认证完成');
    expect(await page.getByTestId('realname-done-back').innerText()).toContain('进入个人中心');
    await page.getByTestId('realname-done-back').click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByTestId('profile-table').innerText()).toContain(who!.name);
    await page.getByTestId('logout-button').click();
    await page.waitForURL('**/login');

    pastCooldown();
    await page.getByTestId('login-method-sms').click();
    await page.getByTestId('sms-login-phone').fill(phone);
    await page.getByTestId('sms-login-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('sms-login-sms-send').click();
    await page.getByTestId('sms-login-info').waitFor();
    expect(await page.getByTestId('sms-login-info').innerText()).toContain('如果该手机号已注册，验证码已发送');
    await expect.poll(() => page.getByTestId('sms-login-sms-send').innerText()).toMatch(/\d+秒后重新获取/);
    await page.screenshot({ path: `${ARTIFACTS}/sms-login.png`, fullPage: true });
    await page.getByTestId('sms-login-sms-code').fill(env.server.lastSmsCode(phone));
    await page.getByTestId('sms-login-submit').click();
    await page.waitForURL('**/account');
    await page.getByTestId('menu-login-history').click();
    await expect.poll(() => page.locator('body').innerText()).toContain('短信验证码登录');
    await page.context().close();
  });

  it('registers by phone and may skip 实名认证 for now, on to the account centre', async () => {
    const page = await newPage();
    await registerByPhoneInBrowser(page, newPhone(), false);
    await page.getByTestId('realname-id-card').waitFor();
    expect(await page.getByTestId('realname-cancel').innerText()).toContain('暂不认证，进入个人中心');
    await page.getByTestId('realname-cancel').click();
    await page.waitForURL(/\/account$/);
    await page.getByTestId('profile-table').waitFor();
    // The 实名认证 page itself, reached later, is the list of methods.
    await page.getByTestId('menu-real-name').click();
    await page.getByTestId('realname-methods').waitFor();
    expect(await page.getByTestId('register-realname-welcome').count()).toBe(0);
    await page.context().close();
  });

  it('names the mobile number on the login field, and signs in by password with it', async () => {
    const phone = newPhone();
    expect((await registerByPhone(env.server, new Agent(env.server.url), phone)).res.status).toBe(200);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await expect.poll(() => page.getByTestId('login-card').innerText()).toContain('用户名/证件号码/手机号');
    expect(await page.getByTestId('login-identifier').getAttribute('placeholder')).toBe('请输入用户名、证件号码或手机号');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-card').innerText()).toContain('请输入用户名、证件号码或手机号\n');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('login-card').innerText()).toContain('Username / ID number / mobile number');
    await page.getByTestId('lang-switch').click();
    await submitPasswordLogin(page, phone, PHONE_PASSWORD);
    await page.waitForURL('**/account');
    expect(await page.getByTestId('account-display-name').innerText()).toContain('小王');
    await page.context().close();
  });

  it('shows a wrong SMS code in words', async () => {
    const phone = newPhone();
    expect((await registerByPhone(env.server, new Agent(env.server.url), phone)).res.status).toBe(200);
    pastCooldown();
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-method-sms').click();
    await page.getByTestId('sms-login-phone').fill(phone);
    await page.getByTestId('sms-login-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('sms-login-sms-send').click();
    await page.getByTestId('sms-login-info').waitFor();
    const code = env.server.lastSmsCode(phone);
    await page.getByTestId('sms-login-sms-code').fill(code === '123456' ? '654321' : '123456');
    await page.getByTestId('sms-login-submit').click();
    await expect.poll(() => page.getByTestId('sms-login-alert').innerText()).toContain('短信验证码错误，请重新输入');
    await page.context().close();
  });

  it('one 忘记密码 per login tab, to its own flow; the page switches between 自然人找回密码 and 单位找回密码', async () => {
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    const forgot = page.getByTestId('login-card').getByRole('link', { name: '忘记密码', exact: true });
    await expect.poll(() => forgot.count()).toBe(1);
    expect(await forgot.getAttribute('href')).toBe('/login/forgot-password');
    await page.getByTestId('login-tab-org').click();
    await page.getByTestId('org-forgot-password-link').waitFor();
    expect(await forgot.count()).toBe(1);
    expect(await forgot.getAttribute('href')).toBe('/org/forgot-password');
    await forgot.click();
    await page.waitForURL('**/org/forgot-password');
    const switcher = page.getByTestId('recovery-kind-switch');
    await expect.poll(() => switcher.innerText()).toMatch(/自然人找回密码[\s\S]*单位找回密码/);
    expect(await page.locator('.ant-segmented-item-selected').innerText()).toBe('单位找回密码');
    await expect.poll(() => page.getByTestId('recovery-step-account').innerText()).toContain('单位用户名或统一社会信用代码');
    await page.screenshot({ path: `${ARTIFACTS}/forgot-password-switch.png`, fullPage: true });
    await page.getByTestId('recovery-kind-person').click();
    await page.waitForURL('**/login/forgot-password');
    await expect.poll(() => page.locator('.ant-segmented-item-selected').innerText()).toBe('自然人找回密码');
    await expect.poll(() => page.getByTestId('recovery-step-account').innerText()).not.toContain('统一社会信用代码');
    expect(await page.locator('h1').first().innerText()).toBe('忘记密码');
    await page.getByTestId('recovery-kind-org').click();
    await page.waitForURL('**/org/forgot-password');
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('单位找回密码');
    await page.context().close();
  });

  it('forgot password by ID number + SMS code, four steps, then signs in with the new password', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    pastCooldown();
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('forgot-password-link').click();
    await page.waitForURL('**/login/forgot-password');
    await expect.poll(() => page.getByTestId('recovery-steps').innerText()).toContain('输入帐户名');
    await page.getByTestId('recovery-identifier').fill(p.username);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-step-verify').waitFor();
    // A reload comes back to 验证身份, not to the start.
    await page.reload();
    await page.getByTestId('recovery-step-verify').waitFor();
    expect(await page.getByTestId('recovery-identifier').count()).toBe(0);
    await page.getByTestId('recovery-id-number').fill(p.idNumber);
    await page.getByTestId('recovery-sms-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-sms-send').click();
    await page.getByTestId('recovery-sms-info').waitFor();
    await page.getByTestId('recovery-sms-code').fill(env.server.lastSmsCode(p.phone));
    await page.screenshot({ path: `${ARTIFACTS}/recovery-verify.png`, fullPage: true });
    await page.getByTestId('recovery-verify-submit').click();
    await page.getByTestId('recovery-step-reset').waitFor();
    await page.getByTestId('recovery-password').fill('Rb5$wQz8Nk');
    await page.getByTestId('recovery-confirm-password').fill('Rb5$wQz8Nk');
    await page.getByTestId('recovery-reset-submit').click();
    await page.getByTestId('recovery-done').waitFor();
    expect(await page.getByTestId('recovery-done').innerText()).toContain('密码修改成功');
    await page.screenshot({ path: `${ARTIFACTS}/recovery-done.png`, fullPage: true });
    await page.getByTestId('recovery-to-login').click();
    await page.waitForURL('**/login');
    await submitPasswordLogin(page, p.username, 'Rb5$wQz8Nk');
    await page.waitForURL('**/account');
    await page.context().close();
  });

  it('sets security questions in the account centre and recovers with them', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    await page.getByTestId('menu-security-questions').click();
    await page.getByTestId('security-questions-panel').waitFor();
    const answers = ['广州', '东山小学', '人社局'];
    const questions = ['您的出生地是哪里？', '您母亲的姓名是什么？', '您父亲的姓名是什么？'];
    for (const n of [1, 2, 3]) {
      await page.getByTestId(`security-question-${n}`).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(questions[n - 1]!).last().click();
      await page.getByTestId(`security-answer-${n}`).fill(answers[n - 1]!);
    }
    // Saving is a sensitive change: the shared 身份验证 modal asks for the password first.
    await page.getByTestId('security-questions-save').click();
    await page.getByTestId('reauth-modal').waitFor();
    expect(await page.getByTestId('security-questions-saved').count()).toBe(0);
    await passReauthByPassword(page, p.password);
    await page.getByTestId('security-questions-saved').waitFor();
    // The chosen questions stay on screen; the answers do not.
    await expect.poll(() => page.getByTestId('security-questions-panel').innerText()).toContain('您的出生地是哪里？');
    expect(await page.getByTestId('security-answer-1').inputValue()).toBe('');
    await page.screenshot({ path: `${ARTIFACTS}/security-questions.png`, fullPage: true });
    await page.getByTestId('logout-button').click();
    await page.waitForURL('**/login');

    await page.getByTestId('forgot-password-link').click();
    await page.getByTestId('recovery-identifier').fill(p.username);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-method-questions').click();
    for (const n of [1, 2, 3]) await page.getByTestId(`recovery-answer-${n}`).fill(answers[n - 1]!);
    await page.getByTestId('recovery-questions-submit').click();
    await page.getByTestId('recovery-step-reset').waitFor();
    await page.getByTestId('recovery-password').fill('Ws4&nTq7Lm');
    await page.getByTestId('recovery-confirm-password').fill('Ws4&nTq7Lm');
    await page.getByTestId('recovery-reset-submit').click();
    await page.getByTestId('recovery-done').waitFor();
    await page.context().close();
  });

  it('forgot username: the name goes by SMS, the page only says it was sent if the details match', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    pastCooldown();
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('forgot-username-link').click();
    await page.waitForURL('**/login/forgot-username');
    await page.getByTestId('reminder-name').fill(p.name);
    await page.getByTestId('reminder-id-number').fill(p.idNumber);
    await page.getByTestId('reminder-phone').fill(p.phone);
    await page.getByTestId('reminder-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('reminder-identity-submit').click();
    await page.getByTestId('reminder-step-code').waitFor();
    // A reload comes back to the code step, not to the start.
    await page.reload();
    await page.getByTestId('reminder-step-code').waitFor();
    expect(await page.getByTestId('reminder-name').count()).toBe(0);
    await page.getByTestId('reminder-sms-code').fill(env.server.lastSmsCode(p.phone));
    await page.getByTestId('reminder-code-submit').click();
    await page.getByTestId('reminder-done').waitFor();
    expect(await page.locator('body').innerText()).not.toContain(p.username);
    // Once done, the page starts afresh.
    await page.reload();
    await page.getByTestId('reminder-step-identity').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/forgot-username-done.png`, fullPage: true });
    expect(env.server.sms.outbox().find((m) => m.template === 'username_reminder' && m.phone === p.phone)?.params.username).toBe(p.username);
    await page.context().close();
  });
});
