/**
 * Face capability (issue 13): the types the engine, the flow and the page share.
 *
 * Angles. yaw/pitch/roll are in degrees, from Human's `face.rotation.angle` (radians there), with
 * these signs, described from the PERSON's point of view (not the mirrored preview's):
 *  - yaw   > 0: the person turned their head to THEIR left (向左转头); < 0: to their right (向右转头).
 *  - pitch > 0: the person raised their head / looked up (缓慢抬头); < 0: lowered it (缓慢低头).
 *  - roll  > 0: the head tilted towards the person's right shoulder (not used by any action).
 * The engine converts Human's angles to this convention (src/face/engine.ts says how); the checks in
 * src/face/actions.ts only rely on the signs above.
 */
export const FACE_ACTIONS = ['raise_head', 'lower_head', 'turn_left', 'turn_right', 'blink', 'open_mouth'] as const;
export type FaceAction = (typeof FACE_ACTIONS)[number];
/** zh-CN words: 缓慢抬头 / 缓慢低头 / 向左转头 / 向右转头 / 眨眼 / 张嘴 (the page's i18n has them). */

export interface FaceReading {
  box: [x: number, y: number, width: number, height: number]; // pixels
  score: number; // detector confidence 0..1
  yaw: number;
  pitch: number;
  roll: number; // degrees; sign convention above
  eyesOpen: number; // 0 (closed) .. 1 (open), mean of both eyes, from the mesh
  mouthOpen: number; // 0 .. 1, from the mesh
  embedding: number[]; // faceres descriptor
  real: number | null; // anti-spoofing score when the model ran
  live: number | null; // liveness score when the model ran
  luminance: number; // mean luma 0..255 inside the face box
}
export interface FrameReading {
  width: number;
  height: number;
  faces: FaceReading[];
}

export interface FaceEngine {
  readonly version: string; // e.g. 'human 3.3.6 / faceres' — stored with each decision
  analyse(image: Uint8Array): Promise<FrameReading>; // JPEG or PNG bytes; throws FaceImageError on non-images
  similarity(a: number[], b: number[]): number; // 0..1
}

/** Thrown by FaceEngine.analyse when the bytes are not a decodable JPEG or PNG (the flow answers 400). */
export class FaceImageError extends Error {
  override readonly name = 'FaceImageError';
  constructor(message = 'not a JPEG or PNG image') {
    super(message);
  }
}

export type EnvironmentProblem =
  | 'low_resolution'
  | 'no_face'
  | 'many_faces'
  | 'too_dark'
  | 'too_bright'
  | 'too_far'
  | 'too_close';

/** One frame the browser sent: which step of the attempt it belongs to (0 = the neutral frame before
 *  the first action, k = during/after action k, 1-based), and when it was taken (ms since the attempt's
 *  challenge was shown, as the browser measured it). */
export interface CapturedFrame {
  step: number;
  at: number;
  reading: FrameReading;
}

export type FaceResult = 'passed' | 'actions_not_done' | 'no_match' | 'environment' | 'spoof';
export interface FaceDecision {
  result: FaceResult;
  problems: EnvironmentProblem[]; // for 'environment'
  best: number | null; // index of the frame used for the 1:1 comparison
  scores: {
    similarity: number | null;
    real: number | null;
    live: number | null;
    actions: { action: FaceAction; measured: number; done: boolean }[];
  };
}
