import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_KIND } from '../src/accounts/accounts.js';
import { testConfig } from '../src/config.js';
import { seedSandboxRegistry, setSandboxBankPhone, type SandboxPerson } from '../src/connectors/realname/index.js';
import { bankVerifiedPerson } from '../test/helpers/account.js';
import { Agent } from '../test/helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../test/helpers/server.js';
import { startSmtpServer, type TestSmtp } from '../test/helpers/smtp.js';
import { ARTIFACTS, boundBrowserTests, launchChromium, newPage, passReauthByPassword, signInByPassword, waitForReauthModal, WEB_ROOT } from './browser.js';

// The shared fixture plus a real SMTP server the mail connector sends to.
boundBrowserTests();
const env = {} as { server: TestServer; browser: Browser; smtp: TestSmtp };
beforeAll(async () => {
  env.smtp = await startSmtpServer();
  const mail = { transport: 'smtp' as const, smtpUrl: env.smtp.url, from: '身份统一认证平台 <no-reply@shenfen.test>' };
  env.server = await startServer({ accountCentre: { ...testConfig().accountCentre, mail } }, { webRoot: WEB_ROOT });
  env.browser = await launchChromium();
});
afterAll(async () => {
  await env.browser?.close();
  await env.server?.close();
  await env.smtp?.close();
});

let seq = 0;
const freshPhone = () => `1370${String(process.pid % 1000).padStart(3, '0')}${String(seq++ % 10000).padStart(4, '0')}`;

async function signedInPage(p?: TestPerson): Promise<{ page: Page; person: TestPerson }> {
  const person = p ?? newPerson();
  if (!p) await register(new Agent(env.server.url), person);
  // Its waits fail at the step that is stuck (PAGE_WAIT_MS), well inside the test's own bound.
  const page = await newPage(env.browser);
  await signInByPassword(page, env.server.url, person.username, person.password);
  return { page, person };
}


/** 账户安全 → 修改手机号码, through 身份验证. */
async function openPhonePage(page: Page, password: string): Promise<void> {
  await page.getByTestId('menu-security').click();
  await page.getByTestId('security-phone-action').click();
  await passReauthByPassword(page, password);
}

