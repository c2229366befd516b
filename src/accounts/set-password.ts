/**
 * Setting a new password (change in the account centre, reset by recovery), the one way a
 * password is replaced: the policy holds, the new password is none of the last five (the current
 * one and four before it), the old hash joins the history, and the account is signed out
 * everywhere — all in one transaction. The person is told by SMS when a verified phone is bound.
 */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { checkPassword } from '../domain/password-policy.js';
import { sendSmsNotice } from '../flows/sms-code.js';
import { AppError } from '../http/errors.js';
import { endEverywhere } from '../sessions/end-everywhere.js';

/** How many passwords (the current one included) a new one must differ from. */
export const PASSWORD_HISTORY = 5;

export interface SetPasswordOptions {
  /** Why, for the audit log and the sessions' end reason: `password_change`, `password_reset`. */
  reason: string;
  ip: string | null;
  /** Who did it, for the audit log; the account itself by default. */
  actor?: string;
}

/** Throws password.* (policy), password.reused; on success every session of the account has ended. */
export async function setPassword(ctx: AppContext, accountId: string, newPassword: string, opts: SetPasswordOptions): Promise<void> {
  const account = await ctx.db
    .selectFrom('accounts')
    .leftJoin('persons', 'persons.account_id', 'accounts.id')
    .leftJoin('password_credentials', 'password_credentials.account_id', 'accounts.id')
    .select(['accounts.username', 'persons.id_number_enc', 'persons.phone_enc', 'persons.phone_verified_at', 'password_credentials.hash'])
    .where('accounts.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const idNumber = account.id_number_enc ? ctx.vault.decrypt(account.id_number_enc) : undefined;
  const policy = checkPassword(newPassword, { username: account.username, ...(idNumber ? { idNumber } : {}) });
  if (!policy.ok) throw new AppError(policy.code, { password: policy.code });

  const previous = await ctx.db
    .selectFrom('password_history')
    .select('hash')
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY - 1)
    .execute();
  const hashes = [account.hash, ...previous.map((p) => p.hash)].filter((h): h is string => !!h);
  for (const h of hashes) {
    if (await ctx.passwords.verify(h, newPassword)) throw new AppError('password.reused', { password: 'password.reused' });
  }

  const hash = await ctx.passwords.hash(newPassword);
  const now = ctx.clock.now();
  const ended = await ctx.db.transaction().execute(async (tx) => {
    if (account.hash) await tx.insertInto('password_history').values({ account_id: accountId, hash: account.hash, created_at: now }).execute();
    await tx
      .insertInto('password_credentials')
      .values({ account_id: accountId, hash, updated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ hash, updated_at: now }))
      .execute();
    const keep = await tx.selectFrom('password_history').select('id').where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(PASSWORD_HISTORY - 1).execute();
    let prune = tx.deleteFrom('password_history').where('account_id', '=', accountId);
    if (keep.length) prune = prune.where('id', 'not in', keep.map((k) => k.id));
    await prune.execute();
    const everywhere = await endEverywhere(ctx, accountId, opts.reason, tx);
    await audit(tx, { at: now, actor: opts.actor ?? accountId, event: `account.${opts.reason}`, result: 'success', ip: opts.ip, subject: accountId });
    return everywhere;
  });
  // Committed: now tell the business systems (back-channel logout, CAS single logout).
  await ended.notify();
  if (account.phone_enc && account.phone_verified_at) sendSmsNotice(ctx, ctx.vault.decrypt(account.phone_enc), 'password_changed', {}, opts.ip);
}
