// 人脸认证 in the browser (issue 13): Chromium's fake camera plays a y4m made at test time from the
// face photos shipped in npm packages (test/helpers/face-media.ts); Human runs in the page for the
// guidance, the server decides. One Chromium per video (the fake camera's file is a launch flag).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type Config } from '../src/config.js';
import type { FaceAction } from '../src/face/types.js';
import { Agent } from '../test/helpers/browser.js';
import { darkVideo, faceVideo, noFaceVideo, stillVideo } from '../test/helpers/face-media.js';
import { newPerson, register, type TestPerson } from '../test/helpers/people.js';
import { startServer, type TestServer } from '../test/helpers/server.js';
import { ARTIFACTS, boundBrowserTests, launchChromium, signInByPassword, WEB_ROOT } from './browser.js';

/** Blinks and open mouths cannot be filmed from a still photo: the pool is narrowed to the turns. */
const ACTIONS: FaceAction[] = ['turn_left', 'turn_right'];

function faceOverrides(): Partial<Config> {
  // `face` is the engine's configuration block (src/config.ts); only its pool and count change here.
  const base = (testConfig() as unknown as { face: Record<string, unknown> }).face;
  return { face: { ...base, actions: ACTIONS, actionsPerAttempt: [2, 2] } } as unknown as Partial<Config>;
}

boundBrowserTests();
let server: TestServer;
let dir: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  server = await startServer(faceOverrides(), { webRoot: WEB_ROOT });
  dir = mkdtempSync(join(tmpdir(), 'shenfen-face-e2e-'));
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A Chromium whose camera shows `video` (and allows it without asking). */
async function withCamera(video: string): Promise<Browser> {
  const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  browsers.push(browser);
  return browser;
}

async function signedIn(browser: Browser, p: TestPerson, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport });
  const page = await context.newPage();
  await signInByPassword(page, server.url, p.username, p.password);
  return page;
}

/** On the capture page: agrees on the consent step (the camera opens only after it). */
async function agree(page: Page): Promise<void> {
  await page.getByTestId('face-consent').waitFor();
  expect(await page.locator('video').count(), 'no camera before the consent').toBe(0);
  expect(await page.getByTestId('face-consent-start').isDisabled()).toBe(true);
  await page.getByTestId('face-consent-agree').click();
  await page.getByTestId('face-consent-start').click();
  await page.getByTestId('face-env').waitFor();
}

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
    await agree(page);
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

  it('stops on a dark room with 光照 advice, at a phone’s 375 px', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const browser = await withCamera(darkVideo(join(dir, 'dark.y4m')));
    const page = await signedIn(browser, p, { width: 375, height: 812 });
    await page.goto(`${server.url}/account/real-name/face`);
    await agree(page);
    const problem = page.getByTestId('face-env-problem-too_dark');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('光线太暗');
    expect(await page.getByTestId('face-start-capture').isDisabled()).toBe(true);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/face-env-dark-375.png`, fullPage: true });
    await page.context().close();
  });
});
