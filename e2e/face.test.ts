// 人脸认证 in the browser (issue 13): Chromium's fake camera plays a y4m made at test time from the
// face photos shipped in npm packages (test/helpers/face-media.ts); Human runs in the page for the
// guidance, the server decides. One Chromium per video (the fake camera's file is a launch flag).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceAction } from '../src/face/types.js';
import { setSandboxPortrait } from '../src/connectors/face/index.js';
import { accountIdOf } from '../test/helpers/account.js';
import { Agent } from '../test/helpers/browser.js';
import { darkVideo, noFaceVideo, stillVideo, twoFacesFrame, type Who } from '../test/helpers/face-media.js';
import { newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../test/helpers/server.js';
import { ARTIFACTS, boundBrowserTests, launchChromium, signInByPassword, submitPasswordLogin, waitForText, WEB_ROOT } from './browser.js';
import { agreeToFace, captureAndWait as captureAndWait_, FILMABLE_ACTIONS, filmableFaceConfig, followingPerson } from './face-camera.js';

const ACTIONS = FILMABLE_ACTIONS;

boundBrowserTests();
let server: TestServer;
let dir: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  server = await startServer(filmableFaceConfig(), { webRoot: WEB_ROOT });
  dir = mkdtempSync(join(tmpdir(), 'shenfen-face-e2e-'));
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A y4m holding test/helpers/face-media.ts' two-faces frame (it has no video of it). */
function twoFacesVideo(file: string): string {
  const jpeg = join(dir, 'two-faces.jpg');
  writeFileSync(jpeg, twoFacesFrame());
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', jpeg, '-t', '2', '-vf', 'fps=10,format=yuv420p', '-f', 'yuv4mpegpipe', file]);
  return file;
}

/** A Chromium whose camera shows `video` (and allows it without asking). */
async function withCamera(video: string): Promise<Browser> {
  const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  browsers.push(browser);
  return browser;
}

async function signedIn(browser: Browser | BrowserContext, p: TestPerson, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = 'newContext' in browser ? await browser.newContext({ locale: 'zh-CN', viewport }) : browser;
  const page = await context.newPage();
  await signInByPassword(page, server.url, p.username, p.password);
  return page;
}

/** A registered person whose identity has person a's portrait in the sandbox face registry (the '建模照片'). */
async function personA(): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  await setSandboxPortrait(server.ctx, p, 'a');
  return p;
}

/** From 环境检测 to the server's answer (e2e/face-camera.ts), the server's clock moved on by a minute once challenged: the attempt lasts two. */
const captureAndWait = (page: Page, done: string, opts?: { shot?: string; prompt?: boolean }) => captureAndWait_(page, done, () => server.clock.advance(60_000), opts);

/** The attempt the server decided last for this account: what it measured. */
async function lastAttempt(accountId: string) {
  return server.ctx.db.selectFrom('face_attempts').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
}

/** A browser context with the person who follows the guidance in front of its camera. */
async function followingContext(who: Who, viewport: { width: number; height: number }): Promise<BrowserContext> {
  if (!plain) {
    plain = await launchChromium();
    browsers.push(plain);
  }
  const context = await plain.newContext({ locale: 'zh-CN', viewport });
  await followingPerson(context, who, ACTIONS);
  return context;
}
let plain: Browser | undefined;

