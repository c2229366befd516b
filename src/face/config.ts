/** The `face` block of the configuration (issue 13; docs/face.md says where each threshold comes from). */
import { z } from 'zod';
import { FACE_GUIDE_LIMITS as G } from '../shared/face-guide.js';
import { FACE_ACTIONS, type FaceAction } from './types.js';

export interface FaceThresholds {
  /** Lowest 1:1 similarity (0..1, FaceEngine.similarity) of the best frame with the reference. */
  match: number;
  /** Lowest similarity between the frames of one attempt (same person throughout; else 'no_match'). */
  sameFace: number;
  /** Lowest detector confidence for a face to count. */
  minFaceScore: number;
  /** Anti-spoofing and liveness scores below these fail with 'spoof' (when the model ran). */
  real: number;
  live: number;
  /** Mean luma (0..255) inside the face box: below → too_dark, above → too_bright. */
  minLuminance: number;
  maxLuminance: number;
  /** Face box width as a share of the frame width: below → too_far, above → too_close. */
  minFaceShare: number;
  maxFaceShare: number;
  /** Degrees of yaw (turns) and pitch (nods) away from the neutral frames that count as done. */
  turnDegrees: number;
  nodDegrees: number;
  /** Drop of eyesOpen (0..1) below the neutral frames that counts as a blink. */
  blinkDrop: number;
  /** Rise of mouthOpen (0..1) above the neutral frames that counts as an open mouth. */
  mouthRise: number;
}

export interface FaceConfig {
  /** The pool the challenge draws from (default all six). */
  actions: FaceAction[];
  /** How many actions one attempt asks for: [min, max]. */
  actionsPerAttempt: [number, number];
  attemptSeconds: number;
  attemptsPerDay: number;
  maxFrames: number;
  maxFrameBytes: number;
  minWidth: number;
  minHeight: number;
  thresholds: FaceThresholds;
  /** Days the best frame of a decided attempt is kept (0: never stored). */
  keepBestFrameDays: number;
}

/** Measured on the sample faces shipped in @vladmandic/face-api and @vladmandic/human (docs/face.md). */
export const DEFAULT_FACE_THRESHOLDS: FaceThresholds = {
  match: 0.6,
  sameFace: 0.6,
  minFaceScore: 0.5,
  real: 0.3,
  live: 0.15,
  minLuminance: G.minLuminance,
  maxLuminance: G.maxLuminance,
  minFaceShare: G.minFaceShare,
  maxFaceShare: G.maxFaceShare,
  turnDegrees: G.turnDegrees,
  nodDegrees: G.nodDegrees,
  blinkDrop: G.blinkDrop,
  mouthRise: G.mouthRise,
};

const FaceEnv = z.object({
  SHENFEN_FACE_ACTIONS: z
    .string()
    .default(FACE_ACTIONS.join(','))
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(FACE_ACTIONS)).min(2, 'at least two actions')),
  SHENFEN_FACE_ATTEMPT_SECONDS: z.coerce.number().int().min(30).max(600).default(120),
  SHENFEN_FACE_ATTEMPTS_PER_DAY: z.coerce.number().int().min(1).max(50).default(5),
  SHENFEN_FACE_KEEP_BEST_FRAME_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
});

export function faceConfig(env: NodeJS.ProcessEnv): FaceConfig {
  const parsed = FaceEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    actions: e.SHENFEN_FACE_ACTIONS,
    actionsPerAttempt: [2, Math.min(3, e.SHENFEN_FACE_ACTIONS.length)],
    attemptSeconds: e.SHENFEN_FACE_ATTEMPT_SECONDS,
    attemptsPerDay: e.SHENFEN_FACE_ATTEMPTS_PER_DAY,
    maxFrames: 8,
    maxFrameBytes: 400_000,
    minWidth: G.minWidth,
    minHeight: G.minHeight,
    thresholds: { ...DEFAULT_FACE_THRESHOLDS },
    keepBestFrameDays: e.SHENFEN_FACE_KEEP_BEST_FRAME_DAYS,
  };
}
