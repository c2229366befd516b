import { describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../src/connectors/realname/index.js';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { maskPhone } from '../src/domain/index.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();

describe('forgot password by bank card (银行卡验证) in the browser', () => {
  it('chooses 银行卡验证, is told the name and phone will become the bank-verified ones, gets the code at the bank-reserved phone, resets, and signs in under the new name', async () => {
    const registry = await seedSandboxRegistry(env.server.ctx, { count: 30, seed: 47 });
    const r = registry.find((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && !!x.bankPhone)!;
    // Registered under another name and phone: the bank's replace them.
    const p = { ...newPerson(), name: '王旧名', idNumber: r.idNumber };
    await register(new Agent(env.server.url), p);
    env.server.clock.advance(61_000);
    const page = await (await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(`${env.server.url}/login/forgot-password`);
    await page.getByTestId('recovery-identifier').fill(p.username);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-step-verify').waitFor();
    expect(await page.getByTestId('recovery-method-bank4').innerText()).toBe('银联认证找回');
    await page.getByTestId('recovery-method-bank4').click();
    await page.getByTestId('recovery-bank4').waitFor();
    expect(await page.getByTestId('recovery-bank4-notice').innerText()).toContain('找回密码成功后会将您账号的姓名、手机号修改为银联认证时的姓名和手机号');
    await page.getByTestId('recovery-bank4-name').fill(r.name);
    await page.getByTestId('recovery-bank4-card').fill(r.bankCard!);
    await page.getByTestId('recovery-bank4-phone').fill(r.bankPhone!);
    await page.getByTestId('recovery-bank4-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-bank4-sms-send').click();
    await page.getByTestId('recovery-bank4-info').waitFor();
    expect(await page.getByTestId('recovery-bank4-info').innerText()).toContain('银行预留手机');
    // The bank check runs after the answer; the code goes out when it passes.
    await env.server.settled();
    await page.getByTestId('recovery-bank4-sms-code').fill(env.server.lastSmsCode(r.bankPhone!));
    await page.screenshot({ path: `${ARTIFACTS}/recovery-bank4.png`, fullPage: true });
    await page.getByTestId('recovery-bank4-submit').click();
    await page.getByTestId('recovery-step-reset').waitFor();
    // Before 确认修改: what will change, masked.
    const notice = await page.getByTestId('recovery-bank4-reset-notice').innerText();
    expect(notice).toContain('找回密码成功后会将您账号的姓名、手机号修改为银联认证时的姓名和手机号');
    expect(notice).toContain(maskPhone(r.bankPhone!));
    expect(notice).not.toContain(r.bankPhone!);
    await page.getByTestId('recovery-password').fill('Rb5$wQz8Nk');
    await page.getByTestId('recovery-confirm-password').fill('Rb5$wQz8Nk');
    await page.getByTestId('recovery-reset-submit').click();
    await page.getByTestId('recovery-done').waitFor();
    const done = await page.getByTestId('recovery-bank4-done').innerText();
    expect(done).toContain('您账号的姓名、手机号已修改为银联认证时的姓名和手机号');
    expect(done).toContain(maskPhone(r.bankPhone!));
    await page.screenshot({ path: `${ARTIFACTS}/recovery-bank4-done.png`, fullPage: true });
    await page.getByTestId('recovery-to-login').click();
    await page.waitForURL('**/login');
    await submitPasswordLogin(page, p.username, 'Rb5$wQz8Nk');
    await page.waitForURL('**/account');
    await expect.poll(() => page.locator('body').innerText()).toContain(r.name);
    await page.context().close();
  });

  it('a wrong card shows the one failure message and leaves 上一步', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    env.server.clock.advance(61_000);
    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${env.server.url}/login/forgot-password`);
    await page.getByTestId('recovery-identifier').fill(p.username);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-method-bank4').click();
    await page.getByTestId('recovery-bank4-name').fill(p.name);
    await page.getByTestId('recovery-bank4-card').fill('6222020000000000018');
    await page.getByTestId('recovery-bank4-phone').fill('13512345678');
    await page.getByTestId('recovery-bank4-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-bank4-sms-send').click();
    await page.getByTestId('recovery-bank4-info').waitFor();
    await page.getByTestId('recovery-bank4-sms-code').fill('123456');
    await page.getByTestId('recovery-bank4-submit').click();
    await expect.poll(() => page.getByTestId('recovery-alert').innerText()).toMatch(/验证码|验证信息不正确/);
    await page.getByTestId('recovery-back').click();
    await page.getByTestId('recovery-step-account').waitFor();
    await page.context().close();
  });
});
