/**
 * SMS-code login (seed 002 §2.2 短信登录): a code to the phone, then the code signs in the one
 * active account whose verified phone it is. Asking for a code answers the same whether or not
 * the number belongs to an account (the code is made and counted, but sent only to a known one).
 * Wrong codes are counted per number typed across flows (the login_guards row `sms:<phone hash>`,
 * ../../security/login-guards.ts), known or not: 5 failures lock SMS login for that number for
 * SHENFEN_LOCKOUT_MINUTES (15), on top of the 5 tries per code; 100 in a row lock it until the
 * owner signs in by password or resets it. A sign-in here lifts the account's password locks.
 *
 * The code check is its own statement (it uses the code up); what a right code leads to — the
 * lifted locks, history, audit, the flow step and the session — is the completion's one statement.
 */
import { sql, type RawBuilder } from 'kysely';
import { findByVerifiedPhone, HASH_KIND, toAccountSummary, type AccountSummary, type EvidenceRow } from '../../accounts/accounts.js';
import { recordLoginAttempt } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../../flows/sms-code.js';
import { AppError } from '../../shared/app-error.js';
import { countFailureCte, guardKeysFrom, lockedNow, SMS_LOCKS, smsGuardKey } from '../../security/login-guards.js';
import { signInRecord } from '../complete-sign-in.js';
import { lockedError, type ClientInfo } from '../password/authenticate.js';

export const SMS_LOGIN_PURPOSE = 'login';

/** Sends a login code if the number is an active account's verified phone; the answer never says which. */
export async function sendLoginCode(ctx: AppContext, flowId: string, phone: string, ip: string): Promise<SentCode> {
  const candidate = await findByVerifiedPhone(ctx, phone);
  return sendSmsCode(ctx, { purpose: SMS_LOGIN_PURPOSE, flowId, phone, ip, deliver: candidate?.status === 'active' });
}

/**
 * Checks the code and returns the account to sign in with its success record (history, audit, the
 * number's SMS lock and the account's password locks lifted) as CTEs the caller's one statement
 * MUST include; throws otp.* or auth.locked*, refusals recorded here.
 */
export async function authenticateSms(
  ctx: AppContext,
  flowId: string,
  phone: string,
  code: string,
  client: ClientInfo,
): Promise<{ account: AccountSummary; record: RawBuilder<unknown> }> {
  const now = ctx.clock.now();
  const key = smsGuardKey(ctx, phone);
  const { candidate, lockedUntil: guardLockedUntil } = await lookUp(ctx, phone, key);
  const accountId = candidate?.id ?? null;
  const subject = ctx.vault.lookupHash(HASH_KIND.identifier, phone);
  const record = (result: 'failure' | 'locked', reason: string) =>
    recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method: 'sms', result, reason },
      { at: now, event: 'login.sms', result: 'failure', actor: accountId ?? 'anonymous', ip: client.ip, subject, detail: { method: 'sms', reason } },
    );

  if (lockedNow(ctx, guardLockedUntil)) {
    await record('locked', 'locked');
    throw lockedError(ctx, guardLockedUntil);
  }
  try {
    await checkSmsCode(ctx, { purpose: SMS_LOGIN_PURPOSE, flowId, phone, code });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const counted = await sql<{ locked_until: Date | null }>`with ${countFailureCte(ctx, 'counted', key, SMS_LOCKS)} select locked_until from counted`.execute(ctx.db);
    const lockedUntil = counted.rows[0]?.locked_until ?? null;
    const locked = lockedNow(ctx, lockedUntil);
    await record(locked ? 'locked' : 'failure', err.code);
    throw locked ? lockedError(ctx, lockedUntil) : err;
  }
  // A right code for a number with no usable account cannot happen (none was sent) unless guessed.
  if (!candidate || candidate.status !== 'active') {
    await record('failure', candidate ? `account_${candidate.status}` : 'unknown_account');
    throw new AppError('otp.invalid');
  }
  // The owner's phone proved: every lock of the account (its password locks, this number's SMS lock) is lifted with the record.
  return {
    account: candidate.summary,
    record: signInRecord(ctx, { method: 'sms', accountId: candidate.id, client, subject, unlock: { keys: candidate.guardKeys } }),
  };
}

interface Candidate {
  id: string;
  status: string;
  summary: AccountSummary;
  /** Every guard key of the account (guardKeysOf), from the same row. */
  guardKeys: string[];
}

/**
 * In one query: the number's SMS guard, and the one account whose verified phone it is (as
 * findByVerifiedPhone: none when two claim it) with what its sign-in needs — its summary (evidence
 * as JSON) and the identifiers its guard keys are made of.
 */
async function lookUp(ctx: AppContext, phone: string, key: string): Promise<{ candidate: Candidate | undefined; lockedUntil: Date | null }> {
  const typed = phone.trim();
  const res = await sql<{
    locked_until: Date | null;
    id: string | null;
    kind: 'person' | 'org';
    username: string;
    display_name: string;
    status: string;
    id_number_enc: string | null;
    phone_enc: string | null;
    phone_verified_at: Date | null;
    evidence: { level: EvidenceRow['level']; result: EvidenceRow['result']; expires_at: string | null; revoked_at: string | null }[];
  }>`
    select g.locked_until, c.*
    from (select 1) one
    left join login_guards g on g.key = ${key}
    left join lateral (
      select a.id, a.kind, a.username, a.display_name, a.status, p.id_number_enc, p.phone_enc, p.phone_verified_at,
        coalesce((select json_agg(json_build_object('level', e.level, 'result', e.result, 'expires_at', e.expires_at, 'revoked_at', e.revoked_at))
          from evidence e where e.account_id = a.id), '[]'::json) as evidence
      from persons p join accounts a on a.id = p.account_id
      where p.phone_hash = ${ctx.vault.lookupHash(HASH_KIND.phone, typed)} and p.phone_verified_at is not null and ${/^1[3-9]\d{9}$/.test(typed)}::boolean
      limit 2) c on true`.execute(ctx.db);
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  const lockedUntil = date(res.rows[0]?.locked_until ?? null);
  const row = res.rows.length === 1 ? res.rows[0] : undefined;
  if (!row?.id) return { candidate: undefined, lockedUntil };
  const id = row.id;
  const summary = toAccountSummary(
    ctx,
    { ...row, id },
    row.evidence.map((e) => ({ level: e.level, result: e.result, expires_at: date(e.expires_at), revoked_at: date(e.revoked_at) })),
  );
  return { candidate: { id, status: row.status, summary, guardKeys: guardKeysFrom(ctx, id, { ...row, uscc: null }) }, lockedUntil };
}
