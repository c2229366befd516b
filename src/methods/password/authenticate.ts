/**
 * Password authentication with lockout. Unknown accounts and wrong passwords get one answer in
 * similar time (a dummy hash is verified); failures are counted per account, or per identifier
 * when no account matches, so a lock looks the same either way and reveals nothing.
 * After `maxFailures` the key is locked for `lockMinutes`; a correct password is refused meanwhile.
 * After 100 consecutive failures (NIST SP 800-63B) the lock stays until the password is reset.
 */
import { sql } from 'kysely';
import { accountSummary, findByIdentifier, HASH_KIND, type AccountSummary } from '../../accounts/accounts.js';
import { recordLoginAttempt } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

export async function authenticatePassword(
  ctx: AppContext,
  identifier: string,
  password: string,
  client: ClientInfo,
  kind: 'person' | 'org' = 'person',
): Promise<AccountSummary> {
  const now = ctx.clock.now();
  const candidate = await findByIdentifier(ctx, identifier, kind);
  const identifierHash = ctx.vault.lookupHash(HASH_KIND.identifier, identifier.trim().toLowerCase());
  const guardKey = candidate ? `account:${candidate.id}` : `identifier:${identifierHash}`;
  const accountId = candidate?.id ?? null;
  const event = { actor: accountId ?? 'anonymous', ip: client.ip, subject: identifierHash, detail: { method: 'password' } };

  const guard = await ctx.db.selectFrom('login_guards').selectAll().where('key', '=', guardKey).executeTakeFirst();
  if (guard?.locked_until && guard.locked_until > now) {
    await recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method: 'password', result: 'locked', reason: 'locked' },
      { at: now, event: 'login.password', result: 'failure', ...event, detail: { method: 'password', reason: 'locked' } },
    );
    throw new AppError('auth.locked');
  }

  const ok = await ctx.passwords.verify(candidate?.passwordHash ?? null, password);
  const usable = ok && candidate?.status === 'active';
  if (usable) {
    if (guard) await ctx.db.deleteFrom('login_guards').where('key', '=', guardKey).execute();
    await recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method: 'password', result: 'success' },
      { at: now, event: 'login.password', result: 'success', ...event },
    );
    return accountSummary(ctx, candidate.id);
  }

  // Counted atomically, so parallel guesses cannot slip past the limit.
  const { maxFailures, lockMinutes, maxConsecutiveFailures } = ctx.config.lockout;
  const counts = await ctx.db
    .insertInto('login_guards')
    .values({ key: guardKey, failures: 1, consecutive_failures: 1, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`login_guards.failures + 1`,
        consecutive_failures: sql`login_guards.consecutive_failures + 1`,
        updated_at: now,
      }),
    )
    .returning(['failures', 'consecutive_failures'])
    .executeTakeFirstOrThrow();
  const lockedUntil =
    counts.consecutive_failures >= maxConsecutiveFailures
      ? FAR_FUTURE
      : counts.failures >= maxFailures
        ? addMinutes(now, lockMinutes)
        : null;
  if (lockedUntil) {
    await ctx.db.updateTable('login_guards').set({ failures: 0, locked_until: lockedUntil }).where('key', '=', guardKey).execute();
  }
  const reason = !candidate ? 'unknown_account' : ok ? `account_${candidate.status}` : 'wrong_password';
  await recordLoginAttempt(
    ctx.db,
    { accountId, at: now, ...client, method: 'password', result: 'failure', reason },
    { at: now, event: 'login.password', result: 'failure', ...event, detail: { method: 'password', reason } },
  );
  throw new AppError(lockedUntil ? 'auth.locked' : 'auth.invalid_credentials');
}
