/**
 * 单位找回密码 by uploaded documents (seed 000: 上传证件照找回): the applicant uploads the business
 * licence photo and the agent's ID photo; staff review the request (counter verification queue);
 * once approved, the applicant sets a new org password once with the claim token they were shown
 * at submission. The answer to the applicant is the same whether or not the USCC has an account.
 *
 *   submitted (pending) ──staff approve──▶ approved ──reset (once, ≤ 7 days)──▶ used
 *            └──────────staff reject──▶ rejected
 */
import { applyPassword, notifyPasswordChanged, preparePassword } from '../accounts/set-password.js';
import { audit } from '../audit/audit.js';
import { addMinutes, type AppContext } from '../context.js';
import { sql } from 'kysely';
import { maskIdNumber, maskName, maskPhone } from '../domain/index.js';
import { AppError, assertThat } from '../shared/app-error.js';
import { newId, randomToken, safeEqual, tokenDigest } from '../security/tokens.js';
import { assertNotConcerned } from '../staff/four-eyes.js';
import { idNumberHash } from './orgs.js';
import { liftLocks } from '../security/login-guards.js';

const RESET_DAYS = 7;
const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const PHOTO = /^data:image\/(jpeg|png);base64,([A-Za-z0-9+/]+={0,2})$/;

/** A JPEG or PNG as a data: URI whose bytes really are that format, at most 2 MB. */
export function validPhoto(dataUri: string): boolean {
  const m = PHOTO.exec(dataUri);
  if (!m) return false;
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) return false;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return m[1] === 'jpeg' ? jpeg : png;
}

export interface RecoveryApplication {
  uscc: string;
  agentName: string;
  agentIdNumber: string;
  phone: string;
  licencePhoto: string;
  agentIdPhoto: string;
}

export async function submitRecovery(ctx: AppContext, input: RecoveryApplication, ip: string | null): Promise<{ requestId: string; claimToken: string }> {
  assertThat(validPhoto(input.licencePhoto), 'org.photo_invalid', { licencePhoto: 'org.photo_invalid' });
  assertThat(validPhoto(input.agentIdPhoto), 'org.photo_invalid', { agentIdPhoto: 'org.photo_invalid' });
  const org = await ctx.db.selectFrom('orgs').select('account_id').where('uscc', '=', input.uscc).executeTakeFirst();
  const id = newId();
  const claimToken = randomToken();
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('org_recovery_requests')
    .values({
      id,
      org_id: org?.account_id ?? null,
      uscc: input.uscc,
      agent_name: input.agentName,
      agent_id_hash: idNumberHash(ctx, input.agentIdNumber),
      agent_id_enc: ctx.vault.encrypt(input.agentIdNumber),
      phone_enc: ctx.vault.encrypt(input.phone),
      licence_photo_enc: ctx.vault.encrypt(input.licencePhoto),
      agent_id_photo_enc: ctx.vault.encrypt(input.agentIdPhoto),
      status: 'pending',
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      claim_token_hash: tokenDigest(claimToken),
      reset_expires_at: null,
      used_at: null,
      created_at: now,
    })
    .execute();
  await audit(ctx.db, { at: now, actor: 'anonymous', event: 'org.recovery_submit', result: 'success', ip, subject: org?.account_id ?? null, detail: { requestId: id } });
  return { requestId: id, claimToken };
}

async function claimed(ctx: AppContext, requestId: string, claimToken: string) {
  const row = await ctx.db.selectFrom('org_recovery_requests').select(['id', 'org_id', 'status', 'review_note', 'claim_token_hash', 'reset_expires_at', 'used_at']).where('id', '=', requestId).executeTakeFirst();
  assertThat(row && safeEqual(row.claim_token_hash, tokenDigest(claimToken)), 'org.recovery_not_found');
  return row;
}

/** What the applicant may know: the state of their own request. */
export async function recoveryStatus(ctx: AppContext, requestId: string, claimToken: string) {
  const r = await claimed(ctx, requestId, claimToken);
  const usable = r.status === 'approved' && !r.used_at && !!r.reset_expires_at && r.reset_expires_at > ctx.clock.now();
  return { status: r.used_at ? 'used' : r.status, note: r.review_note, canReset: usable };
}

/**
 * Sets the new org password once, after approval; the org is signed out everywhere. Using the
 * request up, the new password, the sessions' end and the audit entry are one transaction: a
 * password the policy refuses is refused before anything changes (the approval stays usable, the
 * old password works), and of two resets at once with the same request the second waits on the
 * request's row and then finds it used.
 */
export async function resetWithClaim(ctx: AppContext, requestId: string, claimToken: string, newPassword: string, ip: string | null): Promise<void> {
  const r = await claimed(ctx, requestId, claimToken);
  const usable = r.status === 'approved' && !r.used_at && !!r.reset_expires_at && r.reset_expires_at > ctx.clock.now() && r.org_id;
  assertThat(usable, 'org.recovery_not_found');
  const prepared = await preparePassword(ctx, r.org_id!, newPassword);
  const tellSystems = await ctx.db.transaction().execute(async (tx) => {
    const now = ctx.clock.now();
    const res = await tx
      .updateTable('org_recovery_requests')
      .set({ used_at: now })
      .where('id', '=', r.id)
      .where('status', '=', 'approved')
      .where('used_at', 'is', null)
      .where('reset_expires_at', '>', now)
      .executeTakeFirst();
    assertThat(Number(res.numUpdatedRows) === 1, 'org.recovery_not_found');
    const tell = await applyPassword(ctx, tx, prepared, { reason: 'password_reset', ip, actor: `org-recovery:${r.id}` });
    // As the person variant's reset does, it lifts the org account's login locks.
    await liftLocks(ctx, r.org_id!, tx);
    return tell;
  });
  await notifyPasswordChanged(ctx, prepared, ip, tellSystems);
}

