/**
 * Did the person follow the guidance (跟着引导做动作)? Pure checks on the readings of one attempt.
 *
 * Step 0 holds the neutral frames taken before the first action; step k (1-based) the frames taken
 * during/after action k. Each action is measured against the neutral baseline (the median of step 0),
 * never against the previous step: after 向左转头, turning back to the front must not count as
 * 向右转头. Signs follow ./types.ts (yaw > 0 = the person's left, pitch > 0 = raised head).
 */
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
    const base = (pick: (f: FaceReading) => number) => median(neutral.map(pick));
    const most = (pick: (f: FaceReading) => number) => Math.max(...during.map(pick));
    const least = (pick: (f: FaceReading) => number) => Math.min(...during.map(pick));
    let measured: number;
    let needed: number;
    switch (action) {
      case 'turn_left': measured = most((f) => f.yaw) - base((f) => f.yaw); needed = t.turnDegrees; break;
      case 'turn_right': measured = base((f) => f.yaw) - least((f) => f.yaw); needed = t.turnDegrees; break;
      case 'raise_head': measured = most((f) => f.pitch) - base((f) => f.pitch); needed = t.nodDegrees; break;
      case 'lower_head': measured = base((f) => f.pitch) - least((f) => f.pitch); needed = t.nodDegrees; break;
      case 'blink': measured = base((f) => f.eyesOpen) - least((f) => f.eyesOpen); needed = t.blinkDrop; break;
      case 'open_mouth': measured = most((f) => f.mouthOpen) - base((f) => f.mouthOpen); needed = t.mouthRise; break;
    }
    return { action, measured: Math.round(measured * 1000) / 1000, done: measured >= needed };
  });
  return { done: problem === null && results.every((r) => r.done), frameProblem: problem, actions: results };
}
