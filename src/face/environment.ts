/**
 * 环境检测 (seed 003): is this frame fit for recognition? Resolution, exactly one face, light on the
 * face, distance (face box width as a share of the frame).
 *
 * Distance bounds (FaceThresholds.minFaceShare / maxFaceShare, defaults 0.15 / 0.6): a laptop camera
 * sees about 60–70° across, so at 50–60 cm its frame is about 0.6–0.8 m wide. Human's face box of an
 * adult is about 17–20 cm wide (it takes in the forehead and ears), i.e. 0.21–0.33 of the frame at
 * 50–60 cm: well inside the bounds. The frame stops passing beyond about 1.1 m (too_far, 0.15) and
 * nearer than about 25 cm (too_close, 0.6), where the face no longer fits the frame with its box.
 * Portrait frames (phones) are measured against their longer side, so the same distance gives the
 * same share.
 */
import type { FaceConfig } from './config.js';
import type { EnvironmentProblem, FaceReading, FrameReading } from './types.js';

/** The faces the detector is sure enough of. */
export function countedFaces(cfg: { face: FaceConfig }, frame: FrameReading): FaceReading[] {
  return frame.faces.filter((f) => f.score >= cfg.face.thresholds.minFaceScore);
}

export function environmentProblems(cfg: { face: FaceConfig }, frame: FrameReading): EnvironmentProblem[] {
  const t = cfg.face.thresholds;
  const problems: EnvironmentProblem[] = [];
  const long = Math.max(frame.width, frame.height);
  const short = Math.min(frame.width, frame.height);
  if (long < Math.max(cfg.face.minWidth, cfg.face.minHeight) || short < Math.min(cfg.face.minWidth, cfg.face.minHeight)) problems.push('low_resolution');
  const faces = countedFaces(cfg, frame);
  if (faces.length === 0) problems.push('no_face');
  if (faces.length > 1) problems.push('many_faces');
  if (faces.length === 1) {
    const face = faces[0]!;
    if (face.luminance < t.minLuminance) problems.push('too_dark');
    if (face.luminance > t.maxLuminance) problems.push('too_bright');
    const share = face.box[2] / long;
    if (share < t.minFaceShare) problems.push('too_far');
    if (share > t.maxFaceShare) problems.push('too_close');
  }
  return problems;
}
