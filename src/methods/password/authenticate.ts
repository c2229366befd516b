/**
 * Password authentication with throttling (../../security/login-guards.ts, docs/security.md).
 * Unknown accounts and wrong passwords get one answer in similar time (a dummy hash is verified).
 * Wrong passwords are counted per identifier as typed, for a known and an unknown one alike:
 * maxFailures lock that identifier for lockMinutes (a right password meanwhile is refused too),
 * and nothing about the account's other identifiers. They are also counted per account: after 100
 * in a row the password stops working until the owner lifts it (password reset or SMS login);
 * only someone who types the right password is told so.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  accountSummary,
  findByOtherIdentifier,
  normaliseUsername,
  toAccountSummary,
  type AccountSummary,
  type EvidenceRow,
  type LoginCandidate,
} from '../../accounts/accounts.js';
import { loginAttemptCtes, recordLoginAttempt } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { ACCOUNT_LOCKS, accountGuardKey, countFailureCte, IDENTIFIER_LOCKS, identifierGuardKey, lockedNow, untilLifted } from '../../security/login-guards.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The lockout answer: auth.locked, saying how many minutes a lock lasts (SHENFEN_LOCKOUT_MINUTES);
 * a lock that lasts until lifted cannot say "try again in N minutes": it sends the person to
 * 忘记密码 or 短信验证码登录, which lift it.
 */
export const lockedError = (ctx: AppContext, until?: Date | string | null): AppError =>
  untilLifted(until) ? new AppError('auth.locked_until_reset') : AppError.with('auth.locked', { minutes: ctx.config.lockout.lockMinutes });

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
 * guard) as CTEs that its one statement MUST include (e.g. signIn's `with`), or hand on to the
 * statement that will (a sign-in's Pass.record, written by the completion point). Refusals are
 * recorded here as always.
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
  const identifierKey = identifierGuardKey(ctx, identifier);
  const identifierHash = identifierKey.slice('identifier:'.length);
  const { candidate, identifierGuard, accountGuard, summary } = await lookUp(ctx, identifier, identifierKey, kind);
  const accountId = candidate?.id ?? null;
  const event = { actor: accountId ?? 'anonymous', ip: client.ip, subject: identifierHash, detail: { method } };
  const refuseLocked = async (until: Date | null, reason: string) => {
    await recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method, result: 'locked', reason },
      { at: now, event: 'login.password', result: 'failure', ...event, detail: { method, reason } },
    );
    throw lockedError(ctx, until);
  };

  // The identifier typed is throttled: the same for every identifier, whoever it names.
  if (lockedNow(ctx, identifierGuard?.locked_until)) await refuseLocked(identifierGuard!.locked_until, 'locked');

  const ok = await ctx.passwords.verify(candidate?.passwordHash ?? null, password);
  const usable = ok && candidate?.status === 'active';
  // The account's lock after 100 wrong passwords in a row is told only to whoever knows the password.
  if (usable && lockedNow(ctx, accountGuard?.locked_until)) await refuseLocked(accountGuard!.locked_until, 'locked_until_lifted');
  if (usable) {
    const account = summary ? summary() : await accountSummary(ctx, candidate.id);
    // History, audit and clearing the guards (and the SMS lock of the account's phone) go in the caller's statement.
    const record = loginAttemptCtes(
      { accountId, at: now, ...client, method, result: 'success' },
      { at: now, event: 'login.password', result: 'success', ...event },
      { unlock: { keys: [identifierKey, accountGuardKey(candidate.id)], smsOf: candidate.id } },
    );
    return { account, result: await succeed(account, record) };
  }

  // Counted with the attempt's record in one statement, atomically, so parallel guesses cannot slip past the limit.
  const reason = !candidate ? 'unknown_account' : ok ? `account_${candidate.status}` : 'wrong_password';
  const record = loginAttemptCtes(
    { accountId, at: now, ...client, method, result: 'failure', reason },
    { at: now, event: 'login.password', result: 'failure', ...event, detail: { method, reason } },
  );
  const counted = await sql<{ locked_until: Date | null }>`
    with ${record}, ${countFailureCte(ctx, 'typed', identifierKey, IDENTIFIER_LOCKS)}, ${countFailureCte(ctx, 'account', accountId && accountGuardKey(accountId), ACCOUNT_LOCKS)}
    select (select locked_until from typed) as locked_until`.execute(ctx.db);
  const lockedUntil = counted.rows[0]?.locked_until ?? null;
  throw lockedNow(ctx, lockedUntil) ? lockedError(ctx, lockedUntil) : new AppError('auth.invalid_credentials');
}

interface Guard {
  locked_until: Date | null;
}

interface Found {
  candidate: LoginCandidate | undefined;
  /** The guard of the identifier as typed (`identifier:`), whoever it names. */
  identifierGuard: Guard | undefined;
  /** The account's own guard (`account:`): consecutive failures by any identifier. */
  accountGuard: Guard | undefined;
  summary?: () => AccountSummary;
}

/**
 * The account an identifier names with its login guards. A username (the usual case) takes one
 * query that also brings the account's summary (evidence rows as JSON), so a correct password
 * needs no further read. The same query brings the guard of the identifier as typed; an ID
 * number, phone or USCC takes findByIdentifier's further queries, and one for the guard of the
 * account they find.
 */
async function lookUp(ctx: AppContext, identifier: string, identifierKey: string, kind: 'person' | 'org'): Promise<Found> {
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
    left join login_guards gi on gi.key = ${identifierKey}`.execute(ctx.db);
  const row = res.rows[0]!;
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  const identifierGuard = row.identifier_guarded ? { locked_until: date(row.identifier_locked_until) } : undefined;
  if (row.id) {
    const id = row.id;
    return {
      candidate: { id, status: row.status, passwordHash: row.hash },
      identifierGuard,
      accountGuard: row.guarded ? { locked_until: date(row.locked_until) } : undefined,
      summary: () =>
        toAccountSummary(
          ctx,
          { ...row, id },
          row.evidence.map((e) => ({ level: e.level, result: e.result, expires_at: date(e.expires_at), revoked_at: date(e.revoked_at) })),
        ),
    };
  }
  const candidate = await findByOtherIdentifier(ctx, identifier, kind);
  if (!candidate) return { candidate, identifierGuard, accountGuard: undefined };
  const accountGuard = await ctx.db.selectFrom('login_guards').select('locked_until').where('key', '=', accountGuardKey(candidate.id)).executeTakeFirst();
  return { candidate, identifierGuard, accountGuard };
}
