/**
 * The face limits the capture page guides by and the server decides by, in one place: the server's
 * defaults (src/face/config.ts) are these, and the page (web/src/pages/face/guide.ts) imports them,
 * so what the page calls fit or done is what the server will measure by default. Where the numbers
 * come from: docs/face.md.
 */
import type { FACE_ACTION_NAMES } from './api/face.js';

export const FACE_GUIDE_LIMITS = {
  /** 30 万像素: at least 640×480. */
  minWidth: 640,
  minHeight: 480,
  /** Mean luma (0..255) inside the face box. */
  minLuminance: 50,
  maxLuminance: 220,
  /** Face box width as a share of the frame width (50–60 cm from a laptop camera is about 0.21–0.33). */
  minFaceShare: 0.15,
  maxFaceShare: 0.6,
  /** Degrees away from the neutral pose that count as a turn or a nod. */
  turnDegrees: 7,
  nodDegrees: 8,
  /** Drop of eyes openness (0..1) that counts as a blink; rise of mouth openness that counts as open. */
  blinkDrop: 0.35,
  mouthRise: 0.25,
} as const;

/** What each action moves, which way, and the limit above which it counts as done. */
export interface ActionRule {
  /** The reading that moves: head yaw or pitch (degrees), eyes or mouth openness (0..1). */
  measure: 'yaw' | 'pitch' | 'eyesOpen' | 'mouthOpen';
  /** +1: the action raises the measure (turn to the person's left, raise the head, open the mouth); -1: lowers it. */
  sign: 1 | -1;
  limit: 'turnDegrees' | 'nodDegrees' | 'blinkDrop' | 'mouthRise';
}

/**
 * The one table of directions the page guides by (web/src/pages/face/guide.ts) and the server decides
 * by (src/face/actions.ts). Signs as src/face/types.ts: yaw > 0 = the person's left, pitch > 0 = raised head.
 */
export const ACTION_RULES: Record<(typeof FACE_ACTION_NAMES)[number], ActionRule> = {
  turn_left: { measure: 'yaw', sign: 1, limit: 'turnDegrees' },
  turn_right: { measure: 'yaw', sign: -1, limit: 'turnDegrees' },
  raise_head: { measure: 'pitch', sign: 1, limit: 'nodDegrees' },
  lower_head: { measure: 'pitch', sign: -1, limit: 'nodDegrees' },
  blink: { measure: 'eyesOpen', sign: -1, limit: 'blinkDrop' },
  open_mouth: { measure: 'mouthOpen', sign: 1, limit: 'mouthRise' },
};

export type ActionMeasures = Record<ActionRule['measure'], number>;

/** How far `face` has gone in the direction of `action` from `neutral` (degrees or openness; negative: the other way). */
export function actionProgress(action: (typeof FACE_ACTION_NAMES)[number], face: ActionMeasures, neutral: ActionMeasures): number {
  const rule = ACTION_RULES[action];
  return rule.sign * (face[rule.measure] - neutral[rule.measure]);
}
