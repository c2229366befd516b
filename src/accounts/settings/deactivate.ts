/**
 * Deactivation (注销账户, seed 000) and the later erasure of a deactivated account's personal data.
 *
 * Deactivating ends everything at once: the account can no longer sign in, its sessions, OIDC
 * grants and tokens and CAS tickets end, and its phone and e-mail are no longer verified (another
 * account may bind them). Its record stays for `deactivatedRetentionDays` — the
 * username and ID number stay taken meanwhile — then `eraseDeactivatedAccounts` (housekeeping)
 * wipes the ID number, names, phone, e-mail, nickname, addresses and credentials. The audit log
 * is append-only and holds no such data, so it stays as it is.
 */
import { sql } from 'kysely';
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { endEverywhere } from '../../sessions/end-everywhere.js';

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
    await audit(tx, { at: now, actor: accountId, event: 'account.deactivate', result: 'success', ip, subject: accountId });
    return everywhere;
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

async function eraseAccount(ctx: AppContext, accountId: string): Promise<void> {
  const now = ctx.clock.now();
  // A placeholder unique to the account frees the username and ID number for a new registration.
  const placeholder = `erased:${accountId}`;
  await ctx.db.transaction().execute(async (tx) => {
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
    // Unfinished flows of the account (a new phone number waiting for its code, …).
    await tx.deleteFrom('flows').where(sql<boolean>`data->>'accountId' = ${accountId}`).execute();
    await tx.deleteFrom('password_credentials').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('password_history').where('account_id', '=', accountId).execute();
    await tx.deleteFrom('login_guards').where('key', '=', `account:${accountId}`).execute();
    await tx.updateTable('evidence').set({ input_fingerprint: null }).where('account_id', '=', accountId).execute();
    await tx.updateTable('sessions').set({ ip: null, user_agent: null }).where('account_id', '=', accountId).execute();
    await audit(tx, { at: now, actor: 'system', event: 'account.pii_erased', result: 'success', subject: accountId });
  });
}