// --- staff side ---


export async function pendingRecoveries(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('org_recovery_requests').leftJoin('orgs', 'orgs.account_id', 'org_recovery_requests.org_id').select(['org_recovery_requests.id', 'org_recovery_requests.uscc', 'org_recovery_requests.agent_name', 'org_recovery_requests.agent_id_enc', 'org_recovery_requests.phone_enc', 'org_recovery_requests.created_at', 'orgs.name', 'orgs.registered_by']).where('org_recovery_requests.status', '=', 'pending').orderBy('org_recovery_requests.created_at').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    uscc: r.uscc,
    orgName: r.name,
    orgExists: r.name !== null,
    agentName: maskName(r.agent_name),
    agentIdMasked: maskIdNumber(ctx.vault.decrypt(r.agent_id_enc)),
    phoneMasked: maskPhone(ctx.vault.decrypt(r.phone_enc)),
    submittedAt: r.created_at.toISOString(),
  }));
}

/** The documents of one request, for the reviewer's eyes only (audited); gone once erased (`eraseClosedRecoveryDocuments`). */
export async function recoveryDocuments(ctx: AppContext, staffId: string, requestId: string) {
  const r = await ctx.db.selectFrom('org_recovery_requests').select(['licence_photo_enc', 'agent_id_photo_enc', 'agent_name']).where('id', '=', requestId).executeTakeFirst();
  assertThat(r && r.licence_photo_enc !== ERASED, 'org.recovery_not_found');
  await audit(ctx.db, { at: ctx.clock.now(), actor: staffId, event: 'org.recovery_view', result: 'success', detail: { requestId } });
  return { agentName: r.agent_name, licencePhoto: ctx.vault.decrypt(r.licence_photo_enc), agentIdPhoto: ctx.vault.decrypt(r.agent_id_photo_enc) };
}

/**
 * Approves or rejects a pending request. Four eyes (src/staff/four-eyes.ts): a staff member whom the
 * request names as the agent (by ID number, whichever account they use), or who belongs to the org
 * (its registrant, legal representative or a member), cannot decide it — else anyone on staff could
 * file a request for any org naming themselves, approve it and take the org over.
 */
export async function decideRecovery(ctx: AppContext, staffId: string, requestId: string, approve: boolean, note: string | null, ip: string | null): Promise<void> {
  const r = await ctx.db.selectFrom('org_recovery_requests').select(['org_id', 'agent_id_hash']).where('id', '=', requestId).where('status', '=', 'pending').executeTakeFirst();
  assertThat(r, 'org.recovery_not_found');
  await assertNotConcerned(ctx, staffId, { idNumberHashes: [r.agent_id_hash], orgIds: [r.org_id] }).catch(async (err: unknown) => {
    await audit(ctx.db, { at: ctx.clock.now(), actor: staffId, event: approve ? 'org.recovery_approve' : 'org.recovery_reject', result: 'failure', ip, subject: r.org_id, detail: { requestId, reason: 'concerned' } });
    throw err;
  });
  // Nothing to recover for a code without an org account: such a request can only be rejected.
  if (approve && !r.org_id) throw new AppError('org.recovery_not_found');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('org_recovery_requests')
      .set({ status: approve ? 'approved' : 'rejected', reviewed_by: staffId, reviewed_at: now, review_note: note, reset_expires_at: approve ? addMinutes(now, RESET_DAYS * 24 * 60) : null })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    // Two reviewers at once: the second finds the request decided.
    assertThat(Number(res.numUpdatedRows) === 1, 'org.recovery_not_found');
    await tx.insertInto('audit_log').values({ at: now, actor: staffId, event: approve ? 'org.recovery_approve' : 'org.recovery_reject', result: 'success', ip, subject: r.org_id, detail: JSON.stringify({ requestId }) }).execute();
  });
}

/** What an erased document field holds. */
const ERASED = '';

/**
 * Data minimisation: a request that is closed — rejected, used, or approved but not used in time —
 * keeps its documents `orgs.recoveryRetentionDays` (for a complaint or a review of the decision),
 * then housekeeping erases them: the licence and ID photos, the agent's name, ID number and phone.
 * The row stays with its USCC, status, reviewer and dates, as the audit log refers to it. Pending
 * requests keep theirs until staff decide. Returns how many requests it erased.
 */
export async function eraseClosedRecoveryDocuments(ctx: AppContext): Promise<number> {
  const cutoff = addMinutes(ctx.clock.now(), -ctx.config.orgs.recoveryRetentionDays * 24 * 60);
  const res = await ctx.db
    .updateTable('org_recovery_requests')
    .set({ licence_photo_enc: ERASED, agent_id_photo_enc: ERASED, agent_id_enc: ERASED, phone_enc: ERASED, agent_name: ERASED, agent_id_hash: sql<string>`'erased:' || id` })
    .where('licence_photo_enc', '<>', ERASED)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'rejected'), eb('reviewed_at', '<', cutoff)]),
        eb.and([eb('status', '=', 'approved'), eb('used_at', '<', cutoff)]),
        eb.and([eb('status', '=', 'approved'), eb('used_at', 'is', null), eb('reset_expires_at', '<', cutoff)]),
      ]),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
