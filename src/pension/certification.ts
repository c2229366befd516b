/**
 * 资格认证 (issue 14, seed 003 三): the retiree's face, captured with guided actions
 * (src/face/attempts.ts, purpose 'pension', bound to the retiree's session), compared on the server
 * with the registry's 建模照片 by the face engine — not the face authority. A pass moves the due date
 * `pension.periodMonths` on; a decision that fails is recorded with its reason and answered as the
 * real-name face route answers (the seed's two messages). Staff record 现场 / 社区 certifications.
 */
import { audit } from '../audit/audit.js';
import { addMinutes, type AppContext } from '../context.js';
import { decisionError, faceEngine, faceSubject, startAttempt, submitAttempt, type Compare, type FaceChallenge, type SentFrame } from '../face/attempts.js';
import type { FaceReading } from '../face/types.js';
import { newId } from '../security/tokens.js';
import { AppError } from '../shared/app-error.js';
import type { PensionFailureReason, PensionHistoryItem } from '../shared/api/pension.js';
import { addMonths, ineligibleReason, RETIREE_COLUMNS, retireeView, type RetireeRow } from './registry.js';
import type { RetireeSession } from './session.js';

const HISTORY_LIMIT = 50;

/** Who the daily limit counts: the retiree, whichever session or browser they use. */
export const retireeFaceSubject = (ctx: AppContext, retireeId: string) => faceSubject(ctx, `pension:${retireeId}`);

/** The context the face attempt runs with: the pension's daily limit in place of the face block's. */
const withPensionLimit = (ctx: AppContext): AppContext => ({ ...ctx, config: { ...ctx.config, face: { ...ctx.config.face, attemptsPerDay: ctx.config.pension.attemptsPerDay } } });

/** Face attempts left in the last 24 hours. */
export async function attemptsLeftToday(ctx: AppContext, retireeId: string): Promise<number> {
  const since = addMinutes(ctx.clock.now(), -24 * 60);
  const row = await ctx.db
    .selectFrom('face_attempts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subject_hash', '=', retireeFaceSubject(ctx, retireeId))
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Math.max(0, ctx.config.pension.attemptsPerDay - Number(row.n));
}

/** The retiree as the API shows them, attempts left included. */
export const viewOf = async (ctx: AppContext, row: RetireeRow) => retireeView(ctx, row, await attemptsLeftToday(ctx, row.id));

/** 认证结果查询: newest first, at most 50. */
export async function historyOf(ctx: AppContext, retireeId: string): Promise<PensionHistoryItem[]> {
  const rows = await ctx.db
    .selectFrom('pension_certifications')
    .select(['at', 'channel', 'result', 'reason', 'next_due_at'])
    .where('retiree_id', '=', retireeId)
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.map((r) => ({ at: r.at.toISOString(), channel: r.channel, result: r.result, reason: r.reason, nextDueAt: r.next_due_at?.toISOString() ?? null }));
}

/** An ineligible retiree is refused (audited), whoever asks. */
async function assertEligible(ctx: AppContext, row: RetireeRow, actor: string, ip: string): Promise<void> {
  const reason = ineligibleReason(row);
  if (reason === null) return;
  await audit(ctx.db, { at: ctx.clock.now(), actor, event: 'pension.certify', result: 'failure', ip, subject: row.id, detail: { reason: `ineligible_${reason}` } });
  throw new AppError('pension.ineligible');
}

/** 进入资格认证 → 确定: consent given, the challenge (pension.ineligible; face.too_many_attempts past the daily limit). */
export async function startCertification(ctx: AppContext, session: RetireeSession, ip: string): Promise<FaceChallenge> {
  await assertEligible(ctx, session.retiree, `retiree:${session.retiree.id}`, ip);
  return startAttempt(withPensionLimit(ctx), { purpose: 'pension', accountId: null, flowId: session.id, subject: retireeFaceSubject(ctx, session.retiree.id) }, ip);
}

const mainFace = (faces: FaceReading[]): FaceReading | undefined => [...faces].sort((x, y) => y.box[2] * y.box[3] - x.box[2] * x.box[3])[0];

// The 建模照片's embedding, per retiree and photo version, kept while this process runs (a few hundred at most).
const references = new Map<string, Promise<number[] | null>>();
const REFERENCE_CACHE = 500;

/** The registry photo's face embedding (null: no photo, or no face in it). */
async function referenceOf(ctx: AppContext, retireeId: string): Promise<number[] | null> {
  const row = await ctx.db.selectFrom('pension_retirees').select(['photo_enc', 'updated_at']).where('id', '=', retireeId).executeTakeFirst();
  if (!row?.photo_enc) return null;
  const key = `${retireeId}:${row.updated_at.getTime()}`;
  let e = references.get(key);
  if (!e) {
    const sealed = row.photo_enc;
    e = (async () => mainFace((await (await faceEngine()).analyse(Buffer.from(ctx.vault.decrypt(sealed), 'base64'))).faces)?.embedding ?? null)();
    e.catch(() => references.delete(key));
    if (references.size >= REFERENCE_CACHE) references.delete(references.keys().next().value!);
    references.set(key, e);
  }
  return e;
}

