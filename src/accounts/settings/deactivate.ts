/**
 * Deactivation (注销账户, seed 000) and the later erasure of a deactivated account's personal data.
 *
 * Deactivating ends everything at once: the account can no longer sign in, its sessions, OIDC
 * grants and tokens and CAS tickets end, and its phone and e-mail are no longer verified (another
 * account may bind them), and it stops acting for any org (its bindings end, their grants go);
 * an org account (the same page lets it deactivate) ends every binding to it instead.
 * Its record stays for `deactivatedRetentionDays` — the username and ID number stay taken
 * meanwhile — then `eraseDeactivatedAccounts` (housekeeping) erases its personal data, table by
 * table (see `eraseAccount`). What stays is what the audit trail needs, without personal data:
 * the account row (kind, status, dates), its evidence records (method, level, result, dates),
 * ended sessions and org bindings (times, reasons), counter checks (staff, place, time). The
 * audit log is append-only (a trigger refuses updates) and holds no plain personal data by
 * design — actors and subjects are account ids or keyed hashes, details at most masked values —
 * so it stays as it is, kept for its own retention (SECURITY.md: ≥ 6 months).
 */
import { sql } from 'kysely';
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { endEverywhere } from '../../sessions/end-everywhere.js';
import { endActingSessions } from '../../orgs/acting.js';
import type { DB } from '../../store/db.js';
import { eraseFaceAttempts } from '../../face/attempts.js';

const DAY_MINUTES = 24 * 60;

export async function deactivateAccount(ctx: AppContext, accountId: string, ip: string | null): Promise<{ eraseAfter: Date }> {
  const now = ctx.clock.now();
  const ended = await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('accounts')
      .set({ status: 'deactivated', deactivated_at: now, updated_at: now })
      .where('id', '=', accountId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('session.required');
    const everywhere = await endEverywhere(ctx, accountId, 'deactivated', tx);
    // It gives up its phone and e-mail at once (the unique indexes count only verified ones);
    // the numbers themselves stay until erasure.
    await tx.updateTable('persons').set({ phone_verified_at: null, email_verified_at: null }).where('account_id', '=', accountId).execute();
    await tx.deleteFrom('email_links').where('account_id', '=', accountId).execute();
    const orgBindings = await endOrgBindings(ctx, tx, accountId, now, 'deactivated');
    const memberships = (await endMemberships(tx, accountId, now, 'deactivated')) + orgBindings.ended;
    await audit(tx, { at: now, actor: accountId, event: 'account.deactivate', result: 'success', ip, subject: accountId, ...(memberships ? { detail: { membershipsEnded: memberships } } : {}) });
    return { notify: () => Promise.all([everywhere.notify(), orgBindings.notify()]).then(() => undefined) };
  });
  // Committed: now tell the business systems (back-channel logout, CAS single logout).
  await ended.notify();
  return { eraseAfter: addMinutes(now, ctx.config.accountCentre.deactivatedRetentionDays * DAY_MINUTES) };
}

/** Erases the personal data of accounts deactivated longer than the retention period; returns how many. */
export async function eraseDeactivatedAccounts(ctx: AppContext, batch = 100): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = addMinutes(now, -ctx.config.accountCentre.deactivatedRetentionDays * DAY_MINUTES);
  const due = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('status', '=', 'deactivated')
    .where('pii_erased_at', 'is', null)
    .where('deactivated_at', '<=', cutoff)
    .limit(batch)
    .execute();
  for (const { id } of due) await eraseAccount(ctx, id);
  return due.length;
}

/** Ends the account's live org bindings (grants go with them); returns how many. */
async function endMemberships(tx: DB, accountId: string, now: Date, reason: string): Promise<number> {
  const ended = await tx
    .updateTable('org_members')
    .set({ status: 'ended', ended_at: now, end_reason: reason })
    .where('person_id', '=', accountId)
    .where('status', 'in', ['pending', 'active'])
    .returning('id')
    .execute();
  if (ended.length) await tx.deleteFrom('org_grants').where('member_id', 'in', ended.map((m) => m.id)).execute();
  return ended.length;
}

/**
 * An org account (which may deactivate through the same page): every binding to it ends, grants
 * go, and the people acting for it are signed out of it; returns how many bindings ended and whom to tell after the commit.
 */
async function endOrgBindings(ctx: AppContext, tx: DB, orgId: string, now: Date, reason: string): Promise<{ ended: number; notify: () => Promise<void> }> {
  const ended = await tx
    .updateTable('org_members')
    .set({ status: 'ended', ended_at: now, end_reason: reason })
    .where('org_id', '=', orgId)
    .where('status', 'in', ['pending', 'active'])
    .returning(['id', 'person_id'])
    .execute();
  if (ended.length) await tx.deleteFrom('org_grants').where('member_id', 'in', ended.map((m) => m.id)).execute();
  // The systems those people signed in to for the org are told after the commit (the caller runs `notify`).
  const notices: Array<() => Promise<void>> = [];
  for (const m of ended) if (m.person_id) notices.push((await endActingSessions(ctx, tx, m.person_id, orgId, `org_${reason}`)).notify);
  return { ended: ended.length, notify: () => Promise.all(notices.map((n) => n())).then(() => undefined) };
}

/**
 * The org side of erasure. The register data that names people goes (legal representative's
 * name and ID), the USCC is freed for a new registration as a username is, the bindings keep
 * their dates but not whom they named, and what the org held about people goes: its security
 * questions, social-security codes and the document-recovery requests (licence and ID photos,
 * agent's ID and phone). The audit log keeps the request ids.
 */
