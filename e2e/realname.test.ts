import { describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../src/connectors/realname/index.js';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser, signInByPassword } from './browser.js';

const env = serverAndBrowser();

describe('real-name upgrade in the account centre', () => {
  it("verifies the ID card ('身份证实名认证') and shows '已认证' and level L3", async () => {
    const [entry] = (await seedSandboxRegistry(env.server.ctx, { count: 5, seed: 11 })).filter((r) => r.status === 'alive' && r.idType === 'resident_id');
    const p = { ...newPerson(), name: entry!.name, idNumber: entry!.idNumber };
    await register(new Agent(env.server.url), p);

    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-identifier').fill(p.username);
    await page.getByTestId('login-password').fill(p.password);
    await page.getByTestId('login-captcha').fill(TEST_CAPTCHA);
    const staffStatus = page.waitForResponse((r) => r.url().endsWith('/api/staff/status'));
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/account');
    // Not service-hall staff: once the answer is in, no counter entry in the menu.
    expect(await (await staffStatus).json()).toEqual({ staff: false });
    await page.getByTestId('menu-real-name').waitFor();
    expect(await page.getByTestId('menu-staff').count()).toBe(0);

    await page.getByTestId('menu-real-name').click();
    const item = page.getByTestId('realname-method-id_card');
    await expect.poll(() => item.innerText()).toContain('未认证');
    await page.getByTestId('realname-go-id_card').click();
    // A typo first: the page says what is wrong and lets the person fix it.
    await page.getByTestId('realname-name').fill('张冠李戴');
    await page.getByTestId('realname-id-number').fill(p.idNumber);
    await page.getByTestId('realname-submit').click();
    await expect.poll(() => page.getByTestId('realname-alert').innerText()).toContain('不一致');
    await page.getByTestId('realname-name').fill(p.name);
    await page.getByTestId('realname-submit').click();
    await page.getByTestId('realname-done').waitFor();
    expect(await page.getByTestId('realname-done').innerText()).toContain('认证完成');
    await page.screenshot({ path: `${ARTIFACTS}/realname-done.png`, fullPage: true });
    await page.getByTestId('realname-done-back').click();
    await expect.poll(() => page.getByTestId('realname-method-id_card').innerText()).toContain('已认证');
    await expect.poll(() => page.getByTestId('assurance-level').innerText()).toContain('L3');
  });

  it('个人信息 → 修改 opens 变更用户信息 (seed 001), which says what can and cannot change', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await signInByPassword(page, env.server.url, p.username, p.password);
    await page.getByTestId('profile-change').click();
    await page.waitForURL('**/account/real-name');
    expect(await page.getByTestId('realname-change-intro').innerText()).toContain('用户名、证件类型和证件号码不能变更');
    await page.close();
  });
});
