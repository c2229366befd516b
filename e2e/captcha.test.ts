/**
 * The captcha in the browser (docs/captcha.md): a person who cannot see the picture signs in and
 * registers through 无法看清图片？ using only what a screen reader offers — roles and accessible
 * names, never test ids; the page solves the proof of work and says so in a live region. And the
 * login page at phone width, with the picture and with the accessible captcha.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { ARTIFACTS, serverAndBrowser } from './browser.js';

const env = serverAndBrowser();

async function newPage(width = 1280, locale = 'zh-CN'): Promise<Page> {
  const context = await env.browser.newContext({ locale, viewport: { width, height: 900 } });
  return context.newPage();
}

/** Chooses 无法看清图片？ and waits until the live region says the check is done. */
async function useAccessibleCaptcha(page: Page): Promise<void> {
  await page.getByRole('button', { name: '无法看清图片？改用无图验证' }).click();
  const status = page.getByRole('status').filter({ hasText: '无图验证' });
  await expect.poll(() => status.innerText()).toContain('无图验证已完成');
  // The picture and its text box are gone for everyone, screen readers included.
  expect(await page.getByLabel('图片验证码').count()).toBe(0);
  expect(await page.getByRole('img', { name: /图片验证码/ }).count()).toBe(0);
}

describe('无法看清图片？ in the browser, by accessible names only', () => {
  it('signs a person in with the accessible captcha', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await page.getByLabel('用户名/证件号码/手机号').fill(p.username);
    await page.getByLabel('密码', { exact: true }).fill(p.password);
    await useAccessibleCaptcha(page);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL('**/account');
    await page.context().close();
  });

  it('registers a person with the accessible captcha, then signs in with it again', async () => {
    const p = newPerson();
    const page = await newPage();
    await page.goto(`${env.server.url}/register`);
    await page.getByLabel('用户名', { exact: true }).fill(p.username);
    await page.getByLabel('密码', { exact: true }).fill(p.password);
    await page.getByLabel('确认密码').fill(p.password);
    await useAccessibleCaptcha(page);
    await page.getByRole('button', { name: /^下一步$/ }).click();
    await page.getByLabel('姓名').fill(p.name);
    await page.getByLabel('证件号码').fill(p.idNumber);
    await page.getByLabel('手机号码').fill(p.phone);
    await page.getByRole('button', { name: /^下一步$/ }).click();
    await page.getByRole('checkbox', { name: '我已阅读并同意《用户服务协议》' }).check();
    await page.getByRole('button', { name: /^注\s*册$/ }).click();
    await expect.poll(() => page.getByText('注册成功', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: /^去登录$/ }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('用户名/证件号码/手机号').fill(p.username);
    await page.getByLabel('密码', { exact: true }).fill(p.password);
    await useAccessibleCaptcha(page);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL('**/account');
    await page.context().close();
  });

  it('goes back to the picture on request, and a wrong password leaves the accessible captcha ready again', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const page = await newPage();
    await page.goto(`${env.server.url}/login`);
    await useAccessibleCaptcha(page);
    await page.getByRole('button', { name: '改用图片验证码' }).click();
    await expect.poll(() => page.getByRole('img', { name: /图片验证码/ }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('图片验证码').count()).toBe(1);
    await useAccessibleCaptcha(page);
    await page.getByLabel('用户名/证件号码/手机号').fill(p.username);
    await page.getByLabel('密码', { exact: true }).fill('Wrong#Pass2026');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringContaining('用户名或密码错误'));
    // The answer was used up: a new accessible captcha is made and solved by itself.
    await expect.poll(() => page.getByRole('status').filter({ hasText: '无图验证' }).innerText()).toContain('无图验证已完成');
    await page.getByLabel('密码', { exact: true }).fill(p.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL('**/account');
    await page.context().close();
  });
});

describe('the captcha on a phone', () => {
  it('fits the login page at 375 px, with the picture and with the accessible captcha', async () => {
    const page = await newPage(375);
    await page.goto(`${env.server.url}/login`);
    const picture = page.getByRole('img', { name: /图片验证码/ });
    await expect.poll(() => picture.count()).toBe(1);
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    const box = (await picture.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/captcha-login-375.png`, fullPage: true });
    await useAccessibleCaptcha(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/captcha-accessible-375.png`, fullPage: true });
    await page.context().close();
  });
});
