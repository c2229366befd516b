/**
 * The pure face checks (src/face/actions.ts, environment.ts, decide.ts) on readings the real engine
 * recorded from the generated frames (bench/face-record.ts → test/fixtures/face/*.json), and on
 * hand-made readings for the cases a still photo cannot give (blink, open mouth, time order).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkActions, frameProblem } from '../../src/face/actions.js';
import { DEFAULT_FACE_THRESHOLDS, type FaceConfig } from '../../src/face/config.js';
import { decide } from '../../src/face/decide.js';
import { environmentProblems } from '../../src/face/environment.js';
import type { CapturedFrame, FaceAction, FaceReading, FrameReading } from '../../src/face/types.js';

const cfg: { face: FaceConfig } = {
  face: {
    actions: ['turn_left', 'turn_right', 'raise_head', 'lower_head', 'blink', 'open_mouth'],
    actionsPerAttempt: [2, 3],
    attemptSeconds: 120,
    attemptsPerDay: 5,
    maxFrames: 8,
    maxFrameBytes: 400_000,
    minWidth: 640,
    minHeight: 480,
    thresholds: { ...DEFAULT_FACE_THRESHOLDS },
    keepBestFrameDays: 0,
  },
};
const T = cfg.face.thresholds;

interface Recorded { actions: FaceAction[]; frames: CapturedFrame[] }
const recorded = (name: string): Recorded => JSON.parse(readFileSync(new URL(`../fixtures/face/${name}.json`, import.meta.url), 'utf8'));

function face(over: Partial<FaceReading> = {}): FaceReading {
  return { box: [220, 110, 210, 210], score: 1, yaw: 0, pitch: 0, roll: 0, eyesOpen: 0.9, mouthOpen: 0.05, embedding: [0.1, 0.2, 0.3], real: 0.8, live: 0.9, luminance: 120, ...over };
}
const frame = (faces: FaceReading[], width = 640, height = 480): FrameReading => ({ width, height, faces });
const at = (step: number, ms: number, over: Partial<FaceReading> = {}): CapturedFrame => ({ step, at: ms, reading: frame([face(over)]) });

describe('face actions on recorded engine readings', () => {
  it('person a turning left then right: both turns measured past the threshold, in the asked direction', () => {
    const { actions, frames } = recorded('turns-a');
    const check = checkActions(cfg, actions, frames);
    expect(check.frameProblem).toBeNull();
    expect(check.actions.map((a) => a.action)).toEqual(['turn_left', 'turn_right']);
    for (const a of check.actions) expect(a.measured).toBeGreaterThan(T.turnDegrees);
    expect(check.done).toBe(true);
  });

  it('person b turning right then left passes', () => {
    const { actions, frames } = recorded('turns-b');
    expect(checkActions(cfg, actions, frames)).toMatchObject({ done: true, actions: [{ action: 'turn_right', done: true }, { action: 'turn_left', done: true }] });
  });

  it('the same turns asked in the other order fail: step 1 turned the wrong way', () => {
    const { frames } = recorded('turns-a');
    const check = checkActions(cfg, ['turn_right', 'turn_left'], frames);
    expect(check.done).toBe(false);
    expect(check.actions[0]).toMatchObject({ action: 'turn_right', done: false });
    expect(check.actions[0]!.measured).toBeLessThan(0);
  });

  it('still frames (a photo held up) fail every action, measured within a degree of the neutral frames', () => {
    for (const name of ['still-a', 'still-b']) {
      const { actions, frames } = recorded(name);
      const check = checkActions(cfg, actions, frames);
      expect(check.done).toBe(false);
      for (const a of check.actions) {
        expect(a.done).toBe(false);
        expect(Math.abs(a.measured)).toBeLessThan(2);
      }
    }
  });

  it('turning back to the front after 向左转头 is not 向右转头: every step is measured from the neutral frames', () => {
    const frames = [at(0, 300), at(1, 1500, { yaw: 25 }), at(2, 3000, { yaw: 0 })];
    const check = checkActions(cfg, ['turn_left', 'turn_right'], frames);
    expect(check.actions).toEqual([
      { action: 'turn_left', measured: 25, done: true },
      { action: 'turn_right', measured: 0, done: false },
    ]);
  });

  it('nods, blinks and open mouths against their thresholds', () => {
    const frames = [at(0, 100, { pitch: -2 }), at(0, 200, { pitch: -1 }), at(1, 1000, { pitch: 12 }), at(2, 2000, { pitch: -14 }), at(3, 3000, { eyesOpen: 0.2 }), at(4, 4000, { mouthOpen: 0.6 })];
    const check = checkActions(cfg, ['raise_head', 'lower_head', 'blink', 'open_mouth'], frames);
    expect(check.actions.map((a) => [a.action, a.measured, a.done])).toEqual([
      ['raise_head', 13.5, true],
      ['lower_head', 12.5, true],
      ['blink', 0.7, true],
      ['open_mouth', 0.55, true],
    ]);
    const weak = [at(0, 100), at(1, 1000, { pitch: 5 }), at(2, 2000, { eyesOpen: 0.75 }), at(3, 3000, { mouthOpen: 0.2 })];
    expect(checkActions(cfg, ['raise_head', 'blink', 'open_mouth'], weak).actions.map((a) => a.done)).toEqual([false, false, false]);
  });

  it('frames out of order, too late, too many or missing a step fail', () => {
    const ok = [at(0, 100), at(1, 1000, { yaw: 20 }), at(2, 2000, { yaw: -20 })];
    const actions: FaceAction[] = ['turn_left', 'turn_right'];
    expect(frameProblem(cfg, actions, ok)).toBeNull();
    expect(checkActions(cfg, actions, ok).done).toBe(true);
    const cases: [CapturedFrame[], string][] = [
      [[at(0, 1500), at(1, 1000, { yaw: 20 }), at(2, 2000, { yaw: -20 })], 'time_order'],
      [[at(0, 100), at(1, 1000, { yaw: 20 }), at(2, 121_000, { yaw: -20 })], 'too_long'],
      [[at(0, 100), at(2, 2000, { yaw: -20 })], 'step_missing'],
      [[at(1, 1000, { yaw: 20 }), at(2, 2000, { yaw: -20 })], 'no_neutral_frame'],
      [[...ok, at(3, 3000)], 'step_out_of_range'],
      [[at(0, 100), at(0, 200), at(0, 300), at(1, 1000, { yaw: 20 }), at(1, 1100, { yaw: 20 }), at(1, 1200, { yaw: 20 }), at(2, 2000, { yaw: -20 }), at(2, 2100, { yaw: -20 }), at(2, 2200, { yaw: -20 })], 'too_many_frames'],
    ];
    for (const [frames, problem] of cases) {
      expect(frameProblem(cfg, actions, frames)).toBe(problem);
      expect(checkActions(cfg, actions, frames).done).toBe(false);
    }
  });
});

describe('face environment', () => {
  it('names each problem', () => {
    expect(environmentProblems(cfg, frame([face()]))).toEqual([]);
    expect(environmentProblems(cfg, frame([face({ box: [110, 60, 100, 100] })], 320, 240))).toEqual(['low_resolution']);
    expect(environmentProblems(cfg, frame([face()], 480, 640))).toEqual([]); // a phone held upright
    expect(environmentProblems(cfg, frame([]))).toEqual(['no_face']);
    expect(environmentProblems(cfg, frame([face({ score: 0.2 })]))).toEqual(['no_face']);
    expect(environmentProblems(cfg, frame([face(), face({ box: [10, 10, 150, 150] })]))).toEqual(['many_faces']);
    expect(environmentProblems(cfg, frame([face({ luminance: T.minLuminance - 1 })]))).toEqual(['too_dark']);
    expect(environmentProblems(cfg, frame([face({ luminance: T.maxLuminance + 1 })]))).toEqual(['too_bright']);
    expect(environmentProblems(cfg, frame([face({ box: [300, 200, 80, 80] })]))).toEqual(['too_far']);
    expect(environmentProblems(cfg, frame([face({ box: [0, 0, 420, 420] })]))).toEqual(['too_close']);
  });

  it('the recorded frames of person a and b pass', () => {
    for (const name of ['turns-a', 'turns-b', 'still-a', 'still-b']) {
      for (const f of recorded(name).frames) expect(environmentProblems(cfg, f.reading)).toEqual([]);
    }
  });
});

describe('face decision', () => {
  const compareWith = (similarity: number) => {
    const calls: number[] = [];
    return { calls, compare: async (best: number) => (calls.push(best), similarity) };
  };

  it('moving frames that match pass, compared on a neutral frame', async () => {
    const { actions, frames } = recorded('turns-a');
    const c = compareWith(0.9);
    const d = await decide(cfg, actions, frames, c.compare);
    expect(d).toMatchObject({ result: 'passed', problems: [], scores: { similarity: 0.9 } });
    expect(frames[d.best!]!.step).toBe(0);
    expect(c.calls).toEqual([d.best]);
    expect(d.scores.real).toBeGreaterThanOrEqual(T.real);
    expect(d.scores.actions.every((a) => a.done)).toBe(true);
  });

  it('still frames that match: actions_not_done (the face matched; compare ran)', async () => {
    const { actions, frames } = recorded('still-a');
    const c = compareWith(0.9);
    expect(await decide(cfg, actions, frames, c.compare)).toMatchObject({ result: 'actions_not_done', scores: { similarity: 0.9 } });
    expect(c.calls).toHaveLength(1);
  });

  it('a face that does not match the reference: no_match, whether or not the actions were done', async () => {
    for (const name of ['turns-b', 'still-b']) {
      const { actions, frames } = recorded(name);
      expect(await decide(cfg, actions, frames, compareWith(0.3).compare)).toMatchObject({ result: 'no_match', scores: { similarity: 0.3 } });
    }
  });

  it('a face swapped mid-attempt (a, then b): no_match without asking the authority', async () => {
    const a = recorded('turns-a');
    const b = recorded('turns-b');
    const frames = a.frames.map((f, i) => (i >= 4 ? { ...b.frames[i]!, step: f.step, at: f.at } : f));
    const c = compareWith(0.9);
    expect(await decide(cfg, a.actions, frames, c.compare)).toMatchObject({ result: 'no_match', scores: { similarity: null } });
    expect(c.calls).toEqual([]);
  });

  it('an environment problem in any frame wins, listing every problem; nothing is compared', async () => {
    const { actions, frames } = recorded('turns-a');
    const dark = frames.map((f, i) => (i === 3 ? { ...f, reading: { ...f.reading, faces: f.reading.faces.map((x) => ({ ...x, luminance: 20 })) } } : f));
    const c = compareWith(0.9);
    expect(await decide(cfg, actions, dark, c.compare)).toMatchObject({ result: 'environment', problems: ['too_dark'], best: null });
    const two = frames.map((f, i) => (i === 0 ? { ...f, reading: { ...f.reading, faces: [...f.reading.faces, ...recorded('turns-b').frames[0]!.reading.faces] } } : f));
    expect(await decide(cfg, actions, [...two.slice(0, 1), ...dark.slice(1)], c.compare)).toMatchObject({ result: 'environment', problems: ['many_faces', 'too_dark'] });
    expect(c.calls).toEqual([]);
  });

  it('anti-spoofing or liveness below the threshold: spoof, nothing compared', async () => {
    const { actions, frames } = recorded('turns-a');
    const withScores = (real: number | null, live: number | null) => frames.map((f) => ({ ...f, reading: { ...f.reading, faces: f.reading.faces.map((x) => ({ ...x, real, live })) } }));
    const c = compareWith(0.9);
    expect(await decide(cfg, actions, withScores(0.1, 0.9), c.compare)).toMatchObject({ result: 'spoof', scores: { real: 0.1, similarity: null } });
    expect(await decide(cfg, actions, withScores(0.9, 0.05), c.compare)).toMatchObject({ result: 'spoof', scores: { live: 0.05 } });
    expect(c.calls).toEqual([]);
    // Models that did not run (null) do not fail the attempt.
    expect(await decide(cfg, actions, withScores(null, null), c.compare)).toMatchObject({ result: 'passed' });
  });
});
