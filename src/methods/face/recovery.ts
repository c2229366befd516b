/**
 * 忘记密码, 第二步 验证身份 by face (刷脸认证找回, seed 000: the first of the five ways; issue 13).
 *
 *   face-start  `{ name, idNumber, consent: true }` → the flow and a challenge (nonce, 2–3 actions)
 *   face        `{ nonce, frames }` → the flow at 重置密码, or face.no_match / face.actions_not_done /
 *               face.environment / face.nonce_invalid … (a spoof is answered as a no-match)
 *
 * Answers are uniform: face-start answers the same for an unknown account, a wrong name or a wrong
 * ID number as for the account's own identity — the attempt is made, counted and later decided
 * alike, only it is compared against nothing (similarity 0) and so fails as a no-match. The frames
 * of that attempt are still analysed, the best one twice as the authority would, so it takes as
 * long. A pass lands like the other methods' (acceptPass → reset: new password, signed out
 * everywhere, the owner told by SMS).
 *
 * The daily limit (face.attemptsPerDay) counts per identifier typed at step 1, like the other
 * recovery limits, so a count shared by an account's identifiers shows nothing about them.
 */
import { HASH_KIND } from '../../accounts/accounts.js';
import type { AppContext } from '../../context.js';
import { normaliseIdInput } from '../../domain/gb11643.js';
import { normaliseName } from '../../connectors/realname/authority.js';
import { decisionError, faceEngine, faceSubject, frameBodyLimit, startAttempt, submitAttempt, type Compare, type SentFrame } from '../../face/attempts.js';
import { advanceFlow, expectState } from '../../flows/flow.js';
import { recoveryView } from '../../flows/recovery/forgot-password.js';
import { auditFailure, subjectOf, type RecoveryFlow } from '../../flows/recovery/recovery-flow.js';
import { hit } from '../../security/rate-limit.js';
import { assertThat } from '../../shared/app-error.js';
import { FaceFrames, RecoveryFaceStart, RecoveryFaceStarted } from '../../shared/api/face.js';
import { authorityCompare, face } from '../realname/face.js';
import { CHECKABLE_ID_TYPES, type RealNameRegistryMethod } from '../realname/method.js';
import { beginRecord, recordOf, withRecord, type Verifications } from '../records.js';
import { passed, recoveryStep, type RecoveryMethod } from '../recovery-step.js';
import { METHOD, type FaceRecord } from './record.js';

async function begin(_ctx: AppContext, who: { accountId: string | null }, v: Verifications | undefined): Promise<Verifications> {
  return beginRecord(v, { method: METHOD, accountId: who.accountId });
}

/** The account's registered identity when it is the one typed (and checkable), else null. */
async function identityIfTyped(ctx: AppContext, accountId: string | null | undefined, typed: { name: string; idNumber: string }) {
  if (!accountId) return null;
  const p = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_hash', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  if (!p?.name || !p.id_type || !p.id_number_hash || !p.id_number_enc || !(CHECKABLE_ID_TYPES as readonly string[]).includes(p.id_type)) return null;
  const sameId = p.id_number_hash === ctx.vault.lookupHash(HASH_KIND.idNumber, normaliseIdInput(typed.idNumber));
  const sameName = normaliseName(p.name) === normaliseName(typed.name);
  return sameId && sameName ? { name: p.name, idNumber: ctx.vault.decrypt(p.id_number_enc) } : null;
}

/** 姓名 + 证件号码 + consent: the challenge, whoever the account is. */
export async function startRecoveryFace(ctx: AppContext, flow: RecoveryFlow, input: { name: string; idNumber: string }, ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  assertThat(d.accountKind !== 'org', 'flow.wrong_state');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  const identity = await identityIfTyped(ctx, d.accountId, input);
  const challenge = await startAttempt(ctx, { purpose: 'recovery', accountId: d.accountId ?? null, flowId: flow.id, subject: faceSubject(ctx, `identifier:${subjectOf(d)}`) }, ip);
  const record: FaceRecord = { ...(recordOf(d.verifications, METHOD) ?? { method: METHOD, status: 'open', tries: 0 }), accountId: d.accountId ?? null, idMatched: identity !== null };
  const next = await advanceFlow(ctx, flow, 'verify', 'verify', { ...d, verifications: withRecord(d.verifications, record) });
  return { answer: { flow: recoveryView(ctx, next), face: challenge } };
}

/** The frames: a pass for the account only when the identity typed was its own and the face matched its portrait. */
export async function submitRecoveryFace(ctx: AppContext, flow: RecoveryFlow, input: { nonce: string; frames: SentFrame[] }, ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  const record = recordOf(d.verifications, METHOD);
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  // The identity typed at face-start was checked there; the comparison is made with the account's own.
  const identity = record?.idMatched && d.accountId && record.accountId === d.accountId ? await registeredIdentity(ctx, d.accountId) : null;
  // Against nothing: the frame is analysed as the authority would, and compares as a stranger's face.
  const nothing: Compare = async (frame) => {
    await (await faceEngine()).analyse(frame);
    return null;
  };
  const outcome = await submitAttempt(ctx, { purpose: 'recovery', accountId: d.accountId ?? null, flowId: flow.id }, input, identity ? authorityCompare(ctx, identity) : nothing, ip);
  if (outcome.decision.result === 'passed' && identity && record?.accountId) return passed(flow, { ...record, accountId: record.accountId });
  const err = outcome.decision.result === 'passed' ? decisionError({ ...outcome.decision, result: 'no_match' }) : decisionError(outcome.decision);
  await auditFailure(ctx, flow, ip, { method: METHOD, reason: err.code });
  throw err;
}

/** The account's own name and ID number (what the authority is asked about). */
async function registeredIdentity(ctx: AppContext, accountId: string): Promise<{ name: string; idNumber: string } | null> {
  const p = await ctx.db.selectFrom('persons').select(['name', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  return p?.name && p.id_number_enc ? { name: p.name, idNumber: ctx.vault.decrypt(p.id_number_enc) } : null;
}

/**
 * Face in the registry: recovery (these steps; first in 验证身份's list, seed 000) and real-name
 * (人脸识别认证, whose steps are the real-name routes', ../realname/face.ts) — one method, one id.
 */
export const faceMethod: RecoveryMethod & RealNameRegistryMethod = {
  id: METHOD,
  kind: 'capture',
  purposes: ['recovery', 'real_name'],
  accountKinds: ['person'],
  rank: { recovery: -1 },
  realName: face,
  steps: {
    recovery: [
      recoveryStep('face-start', RecoveryFaceStart, ({ ctx, flow, body, ip }) => startRecoveryFace(ctx, flow, body, ip), RecoveryFaceStarted),
      { ...recoveryStep('face', FaceFrames, ({ ctx, flow, body, ip }) => submitRecoveryFace(ctx, flow, body, ip)), bodyLimit: (ctx) => frameBodyLimit(ctx.config.face) },
    ],
  },
  recovery: { begin },
};
