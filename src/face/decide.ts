/**
 * The decision on one attempt (issue 13, seed 003). Order and precedence — the first that fails wins:
 *
 * 1. 'environment' — any frame has an environment problem (./environment.ts); `problems` lists them
 *    all. Nothing else is measured and `compare` is not called.
 * 2. 'no_match' — the frames are not all of one person (a face swapped mid-attempt): every frame's
 *    embedding must be at least `thresholds.sameFace` similar to the best frame's. `compare` is not called.
 * 3. 'spoof' — anti-spoofing (`real`) or liveness (`live`), the median over the frames where the
 *    model ran, is below its threshold. `compare` is not called (a spoof is not sent to the authority).
 * 4. The actions are measured (./actions.ts), then `compare(best)` is called — also when the actions
 *    failed, because the seed's first failure message says the face matched:
 *    - similarity < `thresholds.match` → 'no_match' (认证照片与建模照片不匹配), whatever the actions;
 *    - the face matched but an action was not done, or the frames are out of order/time → 'actions_not_done'
 *      (您的相貌能对上，但您没有跟着引导做动作);
 *    - else 'passed'.
 *
 * The flow maps 'spoof' to the error it shows (the contract has no face.spoof code; answering it
 * like a no-match tells an attacker least).
 */
import { checkActions, mainFace } from './actions.js';
import type { FaceConfig } from './config.js';
import { environmentProblems } from './environment.js';
import { faceSimilarity } from './similarity.js';
import type { CapturedFrame, EnvironmentProblem, FaceAction, FaceDecision, FaceReading } from './types.js';

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The frame sent for the 1:1 comparison: a neutral (step 0) frame, the most frontal, then the most confident. */
export function bestFrame(frames: CapturedFrame[]): number | null {
  let best: number | null = null;
  let bestKey = Infinity;
  frames.forEach((frame, i) => {
    const face = mainFace(frame);
    if (!face) return;
    const key = (frame.step === 0 ? 0 : 1000) + Math.abs(face.yaw) + Math.abs(face.pitch) - face.score;
    if (key < bestKey) {
      bestKey = key;
      best = i;
    }
  });
  return best;
}

export async function decide(
  cfg: { face: FaceConfig },
  actions: FaceAction[],
  frames: CapturedFrame[],
  compare: (best: number) => Promise<number>,
): Promise<FaceDecision> {
  const t = cfg.face.thresholds;
  const notMeasured = actions.map((action) => ({ action, measured: 0, done: false }));
  const decision = (result: FaceDecision['result'], rest: Partial<FaceDecision> = {}): FaceDecision => ({
    result,
    problems: [],
    best: null,
    scores: { similarity: null, real: null, live: null, actions: notMeasured },
    ...rest,
  });

  // 1. Environment, on every frame.
  const problems = new Set<EnvironmentProblem>();
  for (const frame of frames) for (const p of environmentProblems(cfg, frame.reading)) problems.add(p);
  if (!frames.length) problems.add('no_face');
  if (problems.size) return decision('environment', { problems: [...problems] });

  const faces = frames.map((f) => mainFace(f)) as FaceReading[]; // exactly one face each, checked above
  const best = bestFrame(frames)!;
  const reference = faces[best]!;

  // 2. One person throughout.
  const sameFace = Math.min(...faces.map((f) => faceSimilarity(f.embedding, reference.embedding)));
  if (sameFace < t.sameFace) return decision('no_match', { best });

  // 3. Anti-spoofing and liveness.
  const real = median(faces.map((f) => f.real).filter((v): v is number => v !== null));
  const live = median(faces.map((f) => f.live).filter((v): v is number => v !== null));
  const check = checkActions(cfg, actions, frames);
  const scores = { similarity: null as number | null, real, live, actions: check.actions };
  if ((real !== null && real < t.real) || (live !== null && live < t.live)) return decision('spoof', { best, scores });

  // 4. The 1:1 comparison, then the actions.
  scores.similarity = await compare(best);
  if (scores.similarity < t.match) return decision('no_match', { best, scores });
  if (!check.done) return decision('actions_not_done', { best, scores });
  return decision('passed', { best, scores });
}