describe('人脸认证 · 环境检测 with a fake camera', () => {
  it('stops on a picture with no face, says what to do, and offers no 开始拍摄', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const browser = await withCamera(noFaceVideo(join(dir, 'no-face.y4m')));
    const page = await signedIn(browser, p);
    await page.goto(`${server.url}/account/real-name/face`);
    // The document of the capture page may use the camera; the real-name list's may not.
    expect(await page.evaluate(() => (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature('camera'))).toBe(true);
    expect(await page.getByTestId('face-alternatives').innerText()).toContain('使用其他实名认证方式');
    await agreeToFace(page);
    const problem = page.getByTestId('face-env-problem-no_face');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('没有检测到人脸');
    expect(await page.getByTestId('face-start-capture').isDisabled()).toBe(true);
    expect(await page.getByTestId('face-env-tips').innerText()).toContain('以出现闪烁绿框的距离为标准');
    await page.screenshot({ path: `${ARTIFACTS}/face-env-no-face.png`, fullPage: true });
    await page.goto(`${server.url}/account/real-name`);
    expect(await page.evaluate(() => (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature('camera'))).toBe(false);
    await page.context().close();
  });

  it('stops on two faces with 背景 advice', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const browser = await withCamera(twoFacesVideo(join(dir, 'two-faces.y4m')));
    const page = await signedIn(browser, p);
    await page.goto(`${server.url}/account/real-name/face`);
    await agreeToFace(page);
    const problem = page.getByTestId('face-env-problem-many_faces');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('检测到不止一张人脸');
    expect(await page.getByTestId('face-start-capture').isDisabled()).toBe(true);
    await page.context().close();
  });

  it('stops on a dark room with 光照 advice, at a phone’s 375 px', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const browser = await withCamera(darkVideo(join(dir, 'dark.y4m')));
    const page = await signedIn(browser, p, { width: 375, height: 812 });
    await page.goto(`${server.url}/account/real-name/face`);
    await agreeToFace(page);
    const problem = page.getByTestId('face-env-problem-too_dark');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('光线太暗');
    expect(await page.getByTestId('face-start-capture').isDisabled()).toBe(true);
    // The same advice in English.
    await page.getByTestId('lang-switch').click();
    await waitForText(page.getByTestId('face-env-problem-too_dark'), 'Too dark');
    expect(await page.getByTestId('face-env-tips').innerText()).toContain('where the green frame flashes');
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/face-env-dark-375.png`, fullPage: true });
    await page.context().close();
  });
});

describe('人脸识别认证 and 刷脸认证找回 end to end', () => {
  it('person a turning as asked passes 人脸识别认证 at 375 px: L4, the method verified, the turns measured by the server', async () => {
    const p = await personA();
    const accountId = await accountIdOf(server, p.username);
    const page = await signedIn(await followingContext('a', { width: 375, height: 812 }), p);
    await page.goto(`${server.url}/account/real-name`);
    await page.getByTestId('realname-method-face').waitFor();
    // From the list by a full page load: the capture page's own document allows the camera.
    await page.getByTestId('realname-go-face').click();
    await page.waitForURL('**/account/real-name/face');
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'face-done', { shot: 'face-realname-capturing-375' });
    await page.screenshot({ path: `${ARTIFACTS}/face-realname-done-375.png`, fullPage: true });
    expect(outcome, outcome.text).toEqual({ done: true, text: expect.stringContaining('人脸认证成功') });
    // The server measured the two turns in the frames the page chose, in the order asked.
    const attempt = await lastAttempt(accountId);
    expect(attempt.result).toBe('passed');
    const scores = attempt.scores as { similarity: number; actions: { action: FaceAction; measured: number; done: boolean }[] };
    expect(scores.actions.map((a) => a.action).sort()).toEqual([...ACTIONS].sort());
    for (const a of scores.actions) expect(a.done, JSON.stringify(scores)).toBe(true);
    await page.getByTestId('face-done-back').click();
    await expect.poll(() => page.getByTestId('assurance-level').innerText()).toContain('L4');
    expect(await page.getByTestId('realname-method-face').innerText()).toContain('已认证');
    await page.context().close();
  });

  it('刷脸认证找回: the first way in the list; 姓名 + 证件号码, the face, then a new password that signs in', async () => {
    const p = await personA();
    const context = await followingContext('a', { width: 1280, height: 900 });
    const page = await context.newPage();
    await page.goto(`${server.url}/login/forgot-password`);
    await page.getByTestId('recovery-identifier').fill(p.username);
    await page.getByTestId('recovery-captcha').fill(TEST_CAPTCHA);
    await page.getByTestId('recovery-account-submit').click();
    await page.getByTestId('recovery-step-verify').waitFor();
    const first = page.locator('.sf-method-choice .ant-radio-button-wrapper').first();
    expect(await first.innerText()).toBe('刷脸认证找回');
    await page.getByTestId('recovery-method-face').click();
    await page.getByTestId('recovery-face-go').click();
    await page.waitForURL('**/login/forgot-password/face');
    // The flow resumed on the capture page, at 验证身份.
    await page.getByTestId('recovery-face').waitFor();
    await page.getByTestId('recovery-face-name').fill(p.name);
    await page.getByTestId('recovery-face-id-number').fill(p.idNumber);
    await page.getByTestId('recovery-face-next').click();
    expect(await page.getByTestId('face-alternatives').innerText()).toContain('使用其他找回方式');
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'recovery-step-reset');
    expect(outcome.done, outcome.text).toBe(true);
    await page.getByTestId('recovery-password').fill('Fc7$wQz8Nk');
    await page.getByTestId('recovery-confirm-password').fill('Fc7$wQz8Nk');
    await page.getByTestId('recovery-reset-submit').click();
    await page.getByTestId('recovery-done').waitFor();
    await page.getByTestId('recovery-to-login').click();
    await page.waitForURL('**/login');
    await submitPasswordLogin(page, p.username, 'Fc7$wQz8Nk');
    await page.waitForURL('**/account');
    await context.close();
  });

  it('a photo held still fails with the seed\'s first message, and offers 重新认证 and the other ways', async () => {
    const p = await personA();
    const page = await signedIn(await withCamera(stillVideo('a', join(dir, 'still-a.y4m'))), p);
    await page.goto(`${server.url}/account/real-name/face`);
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'face-done', { prompt: true });
    await page.screenshot({ path: `${ARTIFACTS}/face-still-failed.png`, fullPage: true });
    expect(outcome).toEqual({ done: false, text: '认证失败，您的相貌能对上，但您没有跟着引导做动作' });
    expect(await page.getByTestId('face-other-ways').innerText()).toBe('使用其他实名认证方式');
    // 重新认证 goes back to 环境检测, the camera opened again.
    expect(await page.getByTestId('face-retry').innerText()).toContain('重新认证');
    await page.getByTestId('face-retry').click();
    await page.getByTestId('face-env-ok').waitFor();
    await page.context().close();
  });

  it('someone else turning as asked fails with the seed\'s second message (no match with the 建模照片)', async () => {
    const p = await personA();
    const page = await signedIn(await followingContext('b', { width: 1280, height: 900 }), p);
    await page.goto(`${server.url}/account/real-name/face`);
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'face-done');
    expect(outcome).toEqual({ done: false, text: '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证' });
    await page.goto(`${server.url}/account/real-name`);
    expect(await page.getByTestId('realname-method-face').innerText()).not.toContain('已认证');
    await page.context().close();
  });
});