/** The new number, the picture code, 获取验证码, and the code from the test gateway typed. */
async function typeNumberAndCode(page: Page, phone: string): Promise<void> {
  await page.getByTestId('phone-new').fill(phone);
  await page.getByTestId('phone-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('phone-send-code').click();
  await page.getByTestId('phone-code-sent').waitFor();
  await page.getByTestId('phone-code').fill(env.server.lastSmsCode(phone));
}

let registry: SandboxPerson[] | null = null;
/** A registry person with a bank card not used yet in this file. */
async function bankPerson(): Promise<SandboxPerson> {
  registry ??= await seedSandboxRegistry(env.server.ctx, { count: 40, seed: 59 });
  const i = registry.findIndex((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && !!x.bankPhone);
  if (i < 0) throw new Error('no sandbox person with a bank card');
  return registry.splice(i, 1)[0]!;
}

describe('the account centre in the browser', () => {
  it('changes the password: wrong current password in words, then the signed-out state and sign-in with the new one', async () => {
    const { page, person } = await signedInPage();
    await page.getByTestId('menu-security').click();
    await page.getByTestId('security-password-action').click();
    await page.getByTestId('change-password-current').fill('Wrong#Pass99');
    await page.getByTestId('change-password-new').fill('Nw4$kRt9Lp');
    await page.getByTestId('change-password-confirm').fill('Nw4$kRt9Lp');
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => page.getByTestId('change-password-alert').innerText()).toContain('当前密码错误');
    await page.getByTestId('change-password-current').fill(person.password);
    await page.getByTestId('change-password-submit').click();
    await page.waitForURL('**/signed-out?reason=password_changed');
    expect(await page.getByTestId('signed-out-title').innerText()).toContain('密码修改成功');
    await page.screenshot({ path: `${ARTIFACTS}/account-password-changed.png`, fullPage: true });
    await page.goto(`${env.server.url}/account`);
    await page.waitForURL('**/login');
    expect((await login(new Agent(env.server.url), person.username, 'Nw4$kRt9Lp')).status).toBe(200);
    await page.close();
  });

  it('binds a new phone after 身份验证, with the code sent to the new number', async () => {
    const { page, person } = await signedInPage();
    await openPhonePage(page, person.password);
    const phone = freshPhone();
    await typeNumberAndCode(page, phone);
    await page.screenshot({ path: `${ARTIFACTS}/account-phone-bind.png`, fullPage: true });
    await page.getByTestId('phone-submit').click();
    await expect.poll(() => page.getByTestId('phone-done').innerText()).toContain('手机号码修改成功');
    expect(await page.getByTestId('phone-done').innerText()).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await page.getByTestId('phone-done').getByTestId('back-to-security').click();
    await expect.poll(() => page.getByTestId('security-phone-value').innerText()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await page.close();
  });

  it('warns that a plain change lowers the 实名等级 L4 → L2, then changes the number by 银联实名认证 and keeps L4', async () => {
    const r = await bankPerson();
    const { person } = await bankVerifiedPerson(env.server, r);
    const { page } = await signedInPage(person);
    await openPhonePage(page, person.password);
    await expect.poll(() => page.getByTestId('phone-level-warning').innerText()).toContain('直接修改手机号码会降低您的实名等级');
    const warning = await page.getByTestId('phone-level-warning').innerText();
    expect(warning).toContain('L4（真人已核验）');
    expect(warning).toContain('L2（身份已声明）');
    expect(warning).toContain('银联实名认证是用原手机号码做的');
    // The bank-checked way is the one offered first.
    await page.getByTestId('phone-bank-intro').waitFor();
    const phone = freshPhone();
    await page.getByTestId('phone-bank-card').fill(r.bankCard!);
    await typeNumberAndCode(page, phone);
    await page.screenshot({ path: `${ARTIFACTS}/account-phone-bank.png`, fullPage: true });
    await page.getByTestId('phone-submit').click();
    // The bank still has the old reserved number: the seed's message; the new number stays proven.
    await expect.poll(() => page.getByTestId('phone-alert').innerText()).toContain('手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号');
    await page.getByTestId('phone-proven').waitFor();
    await setSandboxBankPhone(env.server.ctx, r.key, phone);
    await page.getByTestId('phone-submit').click();
    await expect.poll(() => page.getByTestId('phone-done-level').innerText()).toContain('L4（真人已核验）');
    expect(await page.getByTestId('phone-done').innerText()).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(await page.getByTestId('phone-done-lowered').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/account-phone-bank-done.png`, fullPage: true });
    await page.close();
  });

  it('after a plain change of an L4 number, says the level is now L2 and leads to 实名认证', async () => {
    const { person } = await bankVerifiedPerson(env.server, await bankPerson());
    const { page } = await signedInPage(person);
    await openPhonePage(page, person.password);
    await page.getByTestId('phone-level-warning').waitFor();
    await page.getByTestId('phone-mode-sms').click();
    const phone = freshPhone();
    await typeNumberAndCode(page, phone);
    await page.getByTestId('phone-submit').click();
    await expect.poll(() => page.getByTestId('phone-done-level').innerText()).toContain('L2（身份已声明）');
    expect(await page.getByTestId('phone-done-lowered').innerText()).toContain('L4（真人已核验）');
    await page.getByTestId('phone-done-realname').click();
    await page.waitForURL('**/account/real-name');
    await page.close();
  });

  it('binds an e-mail address with the link from the SMTP server; the page says 邮箱绑定成功', async () => {
    const { page, person } = await signedInPage();
    await page.getByTestId('menu-security').click();
    await page.getByTestId('security-email-action').click();
    await passReauthByPassword(page, person.password);
    const email = `li.si.e2e.${process.pid}.${seq++}@example.com`;
    await page.getByTestId('email-address').fill(email);
    await page.getByTestId('email-captcha').fill(TEST_CAPTCHA);
    const before = env.smtp.received.length;
    await page.getByTestId('email-send').click();
    await expect.poll(() => page.getByTestId('email-sent').innerText()).toContain('激活邮件已发送');
    const mail = await env.smtp.nextMailTo(email, before);
    const link = /https?:\/\/\S+\/email\/activate\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
    await page.goto(link);
    await expect.poll(() => page.getByTestId('email-activated-title').innerText()).toBe('邮箱绑定成功');
    await page.screenshot({ path: `${ARTIFACTS}/account-email-bound.png`, fullPage: true });
    await page.getByTestId('email-activated-account').click();
    await expect.poll(() => page.getByTestId('security-email-value').innerText()).toMatch(/^l\*+@example\.com$/);
    // The link works once.
    await page.goto(link);
    await expect.poll(() => page.getByTestId('email-activate-problem').innerText()).toContain('激活链接无效或已使用');
    await page.close();
  });

  it('sets a nickname and keeps mailing addresses: add, validate, default, delete', async () => {
    const { page } = await signedInPage();
    await page.getByTestId('menu-nickname').click();
    await page.getByTestId('nickname-edit').click();
    await page.getByTestId('nickname-input').fill('老李');
    await page.getByTestId('nickname-save').click();
    await expect.poll(() => page.getByTestId('nickname-value').innerText()).toBe('老李');

    await page.getByTestId('menu-addresses').click();
    await page.getByTestId('addresses-empty').waitFor();
    const add = async (a: { recipient: string; phone: string; region: string; detail: string; postcode: string }) => {
      await page.getByTestId('address-add').click();
      await page.getByTestId('address-recipient').fill(a.recipient);
      await page.getByTestId('address-phone').fill(a.phone);
      await page.getByTestId('address-region').fill(a.region);
      await page.getByTestId('address-detail').fill(a.detail);
      await page.getByTestId('address-postcode').fill(a.postcode);
      await page.getByTestId('address-save').click();
    };
    await add({ recipient: '李四', phone: '13912345678', region: '广东省 广州市 天河区', detail: '天河路100号', postcode: '5100' });
    await expect.poll(() => page.getByTestId('address-alert').innerText()).toContain('请输入6位数字邮政编码');
    await page.getByTestId('address-postcode').fill('510000');
    await page.getByTestId('address-save').click();
    await expect.poll(() => page.getByTestId('address-item-default').innerText()).toContain('天河路100号');
    await add({ recipient: '李四', phone: '13912345679', region: '四川省 成都市 武侯区', detail: '人民南路四段1号', postcode: '610041' });
    await expect.poll(() => page.getByTestId('address-item').count()).toBe(1);
    await page.getByTestId('address-item').getByTestId('address-set-default').click();
    await expect.poll(() => page.getByTestId('address-item-default').innerText()).toContain('人民南路四段1号');
    await page.screenshot({ path: `${ARTIFACTS}/account-addresses.png`, fullPage: true });
    await page.getByTestId('address-item').getByTestId('address-delete').click();
    await page.getByTestId('address-delete-confirm').click();
    await expect.poll(() => page.getByTestId('address-item').count()).toBe(0);
    expect(await page.getByTestId('address-item-default').count()).toBe(1);
    await page.close();
  });

  it('lists signed-in devices with this one marked, and signs out another one', async () => {
    const { page, person } = await signedInPage();
    const other = new Agent(env.server.url);
    expect((await login(other, person.username, person.password)).status).toBe(200);
    await page.getByTestId('menu-security').click();
    await page.getByTestId('security-sessions-action').click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    expect(await page.getByTestId('session-row-current').innerText()).toContain('当前设备');
    await page.screenshot({ path: `${ARTIFACTS}/account-sessions.png`, fullPage: true });
    await page.getByTestId('session-end').click();
    await page.getByTestId('session-end-confirm').click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(0);
    expect((await other.call('GET', '/api/session')).status).toBe(401);
    await page.close();
  });

  it('deactivates the account after a warning, a tick, 身份验证 by SMS code and a last confirmation', async () => {
    const person = newPerson();
    await register(new Agent(env.server.url), person);
    // A verified phone, as phone registration or binding leaves it, offers the SMS code.
    await env.server.ctx.db.updateTable('persons').set({ phone_verified_at: env.server.clock.now() }).where('phone_hash', '=', env.server.ctx.vault.lookupHash(HASH_KIND.phone, person.phone)).execute();
    const { page } = await signedInPage(person);
    await page.getByTestId('menu-deactivate').click();
    expect(await page.getByTestId('deactivate-warning').innerText()).toContain('180天');
    await page.getByTestId('deactivate-submit').click();
    await expect.poll(() => page.getByTestId('deactivate-need-tick').innerText()).toContain('请先勾选确认');
    await page.getByTestId('deactivate-confirm').check();
    await page.screenshot({ path: `${ARTIFACTS}/account-deactivate.png`, fullPage: true });
    await page.getByTestId('deactivate-submit').click();
    await page.getByTestId('deactivate-final-confirm').click();
    await waitForReauthModal(page);
    await page.getByTestId('reauth-method-sms').click();
    await expect.poll(() => page.getByTestId('reauth-phone').innerText()).toContain(`${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`);
    await page.getByTestId('reauth-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('reauth-send-code').click();
    await expect.poll(() => page.getByTestId('reauth-send-code').innerText()).toContain('秒后可重新获取');
    await page.getByTestId('reauth-code').fill(env.server.lastSmsCode(person.phone));
    await page.screenshot({ path: `${ARTIFACTS}/account-reauth-sms.png`, fullPage: true });
    await page.getByTestId('reauth-submit').click();
    await page.waitForURL('**/signed-out?reason=deactivated');
    expect(await page.getByTestId('signed-out-title').innerText()).toContain('账户已注销');
    const again = await login(new Agent(env.server.url), person.username, person.password);
    expect(again.status).toBe(401);
    await page.close();
  });
});
