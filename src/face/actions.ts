/**
 * Did the person follow the guidance (跟着引导做动作)? Pure checks on the readings of one attempt.
 *
 * Step 0 holds the neutral frames taken before the first action; step k (1-based) the frames taken
 * during/after action k. Each action is measured against the neutral baseline (the median of step 0),
 * never against the previous step: after 向左转头, turning back to the front must not count as
 * 向右转头. Signs follow ./types.ts (yaw > 0 = the person's left, pitch > 0 = raised head).
 */
import { ACTION_RULES, actionProgress } from '../shared/face-guide.js';
import type { FaceConfig } from './config.js';
import type { CapturedFrame, FaceAction, FaceReading } from './types.js';

export interface ActionResult {
  action: FaceAction;
  /** Degrees for turns and nods, 0..1 openness change for blink and open_mouth, in the asked direction. */
  measured: number;
  done: boolean;
}

export type FrameProblem = 'too_many_frames' | 'no_neutral_frame' | 'step_missing' | 'step_out_of_range' | 'time_order' | 'too_long';

export interface ActionCheck {
  /** True when every action was done and the frames are in order. */
  done: boolean;
  /** What is wrong with the frames themselves (count, steps, times), if anything. */
  frameProblem: FrameProblem | null;
  actions: ActionResult[];
}

/** The face a frame is about: the most confident, then the largest (environment checks ask for exactly one). */
export function mainFace(frame: CapturedFrame): FaceReading | undefined {
  return [...frame.reading.faces].sort((a, b) => b.score - a.score || b.box[2] - a.box[2])[0];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function frameProblem(cfg: { face: FaceConfig }, actions: FaceAction[], frames: CapturedFrame[]): FrameProblem | null {
  if (frames.length > cfg.face.maxFrames) return 'too_many_frames';
  if (frames.some((f) => !Number.isInteger(f.step) || f.step < 0 || f.step > actions.length)) return 'step_out_of_range';
  if (!frames.some((f) => f.step === 0)) return 'no_neutral_frame';
  for (let k = 1; k <= actions.length; k++) if (!frames.some((f) => f.step === k)) return 'step_missing';
  if (frames.some((f) => !Number.isFinite(f.at) || f.at < 0)) return 'time_order';
  if (frames.some((f) => f.at > cfg.face.attemptSeconds * 1000)) return 'too_long';
  // Every frame of step k was taken after every frame of the steps before it.
  for (const f of frames) for (const g of frames) if (f.step < g.step && f.at >= g.at) return 'time_order';
  return null;
}

/** Measures each requested action in its step against the neutral baseline. */
export function checkActions(cfg: { face: FaceConfig }, actions: FaceAction[], frames: CapturedFrame[]): ActionCheck {
  const t = cfg.face.thresholds;
  const problem = frameProblem(cfg, actions, frames);
  const faceOf = (step: number) => frames.filter((f) => f.step === step).map(mainFace).filter((f): f is FaceReading => !!f);
  const neutral = faceOf(0);
  const results: ActionResult[] = actions.map((action, i) => {
    const during = faceOf(i + 1);
    if (!neutral.length || !during.length) return { action, measured: 0, done: false };
    // The baseline: the median of the action's measure over the neutral frames; measured: its furthest frame.
    const rule = ACTION_RULES[action];
    const base = { yaw: 0, pitch: 0, eyesOpen: 0, mouthOpen: 0, [rule.measure]: median(neutral.map((f) => f[rule.measure])) };
    const measured = Math.max(...during.map((f) => actionProgress(action, f, base)));
    const needed = t[rule.limit];
    // (+ 0 turns a -0 into 0.)
    return { action, measured: Math.round(measured * 1000) / 1000 + 0, done: measured >= needed };
  });
  return { done: problem === null && results.every((r) => r.done), frameProblem: problem, actions: results };
}
