// The browser's reading of the camera, for guidance only (the server decides, src/face/decide.ts):
// which 环境检测 checks fail, and how far each requested action has gone. The measures are those of
// the server's engine (src/face/engine.ts: eye and mouth openness from Human's mesh, angles in the
// convention of src/face/types.ts) and the limits its defaults (src/face/config.ts), so that what the
// page calls done is what the server will measure as done.
import type { EnvironmentProblem, FaceAction } from '../../../../src/face/types.js';
import { ACTION_RULES, actionProgress, FACE_GUIDE_LIMITS } from '../../../../src/shared/face-guide.js';

export interface GuideFace {
  box: [number, number, number, number];
  /** Degrees: > 0 the person turned to their left / raised their head. */
  yaw: number;
  pitch: number;
  eyesOpen: number;
  mouthOpen: number;
  /** Mean luma 0..255 inside the face box. */
  luminance: number;
}

export interface GuideReading {
  width: number;
  height: number;
  faces: GuideFace[];
  /** Mean luma of the whole frame: says 'too dark' when no face can be found in the dark. */
  frameLuminance: number;
}

/** The server's default limits (src/shared/face-guide.ts; src/face/config.ts uses the same). */
export const LIMITS = FACE_GUIDE_LIMITS;

/** 30 万像素: at least 640×480, the camera held either way up. */
export function resolutionOk(width: number, height: number): boolean {
  return Math.max(width, height) >= LIMITS.minWidth && Math.min(width, height) >= LIMITS.minHeight;
}

/** The 环境检测 checks this frame fails, most fundamental first (empty: the frame is fit to capture). */
export function environmentProblems(r: GuideReading): EnvironmentProblem[] {
  if (!resolutionOk(r.width, r.height)) return ['low_resolution'];
  if (r.faces.length === 0) {
    if (r.frameLuminance < LIMITS.minLuminance) return ['too_dark'];
    if (r.frameLuminance > LIMITS.maxLuminance) return ['too_bright'];
    return ['no_face'];
  }
  if (r.faces.length > 1) return ['many_faces'];
  const face = r.faces[0]!;
  const problems: EnvironmentProblem[] = [];
  if (face.luminance < LIMITS.minLuminance) problems.push('too_dark');
  if (face.luminance > LIMITS.maxLuminance) problems.push('too_bright');
  const share = face.box[2] / r.width;
  if (share < LIMITS.minFaceShare) problems.push('too_far');
  if (share > LIMITS.maxFaceShare) problems.push('too_close');
  return problems;
}

/** How far `face` has gone in the direction of `action` from the neutral face (degrees or openness). */
export function progress(action: FaceAction, face: GuideFace, neutral: GuideFace): number {
  return actionProgress(action, face, neutral);
}

/** The progress at which the server counts the action as done. */
export function target(action: FaceAction): number {
  return LIMITS[ACTION_RULES[action].limit];
}

type Point = [number, number, number?];
const dy = (a: Point | undefined, b: Point | undefined) => (a && b ? Math.abs(a[1] - b[1]) : 0);

/** As src/face/engine.ts: the lid gap over the eye's height (Human's blink measure), 0.6 counting as wide open. */
export function eyesOpenness(mesh: Point[]): number {
  const left = dy(mesh[374], mesh[386]) / (dy(mesh[443], mesh[450]) || 1);
  const right = dy(mesh[145], mesh[159]) / (dy(mesh[223], mesh[230]) || 1);
  return Math.min(1, Math.max(0, (left + right) / 2 / 0.6));
}

/** As src/face/engine.ts: the lip gap over the face height ×5, clamped to 0..1. */
export function mouthOpenness(mesh: Point[]): number {
  return Math.min(1, (5 * dy(mesh[13], mesh[14])) / (dy(mesh[10], mesh[152]) || 1));
}
