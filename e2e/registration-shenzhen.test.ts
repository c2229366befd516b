import { describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../src/connectors/realname/index.js';
import { newPerson } from '../test/helpers/people.js';
import { TEST_CAPTCHA } from '../test/helpers/server.js';
import { ARTIFACTS, serverAndBrowser } from './browser.js';

// The shenzhen profile: the bank check at step 3 by default, and seed 001's words.
const env = serverAndBrowser({ profile: 'shenzhen', registrationCheck: 'bank4' });

describe('registration in the Shenzhen manner (seed 001): the bank check at step 3', () => {
  it("fails with '人员姓名或证件类型或证件号与银行登记不匹配', goes 上一步 to fix the name, then succeeds at L4", async () => {
    const people = await seedSandboxRegistry(env.server.ctx, { count: 10, seed: 17 });
    const r = people.find((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && x.bankPhone === x.phone)!;
    const p = newPerson();

    const page = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${env.server.url}/register`);
    await expect.poll(() => page.getByTestId('register-steps').innerText()).toContain('填写验证信息');
    // Seed 001 calls the picture code ‘验证码’.
    expect(await page.locator('label[for="register-captcha-input"]').innerText()).toBe('验证码');
    await page.getByTestId('register-username').fill(p.username);
    await page.getByTestId('register-password').fill(p.password);
    await page.getByTestId('register-confirm-password').fill(p.password);
    await page.getByTestId('register-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('register-login-info-submit').click();

    // A typo in the name: the bank knows her by another.
    await page.getByTestId('register-name').fill(`${r.name}文`);
    await page.getByTestId('register-id-number').fill(r.idNumber);
    await page.getByTestId('register-phone').fill(r.phone!);
    await page.getByTestId('register-identity-info-submit').click();

    await page.getByTestId('register-step-bank').waitFor();
    await page.getByTestId('register-bank-card').fill(r.bankCard!);
    await page.getByTestId('register-bank-phone').fill(r.bankPhone!);
    await page.getByTestId('register-bank-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('register-bank-send').click();
    await page.getByTestId('register-bank-sent').waitFor();
    await page.getByTestId('register-bank-code').fill(env.server.lastSmsCode(r.bankPhone!));
    await page.getByTestId('register-agree').check();
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByTestId('register-alert').innerText()).toContain('人员姓名或证件类型或证件号与银行登记不匹配');
    await page.screenshot({ path: `${ARTIFACTS}/register-shenzhen-bank-mismatch.png`, fullPage: true });

    await page.getByTestId('register-back').click();
    await page.getByTestId('register-step-identity-info').waitFor();
    await page.getByTestId('register-name').fill(r.name);
    await page.getByTestId('register-id-number').fill(r.idNumber);
    await page.getByTestId('register-phone').fill(r.phone!);
    // Step 2 answered once in this flow already: the next answer costs a new picture.
    await page.getByTestId('register-identity-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('register-identity-info-submit').click();

    // The reserved phone was proven by the code already: no new code needed.
    await page.getByTestId('register-step-bank').waitFor();
    await page.getByTestId('register-bank-card').fill(r.bankCard!);
    await page.getByTestId('register-bank-phone').fill(r.bankPhone!);
    await page.getByTestId('register-agree').check();
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-success').waitFor();
    expect(await page.getByTestId('register-success-username').innerText()).toContain(p.username);
    await expect.poll(() => page.getByTestId('register-success-level').innerText()).toContain('L4');
    await page.screenshot({ path: `${ARTIFACTS}/register-shenzhen-success.png`, fullPage: true });
  });
});