async function eraseOrg(ctx: AppContext, tx: DB, orgId: string, now: Date): Promise<number> {
  const placeholder = `erased:${orgId}`;
  await tx
    .updateTable('orgs')
    .set({ uscc: placeholder, name: '', legal_rep_name: '', legal_rep_id_enc: '', legal_rep_id_hash: placeholder, updated_at: now })
    .where('account_id', '=', orgId)
    .execute();
  // Deactivation ended the live bindings (and told the systems); any left now end without notices.
  const { ended } = await endOrgBindings(ctx, tx, orgId, now, 'erased');
  await tx
    .updateTable('org_members')
    .set({ invitee_name: '', invitee_id_enc: '', invitee_id_hash: sql<string>`'erased:' || id` })
    .where('org_id', '=', orgId)
    .execute();
  await tx.deleteFrom('org_security_questions').where('account_id', '=', orgId).execute();
  await tx.deleteFrom('org_ss_codes').where('org_id', '=', orgId).execute();
  await tx.deleteFrom('org_recovery_requests').where('org_id', '=', orgId).execute();
  return ended;
}

async function eraseAccount(ctx: AppContext, accountId: string): Promise<void> {
  const now = ctx.clock.now();
  // A placeholder unique to the account frees the username and ID number for a new registration.
  const placeholder = `erased:${accountId}`;
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('accounts').select(['username', 'kind']).where('id', '=', accountId).where('pii_erased_at', 'is', null).forUpdate().executeTakeFirst();
    if (!before) return; // erased meanwhile by another node
    // Counter checks this account made as staff name it in other people's evidence: the id stays, the username goes.
    await tx
      .updateTable('evidence')
      .set({ source: `counter:${accountId}` })
      .where('id', 'in', tx.selectFrom('counter_checks').select('evidence_id').where('staff_account_id', '=', accountId))
      .where('source', '=', `counter:${before.username}`)
      .execute();
    await tx
      .updateTable('accounts')
      .set({ username: placeholder, username_norm: placeholder, display_name: '', pii_erased_at: now, updated_at: now })
      .where('id', '=', accountId)
      .where('pii_erased_at', 'is', null)
      .execute();
    await tx
      .updateTable('persons')
      .set({
        name: '',
        id_number_enc: '',
        id_number_hash: placeholder,
        phone_enc: null,
        phone_hash: null,
        phone_verified_at: null,
        nickname: null,
        email_enc: null,
        email_hash: null,
        email_verified_at: null,
      })
      .where('account_id', '=', accountId)
      .execute();
    await tx.deleteFrom('mailing_addresses').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('email_links').where('account_id', '=', accountId).execute();
    // Unfinished flows of the account (a new phone number waiting for its code, …) and their codes.
    await tx.deleteFrom('otp_codes').where(sql<boolean>`flow_id in (select id::text from flows where data->>'accountId' = ${accountId})`).execute();
    await tx.deleteFrom('flows').where(sql<boolean>`data->>'accountId' = ${accountId}`).execute();
    // 扫码登录 tickets it scanned or approved: the computer's IP and browser, and where it went.
    await tx.deleteFrom('qr_tickets').where('account_id', '=', accountId).execute();
    // Face attempts (src/face/attempts.ts): the decisions, scores, digests and any best frame kept for disputes.
    await eraseFaceAttempts(tx, accountId);
    await tx.deleteFrom('password_credentials').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('password_history').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('login_guards').where('key', '=', `account:${accountId}`).execute();
    // 密保问题: the answers are about the person (birthplace, school, …), hashed or not.
    await tx.deleteFrom('security_questions').where('account_id', '=', accountId).execute();
    // The bank card that passed the four-element check, and its reserved phone.
    await tx.deleteFrom('person_bank_cards').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('staff_roles').where('account_id', '=', accountId).execute();
    // Evidence stays as the record of what was verified when (method, level, result); what ties it
    // to the person's documents goes: the keyed fingerprint of the input and the authority's
    // transaction number. A counter check keeps who checked, where and when, not the document number.
    await tx.updateTable('evidence').set({ input_fingerprint: null, reference: null }).where('account_id', '=', accountId).execute();
    await tx
      .updateTable('counter_checks')
      .set({ document_number_masked: '' })
      .where('evidence_id', 'in', tx.selectFrom('evidence').select('id').where('account_id', '=', accountId))
      .execute();
    await tx.updateTable('sessions').set({ ip: null, user_agent: null }).where('account_id', '=', accountId).execute();
    // The login history (登录历史) is the person's own view of their sign-ins, with IP and browser;
    // nobody can see it any more. Each attempt is also in the audit log (recordLoginAttempt writes
    // both), which is the security record, so the rows go rather than staying without IP and UA.
    await tx.deleteFrom('login_events').where('account_id', '=', accountId).execute();
    // Anything single sign-on still holds for it (ended at deactivation; this is belt and braces).
    await endEverywhere(ctx, accountId, 'erased', tx);
    // Org bindings: the org keeps that a binding existed and when it ended, not who it was
    // (bindings of an account deactivated before deactivation ended them end here).
    const memberships = (await endMemberships(tx, accountId, now, 'erased')) + (before.kind === 'org' ? await eraseOrg(ctx, tx, accountId, now) : 0);
    await tx
      .updateTable('org_members')
      .set({ invitee_name: '', invitee_id_enc: '', invitee_id_hash: sql<string>`'erased:' || id` })
      .where('person_id', '=', accountId)
      .execute();
    await audit(tx, { at: now, actor: 'system', event: 'account.pii_erased', result: 'success', subject: accountId, ...(memberships ? { detail: { membershipsEnded: memberships } } : {}) });
  });
}
