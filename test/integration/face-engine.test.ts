/**
 * The face engine with the real model (Human 3.3.6 on tfjs-wasm) on the generated frames of
 * test/helpers/face-media.ts: comparison, environment problems, refusal of non-images, the head
 * turns the warps make, and decide() end to end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { checkActions } from '../../src/face/actions.js';
import { decide } from '../../src/face/decide.js';
import { getFaceEngine } from '../../src/face/engine.js';
import { environmentProblems } from '../../src/face/environment.js';
import { FaceImageError, type CapturedFrame, type FaceAction, type FaceEngine, type FaceReading } from '../../src/face/types.js';
import { actionFrames, darkFrame, facePhoto, faceVideo, noFaceFrame, personFrame, stillFrames, stillVideo, twoFacesFrame, type Who } from '../helpers/face-media.js';

const cfg = testConfig();
const T = cfg.face.thresholds;
const TURNS: FaceAction[] = ['turn_left', 'turn_right'];
let engine: FaceEngine;

async function oneFace(image: Uint8Array): Promise<FaceReading> {
  const reading = await engine.analyse(image);
  expect(environmentProblems(cfg, reading)).toEqual([]);
  return reading.faces[0]!;
}

async function capture(frames: { step: number; at: number; image: Buffer }[]): Promise<CapturedFrame[]> {
  const out: CapturedFrame[] = [];
  for (const f of frames) out.push({ step: f.step, at: f.at, reading: await engine.analyse(f.image) });
  return out;
}

describe('face engine (real model)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    // Concurrent first calls share one load: the same engine.
    const [first, second] = await Promise.all([getFaceEngine(cfg), getFaceEngine(cfg)]);
    expect(first).toBe(second);
    engine = first;
    expect(engine.version).toMatch(/^human 3\.3\.6/);
  }, 300_000);

  it('person a matches a warped, darker frame of herself, not person b', async () => {
    const a = await oneFace(facePhoto('a'));
    const aTurned = await oneFace(personFrame('a', { yaw: 0.6, light: 0.7 }));
    const b = await oneFace(facePhoto('b'));
    expect(a.embedding.length).toBe(1024);
    expect(engine.similarity(a.embedding, aTurned.embedding)).toBeGreaterThanOrEqual(T.match);
    expect(engine.similarity(a.embedding, b.embedding)).toBeLessThan(T.match);
    expect(a.real).toBeGreaterThanOrEqual(T.real);
    expect(a.live).toBeGreaterThanOrEqual(T.live);
  });

  it('dark, empty and two-person frames give their problems', async () => {
    expect(environmentProblems(cfg, await engine.analyse(darkFrame()))).toContain('too_dark');
    expect(environmentProblems(cfg, await engine.analyse(noFaceFrame()))).toEqual(['no_face']);
    expect(environmentProblems(cfg, await engine.analyse(twoFacesFrame()))).toEqual(['many_faces']);
  });

  it('refuses bytes that are not a JPEG or PNG, and a truncated JPEG', async () => {
    await expect(engine.analyse(new TextEncoder().encode('<html>not a photo</html>'))).rejects.toBeInstanceOf(FaceImageError);
    await expect(engine.analyse(new Uint8Array(0))).rejects.toBeInstanceOf(FaceImageError);
    await expect(engine.analyse(facePhoto('a').subarray(0, 40))).rejects.toBeInstanceOf(FaceImageError);
    // A PNG header declaring 50 000 × 50 000 pixels is refused before anything is decoded.
    const png = Buffer.from(await createCanvas(8, 8).encode('png'));
    png.writeUInt32BE(50_000, 16);
    png.writeUInt32BE(50_000, 20);
    await expect(engine.analyse(png)).rejects.toThrow('too large');
  });

  it('the warps are measured as head turns: yaw moves past the threshold, left positive, right negative', async () => {
    for (const who of ['a', 'b'] as Who[]) {
      const neutral = await oneFace(personFrame(who));
      const left = await oneFace(personFrame(who, { yaw: 1 }));
      const right = await oneFace(personFrame(who, { yaw: -1 }));
      expect(left.yaw - neutral.yaw).toBeGreaterThan(T.turnDegrees);
      expect(neutral.yaw - right.yaw).toBeGreaterThan(T.turnDegrees);
    }
  });

  it('moving frames pass the actions and decide() passes them against a held reference photo', async () => {
    const reference = await oneFace(facePhoto('a'));
    const frames = await capture(actionFrames('a', TURNS));
    expect(checkActions(cfg, TURNS, frames).done).toBe(true);
    const d = await decide(cfg, TURNS, frames, async (best) => engine.similarity(frames[best]!.reading.faces[0]!.embedding, reference.embedding));
    expect(d.result).toBe('passed');
    expect(d.scores.similarity).toBeGreaterThanOrEqual(T.match);
  });

  it('still frames fail the actions: actions_not_done (the face matched)', async () => {
    const reference = await oneFace(facePhoto('a'));
    const frames = await capture(stillFrames('a', TURNS));
    expect(checkActions(cfg, TURNS, frames).done).toBe(false);
    const d = await decide(cfg, TURNS, frames, async (best) => engine.similarity(frames[best]!.reading.faces[0]!.embedding, reference.embedding));
    expect(d.result).toBe('actions_not_done');
  });

  it('person b doing the actions against person a\'s reference: no_match', async () => {
    const reference = await oneFace(facePhoto('a'));
    const frames = await capture(actionFrames('b', ['turn_right', 'turn_left']));
    const d = await decide(cfg, ['turn_right', 'turn_left'], frames, async (best) => engine.similarity(frames[best]!.reading.faces[0]!.embedding, reference.embedding));
    expect(d.scores.actions.every((a) => a.done)).toBe(true);
    expect(d.result).toBe('no_match');
  });

  it('a dark attempt: environment, too_dark', async () => {
    const frames = await capture([{ step: 0, at: 100, image: darkFrame() }, { step: 1, at: 1500, image: darkFrame() }, { step: 2, at: 3000, image: darkFrame() }]);
    const d = await decide(cfg, TURNS, frames, async () => 1);
    expect(d).toMatchObject({ result: 'environment' });
    expect(d.problems).toContain('too_dark');
  });

  it('writes y4m videos for Chromium\'s fake camera: 640×480 frames, the turning one longer than the still one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'face-y4m-'));
    try {
      const moving = readFileSync(faceVideo('a', TURNS, path.join(dir, 'moving.y4m')));
      const still = readFileSync(stillVideo('a', path.join(dir, 'still.y4m')));
      expect(moving.subarray(0, 80).toString('latin1')).toMatch(/^YUV4MPEG2 W640 H480 /);
      const frames = (b: Buffer) => b.toString('latin1').split('FRAME\n').length - 1;
      expect(frames(still)).toBeGreaterThan(10);
      expect(frames(moving)).toBeGreaterThan(frames(still) + 40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
