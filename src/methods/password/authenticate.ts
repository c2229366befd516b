/**
 * Password authentication with lockout. Unknown accounts and wrong passwords get one answer in
 * similar time (a dummy hash is verified); failures are counted per account, or per identifier
 * when no account matches, so a lock looks the same either way and reveals nothing.
 * After `maxFailures` the key is locked for `lockMinutes`; a correct password is refused meanwhile.
 * After 100 consecutive failures (NIST SP 800-63B) the lock stays until the password is reset.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  accountSummary,
  findByOtherIdentifier,
  HASH_KIND,
  normaliseUsername,
  toAccountSummary,
  type AccountSummary,
  type EvidenceRow,
  type LoginCandidate,
} from '../../accounts/accounts.js';
import { loginAttemptCtes, recordLoginAttempt } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** auth.locked, saying how many minutes a lock lasts (SHENFEN_LOCKOUT_MINUTES). */
/**
 * The lockout answer. A lock longer than the timed one (after maxConsecutiveFailures wrong
 * passwords in a row, without end) cannot say "try again in N minutes": it sends the person to
 * 忘记密码, whose reset lifts it.
 */
export const lockedError = (ctx: AppContext, until?: Date | null): AppError =>
  until && until.getTime() - ctx.clock.now().getTime() > (ctx.config.lockout.lockMinutes + 1) * 60_000
    ? new AppError('auth.locked_until_reset')
    : AppError.with('auth.locked', { minutes: ctx.config.lockout.lockMinutes });

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

/**
 * Why the password is checked, as login history and the audit log record it: a sign-in
 * (`password`), or 密码修改 from the login page (`password_change`), which starts no session.
 */
export type PasswordCheck = 'password' | 'password_change';

export async function authenticatePassword(
  ctx: AppContext,
  identifier: string,
  password: string,
  client: ClientInfo,
  kind: 'person' | 'org' = 'person',
  method: PasswordCheck = 'password',
): Promise<AccountSummary> {
  const { account } = await authenticatePasswordThen(
    ctx,
    identifier,
    password,
    client,
    kind,
    async (_account, record) => {
      await sql`with ${record} select 1`.execute(ctx.db);
    },
    method,
  );
  return account;
}

/**
 * authenticatePassword, with what follows a correct password done in the same round trip as its
 * record: `succeed` gets the account and the success record (login history, audit, clearing the
 * guard) as CTEs that its one statement MUST include (e.g. signIn's `with`). Refusals are recorded
 * here as always.
 */
export async function authenticatePasswordThen<T>(
  ctx: AppContext,
  identifier: string,
  password: string,
  client: ClientInfo,
  kind: 'person' | 'org',
  succeed: (account: AccountSummary, record: RawBuilder<unknown>) => Promise<T>,
  method: PasswordCheck = 'password',
): Promise<{ account: AccountSummary; result: T }> {
  const now = ctx.clock.now();
  const identifierHash = ctx.vault.lookupHash(HASH_KIND.identifier, identifier.trim().toLowerCase());
  const { candidate, guard, summary } = await lookUp(ctx, identifier, identifierHash, kind);
  const guardKey = candidate ? `account:${candidate.id}` : `identifier:${identifierHash}`;
  const accountId = candidate?.id ?? null;
  const event = { actor: accountId ?? 'anonymous', ip: client.ip, subject: identifierHash, detail: { method } };

  if (guard?.locked_until && guard.locked_until > now) {
    await recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method, result: 'locked', reason: 'locked' },
      { at: now, event: 'login.password', result: 'failure', ...event, detail: { method, reason: 'locked' } },
    );
    throw lockedError(ctx, guard.locked_until);
  }

  const ok = await ctx.passwords.verify(candidate?.passwordHash ?? null, password);
  const usable = ok && candidate?.status === 'active';
  if (usable) {
    const account = summary ? summary() : await accountSummary(ctx, candidate.id);
    // History, audit and clearing the guard go in the caller's statement.
    const record = loginAttemptCtes(
      { accountId, at: now, ...client, method, result: 'success' },
      { at: now, event: 'login.password', result: 'success', ...event },
      guard ? { clearGuard: guardKey } : {},
    );
    return { account, result: await succeed(account, record) };
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
    { accountId, at: now, ...client, method, result: 'failure', reason },
    { at: now, event: 'login.password', result: 'failure', ...event, detail: { method, reason } },
  );
  throw lockedUntil ? lockedError(ctx, lockedUntil) : new AppError('auth.invalid_credentials');
}

interface Guard {
  locked_until: Date | null;
}

/**
 * The account an identifier names with its login guard. A username (the usual case) takes one
 * query that also brings the account's summary (evidence rows as JSON), so a correct password
 * needs no further read. The same query brings the guard of the identifier as typed, which is the
 * one that counts when no account matches; an ID number, phone or USCC takes findByIdentifier's
 * further queries, and one for the guard of the account they find.
 */
async function lookUp(
  ctx: AppContext,
  identifier: string,
  identifierHash: string,
  kind: 'person' | 'org',
): Promise<{ candidate: LoginCandidate | undefined; guard: Guard | undefined; summary?: () => AccountSummary }> {
  const res = await sql<{
    id: string | null;
    kind: 'person' | 'org';
    username: string;
    display_name: string;
    status: LoginCandidate['status'];
    hash: string | null;
    guarded: boolean;
    locked_until: Date | null;
    identifier_guarded: boolean;
    identifier_locked_until: Date | null;
    evidence: { level: EvidenceRow['level']; result: EvidenceRow['result']; expires_at: string | null; revoked_at: string | null }[];
  }>`
    select a.id, a.kind, a.username, a.display_name, a.status, pc.hash, g.key is not null as guarded, g.locked_until,
      gi.key is not null as identifier_guarded, gi.locked_until as identifier_locked_until,
      coalesce((select json_agg(json_build_object('level', e.level, 'result', e.result, 'expires_at', e.expires_at, 'revoked_at', e.revoked_at))
        from evidence e where e.account_id = a.id), '[]'::json) as evidence
    from (select 1) one
    left join accounts a on a.username_norm = ${normaliseUsername(identifier)} and a.kind = ${kind}
    left join password_credentials pc on pc.account_id = a.id
    left join login_guards g on g.key = 'account:' || a.id::text
    left join login_guards gi on gi.key = ${`identifier:${identifierHash}`}`.execute(ctx.db);
  const row = res.rows[0]!;
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  if (row.id) {
    const id = row.id;
    return {
      candidate: { id, status: row.status, passwordHash: row.hash },
      guard: row.guarded ? { locked_until: date(row.locked_until) } : undefined,
      summary: () =>
        toAccountSummary(
          ctx,
          { ...row, id },
          row.evidence.map((e) => ({ level: e.level, result: e.result, expires_at: date(e.expires_at), revoked_at: date(e.revoked_at) })),
        ),
    };
  }
  const candidate = await findByOtherIdentifier(ctx, identifier, kind);
  if (!candidate) return { candidate, guard: row.identifier_guarded ? { locked_until: date(row.identifier_locked_until) } : undefined };
  const guard = await ctx.db.selectFrom('login_guards').select('locked_until').where('key', '=', `account:${candidate.id}`).executeTakeFirst();
  return { candidate, guard };
}
