/**
 * Face attempts (issue 13): the challenge the server gives and the decision it takes on what the
 * browser sends back. Used by 人脸识别认证 (src/methods/realname/face.ts) and 刷脸认证找回
 * (src/methods/face/recovery.ts); the engine (./engine.ts, ./decide.ts) measures and decides.
 *
 *   (purposes: real_name, recovery, and pension — src/pension/certification.ts, bound to the retiree's session)
 *   start   picks 2–3 actions at random (crypto) from `face.actions` and binds them to a single-use
 *           nonce — the attempt's id — for `face.attemptSeconds`; `face.attemptsPerDay` per subject
 *           (the account, or for a recovery the identifier typed, so an unknown account counts
 *           the same as a known one).
 *   submit  uses the nonce up in one statement (unused, unexpired, this purpose, this account and
 *           flow — else face.nonce_invalid, and nothing is recorded as a pass), checks the frames
 *           (count, size, JPEG, steps 0..n in order, `at` increasing and within the attempt's
 *           lifetime), analyses each with the engine, decides, and stores the decision, the scores,
 *           the model version and a digest of the frames; every decision is audited. Frames are
 *           not kept, unless `face.keepBestFrameDays` > 0: then the best one, sealed, that long.
 */
import { createHash, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import type { Config } from '../config.js';
import { addMinutes, type AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import type { FACE_ACTION_NAMES } from '../shared/api/face.js';
import { newId } from '../security/tokens.js';
import type { DB } from '../store/db.js';
import { decide } from './decide.js';
import { FaceImageError, type CapturedFrame, type FaceAction, type FaceDecision, type FrameReading } from './types.js';

export type FacePurpose = 'real_name' | 'recovery' | 'pension';
export type FaceConfig = Config['face'];

/** What the browser is told to do: the nonce, the actions in order, until when, and how many frames it may send. */
export interface FaceChallenge {
  nonce: string;
  actions: FaceAction[];
  expiresAt: string;
  maxFrames: number;
}

/** A frame as the browser sends it: its step (0 before the first action, k for action k), when (ms since the challenge was shown), and the JPEG, base64 without the `data:` prefix. */
export interface SentFrame {
  step: number;
  at: number;
  image: string;
}

/** Who the attempt is for and what binds it. */
export interface AttemptOwner {
  purpose: FacePurpose;
  /** The account (null: a recovery for an account that does not exist). */
  accountId: string | null;
  /** The recovery flow (null for real-name). */
  flowId: string | null;
}

/**
 * The 1:1 comparison of the best frame with the reference: null when there is nothing to compare with (similarity 0).
 * `reading` is the engine's reading of that frame, for a comparison made here (the pension registry's photo) that
 * need not analyse it again; an authority elsewhere takes the bytes.
 */
export type Compare = (frame: Uint8Array, reading?: FrameReading) => Promise<{ similarity: number; source: string; reference?: string } | null>;

export interface AttemptOutcome {
  attemptId: string;
  decision: FaceDecision;
  /** Who compared (the authority's source), when a comparison was made with a reference. */
  source: string | null;
  reference?: string;
  digest: string;
  modelVersion: string;
}

// The API's list of actions (src/shared/api/face.ts) is the engine's: a compile error if they part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameActions: Same<FaceAction, (typeof FACE_ACTION_NAMES)[number]> = true;
void sameActions;

const DAY_MINUTES = 24 * 60;
/** How far ahead of the server's clock the browser's `at` may run (clocks and rounding). */
const AT_SLACK_MS = 2_000;
/** A JPEG starts FF D8 FF. */
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The engine, its module loaded on first use (the model's packages are not loaded by processes that never analyse a face: the CLI, housekeeping). */
export const faceEngine = async () => (await import('./engine.js')).getFaceEngine();

/** The subject the daily limit counts: a keyed hash, the same kind for a known account and an identifier typed. */
export const faceSubject = (ctx: AppContext, key: string) => ctx.vault.lookupHash('face.subject', key);

/** The route body limit of a frame route: every frame at its largest, base64, and room for the JSON. */
export const frameBodyLimit = (cfg: FaceConfig) => Math.ceil((cfg.maxFrames * cfg.maxFrameBytes * 4) / 3) + 64 * 1024;

/** `n` distinct actions of the pool, in a random order (crypto random). */
function pickActions(cfg: FaceConfig): FaceAction[] {
  const pool = [...new Set(cfg.actions)];
  const [min, max] = Array.isArray(cfg.actionsPerAttempt) ? cfg.actionsPerAttempt : [cfg.actionsPerAttempt, cfg.actionsPerAttempt];
  const n = Math.min(pool.length, min === max ? min : randomInt(min, max + 1));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/**
 * A new attempt: refused past `face.attemptsPerDay` for the subject in the last 24 hours
 * (face.too_many_attempts). The count and the insert run under the subject's advisory lock, in a
 * transaction: starts sent at once wait for each other, and each counts the ones before it.
 */
export async function startAttempt(ctx: AppContext, owner: AttemptOwner & { subject: string }, ip: string): Promise<FaceChallenge> {
  const cfg = ctx.config.face;
  const now = ctx.clock.now();
  const since = addMinutes(now, -DAY_MINUTES);
  const id = newId();
  const actions = pickActions(cfg);
  const expiresAt = new Date(now.getTime() + cfg.attemptSeconds * 1000);
  const started = await ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`face:${owner.subject}`}, 0))`.execute(tx);
    // A statement of its own after the lock: its snapshot sees every start that committed before.
    const res = await sql<{ id: string }>`
      insert into face_attempts (id, purpose, account_id, flow_id, subject_hash, actions, created_at, expires_at)
      select ${id}::uuid, ${owner.purpose}, ${owner.accountId}::uuid, ${owner.flowId}::text, ${owner.subject}, ${JSON.stringify(actions)}::jsonb, ${now}::timestamptz, ${expiresAt}::timestamptz
      where (select count(*) from face_attempts where subject_hash = ${owner.subject} and created_at > ${since}::timestamptz) < ${cfg.attemptsPerDay}::int
      returning id`.execute(tx);
    return res.rows.length === 1;
  });
  if (!started) {
    await audit(ctx.db, { at: now, actor: owner.accountId ?? 'anonymous', event: 'face.start', result: 'failure', ip, subject: owner.accountId ?? owner.subject, detail: { purpose: owner.purpose, reason: 'too_many_attempts' } });
    throw new AppError('face.too_many_attempts');
  }
  // Consent to the face check (PIPL: sensitive personal information, separate consent) is what starts it.
  await audit(ctx.db, { at: now, actor: owner.accountId ?? 'anonymous', event: 'face.start', result: 'success', ip, subject: owner.accountId ?? owner.subject, detail: { purpose: owner.purpose, attempt: id, actions, consent: true } });
  return { nonce: id, actions, expiresAt: expiresAt.toISOString(), maxFrames: cfg.maxFrames };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Uses the nonce up: one statement that succeeds only for an unused, unexpired attempt of this
 * purpose, account and flow. Anything else — unknown, used, expired, another person's or flow's —
 * is face.nonce_invalid.
 */
async function useNonce(ctx: AppContext, owner: AttemptOwner, nonce: string) {
  if (!UUID.test(nonce)) throw new AppError('face.nonce_invalid');
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('face_attempts')
    .set({ used_at: now })
    .where('id', '=', nonce)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('purpose', '=', owner.purpose)
    .where(sql<boolean>`account_id is not distinct from ${owner.accountId}`)
    .where(sql<boolean>`flow_id is not distinct from ${owner.flowId}`)
    .returning(['id', 'actions', 'created_at', 'expires_at', 'subject_hash'])
    .executeTakeFirst();
  if (!row) throw new AppError('face.nonce_invalid');
  return row;
}

/** The frames as bytes, once their count, sizes, format, steps and times check out (else face.frames_invalid / face.image_invalid). */
function decodeFrames(cfg: FaceConfig, frames: readonly SentFrame[], actionCount: number, lifetimeMs: number): Buffer[] {
  if (frames.length === 0 || frames.length > cfg.maxFrames || frames.length < actionCount + 1) throw new AppError('face.frames_invalid');
  const seen = new Set<number>();
  let last: SentFrame | undefined;
  for (const f of frames) {
    if (!Number.isInteger(f.step) || f.step < 0 || f.step > actionCount) throw new AppError('face.frames_invalid');
    if (!Number.isFinite(f.at) || f.at < 0 || f.at > lifetimeMs) throw new AppError('face.frames_invalid');
    if (last && (f.step < last.step || f.at <= last.at)) throw new AppError('face.frames_invalid');
    seen.add(f.step);
    last = f;
  }
  // Every step has its frame: the neutral one and one for each action.
  if (seen.size !== actionCount + 1) throw new AppError('face.frames_invalid');
  return frames.map((f) => {
    if (f.image.length > Math.ceil((cfg.maxFrameBytes * 4) / 3) + 4 || !BASE64.test(f.image)) throw new AppError('face.image_invalid');
    const bytes = Buffer.from(f.image, 'base64');
    if (bytes.length === 0 || bytes.length > cfg.maxFrameBytes || !isJpeg(bytes)) throw new AppError('face.image_invalid');
    return bytes;
  });
}

/** The digest of what was sent: each frame's step, time and bytes. */
function digestOf(frames: readonly SentFrame[], images: readonly Buffer[]): string {
  const h = createHash('sha256');
  frames.forEach((f, i) => {
    h.update(`${f.step}:${f.at}:${images[i]!.length}\n`);
    h.update(images[i]!);
  });
  return h.digest('hex');
}

/**
 * The frames of an attempt: nonce used up, frames checked and analysed, the decision taken,
 * stored and audited. Bad input (nonce, frames, images) throws before any decision; what was
 * refused is stored on the attempt as `rejected`.
 */
export async function submitAttempt(ctx: AppContext, owner: AttemptOwner, input: { nonce: string; frames: readonly SentFrame[] }, compare: Compare, ip: string): Promise<AttemptOutcome> {
  const cfg = ctx.config.face;
  const attempt = await useNonce(ctx, owner, input.nonce);
  const actions = attempt.actions as FaceAction[];
  const lifetimeMs = Math.min(attempt.expires_at.getTime() - attempt.created_at.getTime(), ctx.clock.now().getTime() - attempt.created_at.getTime() + AT_SLACK_MS);
  const reject = async (code: 'face.frames_invalid' | 'face.image_invalid', digest: string | null) => {
    await ctx.db.updateTable('face_attempts').set({ result: 'rejected', frames_digest: digest }).where('id', '=', attempt.id).execute();
    await audit(ctx.db, { at: ctx.clock.now(), actor: owner.accountId ?? 'anonymous', event: `face.${owner.purpose}`, result: 'failure', ip, subject: owner.accountId ?? attempt.subject_hash, detail: { attempt: attempt.id, reason: code } });
    return new AppError(code);
  };
  let images: Buffer[];
  try {
    images = decodeFrames(cfg, input.frames, actions.length, lifetimeMs);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'face.frames_invalid' || err.code === 'face.image_invalid')) throw await reject(err.code, null);
    throw err;
  }
  const digest = digestOf(input.frames, images);
  const engine = await faceEngine();
  const captured: CapturedFrame[] = [];
  for (const [i, image] of images.entries()) {
    try {
      captured.push({ step: input.frames[i]!.step, at: input.frames[i]!.at, reading: await engine.analyse(image) });
    } catch (err) {
      if (err instanceof FaceImageError) throw await reject('face.image_invalid', digest);
      throw err;
    }
  }
  let compared: { similarity: number; source: string; reference?: string } | null = null;
  const decision = await decide(ctx.config, actions, captured, async (best) => {
    compared = await compare(images[best]!, captured[best]!.reading);
    return compared?.similarity ?? 0;
  });
  const done = compared as { similarity: number; source: string; reference?: string } | null;
  const keep = decision.best !== null && cfg.keepBestFrameDays > 0;
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('face_attempts')
    .set({
      result: decision.result,
      scores: JSON.stringify({ ...decision.scores, problems: decision.problems, best: decision.best }),
      model_version: engine.version,
      frames_digest: digest,
      ...(keep ? { best_frame_enc: ctx.vault.encrypt(images[decision.best!]!.toString('base64')), keep_until: addMinutes(now, cfg.keepBestFrameDays * DAY_MINUTES) } : {}),
    })
    .where('id', '=', attempt.id)
    .execute();
  await audit(ctx.db, {
    at: now,
    actor: owner.accountId ?? 'anonymous',
    event: `face.${owner.purpose}`,
    result: decision.result === 'passed' ? 'success' : 'failure',
    ip,
    subject: owner.accountId ?? attempt.subject_hash,
    detail: {
      attempt: attempt.id,
      result: decision.result,
      ...(decision.problems.length ? { problems: decision.problems } : {}),
      similarity: decision.scores.similarity,
      actions: decision.scores.actions.map((a) => ({ action: a.action, done: a.done })),
      model: engine.version,
      digest: digest.slice(0, 16),
      ...(done ? { source: done.source } : {}),
    },
  });
  return { attemptId: attempt.id, decision, source: done?.source ?? null, ...(done?.reference ? { reference: done.reference } : {}), digest, modelVersion: engine.version };
}

/** The error a failed decision answers with; face.environment carries the problems. */
export function decisionError(decision: FaceDecision): AppError {
  switch (decision.result) {
    case 'environment': {
      const err = new AppError('face.environment');
      err.extra = { problems: decision.problems };
      return err;
    }
    case 'actions_not_done':
      return new AppError('face.actions_not_done');
    // A spoof (anti-spoofing or liveness below its threshold) is answered like a no-match: that tells
    // whoever holds up a photo least; the attempt's own record and the audit say 'spoof'.
    default:
      return new AppError('face.no_match');
  }
}

/** Housekeeping: attempts never used a day past their expiry go; best frames kept for disputes go at `keep_until`. */
export async function pruneFaceAttempts(ctx: AppContext, cutoff: Date): Promise<number> {
  const res = await ctx.db.deleteFrom('face_attempts').where('used_at', 'is', null).where('expires_at', '<', cutoff).executeTakeFirst();
  await ctx.db.updateTable('face_attempts').set({ best_frame_enc: null, keep_until: null }).where('keep_until', '<', ctx.clock.now()).execute();
  return Number(res.numDeletedRows);
}

/** Erasure: the account's attempts, whatever they hold (src/accounts/settings/deactivate.ts). */
export const eraseFaceAttempts = (db: DB, accountId: string) => db.deleteFrom('face_attempts').where('account_id', '=', accountId).execute();
