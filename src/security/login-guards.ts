/**
 * Login throttling (SECURITY.md "Login-failure handling"; NIST SP 800-63B-4 §3.2.2), kept in
 * `login_guards` rows. Threat model and rates: docs/security.md.
 *
 * - `identifier:<hash of what was typed>`: wrong passwords per identifier as typed (username, ID
 *   number, phone, USCC), for a known account and an unknown one alike. maxFailures (5) lock it for
 *   lockMinutes (15); a right password meanwhile is refused too. Keyed by what was typed, never by
 *   the account, so locking one identifier shows nothing about the account's other identifiers.
 * - `account:<id>`: consecutive wrong passwords of the account, by any identifier. At
 *   maxConsecutiveFailures (100) the password stops working until the owner lifts it; only a right
 *   password is told so (auth.locked_until_reset), so strangers cannot see it or link by it.
 * - `sms:<phone hash>`: wrong SMS login codes per number typed, known or not: the same 5 → 15 min,
 *   and at 100 in a row locked until lifted.
 *
 * The owner always has a way in: a password reset (忘记密码, 单位找回密码) lifts every lock of the
 * account (`liftLocks`), an SMS login lifts its password locks, and a password login lifts the SMS
 * lock of its verified phone. A lock runs out on its own except the 100-failure one.
 */
import { sql, type RawBuilder } from 'kysely';
import { HASH_KIND } from '../accounts/accounts.js';
import { addMinutes, type AppContext } from '../context.js';
import type { DB } from '../store/db.js';

/** A lock that only the owner's reset or other sign-in lifts. */
export const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

export const identifierGuardKey = (ctx: AppContext, identifier: string) => `identifier:${ctx.vault.lookupHash(HASH_KIND.identifier, identifier.trim().toLowerCase())}`;
export const accountGuardKey = (accountId: string) => `account:${accountId}`;
export const smsGuardKey = (ctx: AppContext, phone: string) => `sms:${ctx.vault.lookupHash(HASH_KIND.phone, phone)}`;

/** Which locks a guard row takes: `timed` after maxFailures, `lifted` (until lifted) after maxConsecutiveFailures in a row. */
export type GuardLocks = { timed: boolean; lifted: boolean };
export const IDENTIFIER_LOCKS: GuardLocks = { timed: true, lifted: false };
export const ACCOUNT_LOCKS: GuardLocks = { timed: false, lifted: true };
export const SMS_LOCKS: GuardLocks = { timed: true, lifted: true };

/**
 * The CTE (named `name`) that counts one failure for `key` (none when null) and returns the row's
 * `locked_until`: a timed lock at maxFailures (the count then starts again), a lock until lifted
 * at maxConsecutiveFailures in a row, as `locks` says.
 */
export function countFailureCte(ctx: AppContext, name: string, key: string | null, locks: GuardLocks): RawBuilder<unknown> {
  const now = ctx.clock.now();
  const { maxFailures, lockMinutes, maxConsecutiveFailures } = ctx.config.lockout;
  const never = 2 ** 31 - 1;
  const timed = locks.timed ? maxFailures : never;
  const lifted = locks.lifted ? maxConsecutiveFailures : never;
  const until = addMinutes(now, lockMinutes);
  return sql`${sql.id(name)} as (
    insert into login_guards (key, failures, consecutive_failures, locked_until, updated_at)
    select ${key}::text, case when 1 >= ${timed}::int then 0 else 1 end, 1,
      case when 1 >= ${lifted}::int then ${FAR_FUTURE}::timestamptz when 1 >= ${timed}::int then ${until}::timestamptz end, ${now}::timestamptz
    where ${key}::text is not null
    on conflict (key) do update set
      failures = case when login_guards.failures + 1 >= ${timed}::int then 0 else login_guards.failures + 1 end,
      consecutive_failures = login_guards.consecutive_failures + 1,
      locked_until = case
        when login_guards.consecutive_failures + 1 >= ${lifted}::int then ${FAR_FUTURE}::timestamptz
        when login_guards.failures + 1 >= ${timed}::int then greatest(${until}::timestamptz, login_guards.locked_until)
        else login_guards.locked_until end,
      updated_at = ${now}::timestamptz
    returning locked_until)`;
}

/** Whether a lock read from a guard row is in force now. */
export const lockedNow = (ctx: AppContext, until: Date | string | null | undefined) => !!until && new Date(until) > ctx.clock.now();

/** Whether a lock lasts until lifted (the 100-failure one) rather than a timed one. */
export const untilLifted = (until: Date | string | null | undefined) => !!until && new Date(until).getTime() >= FAR_FUTURE.getTime();

/** What an account's guard keys are made of (accounts, persons and orgs columns). */
export interface GuardedIdentifiers {
  username: string;
  id_number_enc: string | null;
  phone_enc: string | null;
  phone_verified_at: Date | string | null;
  uscc: string | null;
}

/**
 * Every guard key of an account: its own row, each identifier it can be typed by (username, ID
 * number, phone; an org's username and USCC), and its verified phone's SMS login.
 */
export async function guardKeysOf(ctx: AppContext, accountId: string, db: DB = ctx.db): Promise<string[]> {
  const row = await db
    .selectFrom('accounts')
    .leftJoin('persons', 'persons.account_id', 'accounts.id')
    .leftJoin('orgs', 'orgs.account_id', 'accounts.id')
    .select(['accounts.username', 'persons.id_number_enc', 'persons.phone_enc', 'persons.phone_verified_at', 'orgs.uscc'])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  return guardKeysFrom(ctx, accountId, row);
}

/** guardKeysOf for a row a caller read anyway (an SMS login's lookup): no statement of its own. */
export function guardKeysFrom(ctx: AppContext, accountId: string, row: GuardedIdentifiers | undefined): string[] {
  const keys = [accountGuardKey(accountId)];
  if (!row) return keys;
  const phone = row.phone_enc ? ctx.vault.decrypt(row.phone_enc) : null;
  for (const typed of [row.username, row.id_number_enc ? ctx.vault.decrypt(row.id_number_enc) : null, phone, row.uscc]) {
    if (typed) keys.push(identifierGuardKey(ctx, typed));
  }
  if (phone && row.phone_verified_at) keys.push(smsGuardKey(ctx, phone));
  return keys;
}

/** Lifts every lock of the account (a password reset: the owner proved themselves another way). */
export async function liftLocks(ctx: AppContext, accountId: string, db: DB = ctx.db, opts: { keep?: (key: string) => boolean } = {}): Promise<void> {
  const keys = (await guardKeysOf(ctx, accountId, db)).filter((k) => !opts.keep?.(k));
  await db.deleteFrom('login_guards').where('key', 'in', keys).execute();
}
