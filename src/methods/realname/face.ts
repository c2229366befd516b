/**
 * 人脸识别认证 (seed 002 §2.9.1, issue 13): the signed-in person's face, captured with 2–3 guided
 * actions (src/face/attempts.ts), compared 1:1 with the portrait the face authority holds for
 * their registered name and ID number (ctx.face). A pass is L4 evidence (DESIGN.md: face liveness
 * matched with the authority photo), valid a year like the card checks.
 *
 * The capture starts at `POST /api/account/real-name/face/capture` (consent, the nonce and the
 * actions); the frames come back through the real-name route every method has,
 * `POST /api/account/real-name/face` `{ nonce, frames }`, so the evidence is recorded by the one
 * completion point (./complete.ts). A decision the authority took part in (no match, actions not
 * done) is kept as failing evidence like other methods' refusals; bad input, the capture
 * environment and a spoof are refused before that and leave only the attempt's own record.
 */
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { FaceAuthorityUnavailable } from '../../connectors/face/http.js';
import { decisionError, faceSubject, startAttempt, submitAttempt, type FaceChallenge, type SentFrame } from '../../face/attempts.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { FaceFrames } from '../../shared/api/face.js';
import { CHECKABLE_ID_TYPES, type PersonIdentity, type RealNameMethod } from './method.js';

/** Who the daily limit counts for a signed-in person (the same subject a recovery of their account counts). */
export const accountFaceSubject = (ctx: AppContext, accountId: string) => faceSubject(ctx, `account:${accountId}`);

/** The comparison with the authority's portrait of this identity; an authority that does not answer is realname.unavailable. */
export const authorityCompare = (ctx: AppContext, who: { name: string; idNumber: string }) => async (frame: Uint8Array) => {
  try {
    return await ctx.face.compare(who.name, who.idNumber, frame);
  } catch (err) {
    if (err instanceof FaceAuthorityUnavailable) throw new AppError('realname.unavailable');
    throw err;
  }
};

export const face: RealNameMethod<{ nonce: string; frames: SentFrame[] }> = {
  id: 'face',
  level: 'L4',
  kind: 'capture',
  validityDays: 365,
  idTypes: CHECKABLE_ID_TYPES,
  input: FaceFrames,
  async verify(ctx, person, input, proof) {
    const outcome = await submitAttempt(ctx, { purpose: 'real_name', accountId: person.accountId, flowId: null }, input, authorityCompare(ctx, person), proof.ip ?? 'unknown');
    const { decision } = outcome;
    const fingerprint = ctx.vault.lookupHash('realname:face', `${person.idNumber}\0${outcome.digest}`);
    const reference = outcome.reference;
    if (decision.result === 'passed' && outcome.source) return { ok: true, source: outcome.source, fingerprint, ...(reference ? { reference } : {}) };
    // The authority compared: its answer is evidence of a refusal, as with the other methods.
    if (outcome.source && (decision.result === 'no_match' || decision.result === 'actions_not_done')) {
      return { ok: false, code: decisionError(decision).code, source: outcome.source, reason: decision.result, fingerprint, ...(reference ? { reference } : {}) };
    }
    throw decisionError(decision);
  },
};

/** The capture's start for a signed-in person: their registered, checkable identity, then the attempt (daily limit). */
export async function startRealNameCapture(ctx: AppContext, person: PersonIdentity | null, ip: string): Promise<FaceChallenge> {
  assertThat(person && (face.idTypes as readonly string[]).includes(person.idType), 'realname.not_applicable');
  return startAttempt(ctx, { purpose: 'real_name', accountId: person.accountId, flowId: null, subject: accountFaceSubject(ctx, person.accountId) }, ip);
}