/** The 1:1 comparison of the best frame with the registry's photo (src/face/attempts.ts Compare). */
export const registryCompare =
  (ctx: AppContext, retireeId: string): Compare =>
  async (frame, reading) => {
    const reference = await referenceOf(ctx, retireeId);
    if (!reference) return null;
    const engine = await faceEngine();
    // The frame as the attempt read it (not analysed twice).
    const face = mainFace((reading ?? (await engine.analyse(frame))).faces);
    return { similarity: face ? engine.similarity(reference, face.embedding) : 0, source: 'pension:registry' };
  };

/** A pass: the row, the retiree's new dates, one transaction. */
async function recordPass(
  ctx: AppContext,
  retireeId: string,
  fields: { channel: 'online' | 'counter' | 'community'; faceAttemptId?: string; staffAccountId?: string; note?: string | null },
): Promise<{ certifiedAt: Date; nextDueAt: Date }> {
  const now = ctx.clock.now();
  const nextDueAt = addMonths(now, ctx.config.pension.periodMonths);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('pension_certifications')
      .values({ id: newId(), retiree_id: retireeId, at: now, channel: fields.channel, result: 'passed', reason: null, face_attempt_id: fields.faceAttemptId ?? null, staff_account_id: fields.staffAccountId ?? null, next_due_at: nextDueAt, note: fields.note ?? null })
      .execute();
    await tx.updateTable('pension_retirees').set({ last_certified_at: now, due_at: nextDueAt }).where('id', '=', retireeId).execute();
  });
  return { certifiedAt: now, nextDueAt };
}

/** The frames: the decision on the registry photo; a pass recorded and the cycle moved on, a failure recorded and answered. */
export async function submitCertification(ctx: AppContext, session: RetireeSession, input: { nonce: string; frames: readonly SentFrame[] }, ip: string) {
  const retiree = session.retiree;
  await assertEligible(ctx, retiree, `retiree:${retiree.id}`, ip);
  const outcome = await submitAttempt(ctx, { purpose: 'pension', accountId: null, flowId: session.id }, input, registryCompare(ctx, retiree.id), ip);
  const { decision } = outcome;
  if (decision.result === 'passed') {
    const done = await recordPass(ctx, retiree.id, { channel: 'online', faceAttemptId: outcome.attemptId });
    await audit(ctx.db, { at: done.certifiedAt, actor: `retiree:${retiree.id}`, event: 'pension.certify', result: 'success', ip, subject: retiree.id, detail: { channel: 'online', attempt: outcome.attemptId, nextDueAt: done.nextDueAt.toISOString() } });
    return { result: 'passed' as const, certifiedAt: done.certifiedAt.toISOString(), nextDueAt: done.nextDueAt.toISOString() };
  }
  const reason = decision.result as PensionFailureReason;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('pension_certifications')
    .values({ id: newId(), retiree_id: retiree.id, at: now, channel: 'online', result: 'failed', reason, face_attempt_id: outcome.attemptId, staff_account_id: null, next_due_at: null, note: null })
    .execute();
  await audit(ctx.db, { at: now, actor: `retiree:${retiree.id}`, event: 'pension.certify', result: 'failure', ip, subject: retiree.id, detail: { channel: 'online', attempt: outcome.attemptId, reason } });
  throw decisionError(decision);
}

/** 现场 / 社区: a staff member saw the retiree and their document (pension.retiree_not_found, staff.self, pension.ineligible). */
export async function recordInPerson(
  ctx: AppContext,
  staffAccountId: string,
  body: { retireeId: string; channel: 'counter' | 'community'; place: string; note?: string | undefined },
  ip: string,
): Promise<{ certifiedAt: string; nextDueAt: string }> {
  const row = await ctx.db.selectFrom('pension_retirees').select([...RETIREE_COLUMNS, 'person_id_hash']).where('id', '=', body.retireeId).executeTakeFirst();
  if (!row) throw new AppError('pension.retiree_not_found');
  // Four eyes: a staff member who is this retiree does not certify themselves.
  const staff = await ctx.db.selectFrom('persons').select('id_number_hash').where('account_id', '=', staffAccountId).executeTakeFirst();
  if (row.person_id_hash !== null && staff?.id_number_hash === row.person_id_hash) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: staffAccountId, event: 'pension.certify', result: 'failure', ip, subject: row.id, detail: { reason: 'self' } });
    throw new AppError('staff.self');
  }
  await assertEligible(ctx, row, staffAccountId, ip);
  const note = body.note ? `${body.place}：${body.note}` : body.place;
  const done = await recordPass(ctx, row.id, { channel: body.channel, staffAccountId, note });
  await audit(ctx.db, { at: done.certifiedAt, actor: staffAccountId, event: 'pension.certify', result: 'success', ip, subject: row.id, detail: { channel: body.channel, place: body.place, documentChecked: true, nextDueAt: done.nextDueAt.toISOString() } });
  return { certifiedAt: done.certifiedAt.toISOString(), nextDueAt: done.nextDueAt.toISOString() };
}

/** Staff: a retiree by number (audited, found or not). */
export async function lookUpRetiree(ctx: AppContext, staffAccountId: string, ssnHashValue: string, ip: string) {
  const row = await ctx.db.selectFrom('pension_retirees').select(RETIREE_COLUMNS).where('ssn_hash', '=', ssnHashValue).executeTakeFirst();
  await audit(ctx.db, { at: ctx.clock.now(), actor: staffAccountId, event: 'pension.staff_lookup', result: row ? 'success' : 'failure', ip, subject: row?.id ?? ssnHashValue });
  return row ? { ...(await viewOf(ctx, row)), id: row.id } : null;
}

