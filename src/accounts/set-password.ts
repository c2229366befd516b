/**
 * Setting a new password (change in the account centre, reset by recovery), the one way a
 * password is replaced: the policy holds, the new password is none of the last five (the current
 * one and four before it), the old hash joins the history, and the account is signed out
 * everywhere — all in one transaction. The person is told by SMS when a verified phone is bound.
 */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { DB } from '../store/db.js';
import { checkPassword } from '../domain/password-policy.js';
import { enqueueSmsNotice } from '../flows/sms-code.js';
import { AppError } from '../shared/app-error.js';
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

/** A new password that passed the policy and history checks, hashed, ready for `applyPassword`. */
export interface PreparedPassword {
  accountId: string;
  hash: string;
  /** The verified phone to tell once the change is committed. */
  noticePhoneEnc: string | null;
}

/**
 * The checks and the hashing, outside any transaction (hashing is slow): throws password.*
 * (policy) or password.reused, and changes nothing.
 */
export async function preparePassword(ctx: AppContext, accountId: string, newPassword: string): Promise<PreparedPassword> {
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
  return { accountId, hash: await ctx.passwords.hash(newPassword), noticePhoneEnc: account.phone_enc && account.phone_verified_at ? account.phone_enc : null };
}

/**
 * Replaces the password inside the caller's transaction `tx` (so a caller can make it one change
 * with its own rows, e.g. the recovery request it uses up): the old hash joins the history, the
 * account is signed out everywhere, the audit log says so. Use nothing but `tx` in there — on
 * PGlite another query would wait for the transaction that waits for it.
 */
export async function applyPassword(ctx: AppContext, tx: DB, p: PreparedPassword, opts: SetPasswordOptions): Promise<() => Promise<void>> {
  const { accountId, hash } = p;
  const now = ctx.clock.now();
  // Read (and lock) the current hash here, so two changes at once each keep the other's in the history.
  const current = await tx.selectFrom('password_credentials').select('hash').where('account_id', '=', accountId).forUpdate().executeTakeFirst();
  if (current) await tx.insertInto('password_history').values({ account_id: accountId, hash: current.hash, created_at: now }).execute();
  await tx
    .insertInto('password_credentials')
    .values({ account_id: accountId, hash, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ hash, updated_at: now }))
    .execute();
  const keep = await tx.selectFrom('password_history').select('id').where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(PASSWORD_HISTORY - 1).execute();
  let prune = tx.deleteFrom('password_history').where('account_id', '=', accountId);
  if (keep.length) prune = prune.where('id', 'not in', keep.map((k) => k.id));
  await prune.execute();
  const { notify } = await endEverywhere(ctx, accountId, opts.reason, tx);
  await audit(tx, { at: now, actor: opts.actor ?? accountId, event: `account.${opts.reason}`, result: 'success', ip: opts.ip, subject: accountId });
  return notify;
}

/**
 * After the commit: tell the business systems signed in (`tellSystems`, what `applyPassword`
 * returned: back-channel logout, CAS single logout) and send the SMS notice to a verified phone.
 */
export async function notifyPasswordChanged(ctx: AppContext, p: PreparedPassword, ip: string | null, tellSystems: () => Promise<void>): Promise<void> {
  await tellSystems();
  if (p.noticePhoneEnc) await enqueueSmsNotice(ctx, ctx.vault.decrypt(p.noticePhoneEnc), 'password_changed', {}, ip);
}

/** Throws password.* (policy), password.reused; on success every session of the account has ended. */
export async function setPassword(ctx: AppContext, accountId: string, newPassword: string, opts: SetPasswordOptions): Promise<void> {
  const prepared = await preparePassword(ctx, accountId, newPassword);
  const tellSystems = await ctx.db.transaction().execute((tx) => applyPassword(ctx, tx, prepared, opts));
  await notifyPasswordChanged(ctx, prepared, opts.ip, tellSystems);
}
