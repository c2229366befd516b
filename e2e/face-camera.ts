/**
 * A person in front of the browser's camera for the face capture pages' tests (issue 13; used by
 * e2e/face.test.ts and e2e/pension.test.ts), and the wait from 环境检测 to the server's answer.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { testConfig, type Config } from '../src/config.js';
import type { FaceAction } from '../src/face/types.js';
import { actionPose, personFrame, type Pose, type Who } from '../test/helpers/face-media.js';
import { ARTIFACTS, PAGE_WAIT_MS, waitForText } from './browser.js';

/** Blinks and open mouths cannot be filmed from a still photo (docs/face.md): the browser tests narrow the pool to the turns. */
export const FILMABLE_ACTIONS: FaceAction[] = ['turn_left', 'turn_right'];

/** The test server's configuration with the face pool narrowed to FILMABLE_ACTIONS, two per attempt. */
export function filmableFaceConfig(): Partial<Config> {
  // `face` is the engine's configuration block (src/config.ts); only its pool and count change here.
  const base = (testConfig() as unknown as { face: Record<string, unknown> }).face;
  return { face: { ...base, actions: FILMABLE_ACTIONS, actionsPerAttempt: [2, 2] } } as unknown as Partial<Config>;
}

/**
 * A person who does what the page asks: facing the camera until an action is asked, then turning
 * half-way for 0.4 s and fully, held until the page asks for something else — as a real person does,
 * however slowly the page reads (a looped video turns on its own clock, and a page that reads a frame
 * every few seconds on a busy machine missed its turns one run in two). getUserMedia answers with a
 * canvas's stream; everything from the video element on is the page's own. The prompt's
 * `data-action` says what is asked. `actions`: the pool the server draws from (turns and nods only:
 * blinks and open mouths cannot be made from a still photo).
 */
export async function followingPerson(context: BrowserContext, who: Who, actions: readonly FaceAction[]): Promise<void> {
  const jpeg = (pose: Pose) => personFrame(who, pose).toString('base64');
  const images: Record<string, string> = { neutral: jpeg({}) };
  for (const action of actions) {
    const full = actionPose(action);
    images[`${action}:half`] = jpeg({ yaw: (full.yaw ?? 0) / 2, pitch: (full.pitch ?? 0) / 2 });
    images[action] = jpeg(full);
  }
  await context.addInitScript((sources: Record<string, string>) => {
    const media = navigator.mediaDevices;
    if (!media) return;
    media.getUserMedia = async () => {
      const pictures: Record<string, HTMLImageElement> = {};
      await Promise.all(
        Object.entries(sources).map(async ([name, data]) => {
          const img = new Image();
          img.src = `data:image/jpeg;base64,${data}`;
          await img.decode();
          pictures[name] = img;
        }),
      );
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const ctx = canvas.getContext('2d')!;
      let asked: string | null = null;
      let since = 0;
      const draw = () => {
        const now = document.querySelector('[data-testid="face-prompt"]')?.getAttribute('data-action') ?? null;
        if (now !== asked) {
          asked = now;
          since = performance.now();
        }
        const picture = asked === null ? pictures.neutral : performance.now() - since < 400 ? pictures[`${asked}:half`] : pictures[asked];
        ctx.drawImage(picture ?? pictures.neutral!, 0, 0);
      };
      draw();
      setInterval(draw, 50);
      return canvas.captureStream(20);
    };
  }, images);
}

/** The requests that start an attempt (the server's challenge): 人脸识别认证, 刷脸认证找回, the pension's. */
const CHALLENGE = /\/(real-name\/face\/capture|face-start|certification\/capture)$/;

/**
 * From 环境检测 to the server's answer: waits for the flashing green box and 环境检测通过, starts, and
 * when the server's challenge reaches the page calls `challenged` — the tests move the server's test
 * clock on there: the frames' times (ms since the challenge) must not run ahead of the server's clock.
 * `prompt`: also see the first action asked with its countdown (a person who follows the page may be
 * through it before a look at the page, so only where the camera holds still). Resolves to what the
 * page shows at the end: `done`'s text, or the failure's message.
 */
export async function captureAndWait(page: Page, done: string, challenged: () => void, opts: { shot?: string; prompt?: boolean } = {}): Promise<{ done: boolean; text: string }> {
  await page.getByTestId('face-env-ok').waitFor();
  await page.getByTestId('face-box-ok').waitFor();
  const challenge = page.waitForResponse((r) => r.request().method() === 'POST' && CHALLENGE.test(new URL(r.url()).pathname), { timeout: PAGE_WAIT_MS });
  await page.getByTestId('face-start-capture').click();
  expect((await challenge).ok()).toBe(true);
  challenged();
  if (opts.prompt) {
    await waitForText(page.getByTestId('face-prompt'), /第1\/\d个动作/);
    expect(await page.getByTestId('face-countdown').innerText()).toMatch(/^正在拍摄中\d+$/);
  }
  if (opts.shot) await page.screenshot({ path: `${ARTIFACTS}/${opts.shot}.png`, fullPage: true });
  const failed = page.getByTestId('face-failed');
  const passed = page.getByTestId(done);
  const which = await Promise.race([passed.waitFor({ timeout: PAGE_WAIT_MS * 2 }).then(() => true), failed.waitFor({ timeout: PAGE_WAIT_MS * 2 }).then(() => false)]);
  return { done: which, text: which ? await passed.innerText() : await failed.innerText() };
}

/** On a capture page: agrees on the consent step (the camera opens only after it). */
export async function agreeToFace(page: Page): Promise<void> {
  await page.getByTestId('face-consent').waitFor();
  expect(await page.locator('video').count(), 'no camera before the consent').toBe(0);
  expect(await page.getByTestId('face-consent-start').isDisabled()).toBe(true);
  await page.getByTestId('face-consent-agree').click();
  await page.getByTestId('face-consent-start').click();
  await page.getByTestId('face-env').waitFor();
}
