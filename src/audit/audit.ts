/** Append-only audit log and login history. No passwords, codes or full ID numbers go in. */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../store/db.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  event: string;
  result: 'success' | 'failure';
  ip?: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

export interface LoginEvent {
  accountId: string | null;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  method: string;
  result: 'success' | 'failure' | 'locked';
  reason?: string;
}

const auditRow = (a: AuditEntry) => ({
  at: a.at,
  actor: a.actor,
  event: a.event,
  result: a.result,
  ip: a.ip ?? null,
  subject: a.subject ?? null,
  detail: JSON.stringify(a.detail ?? {}),
});

const loginRow = (e: LoginEvent) => ({
  account_id: e.accountId,
  at: e.at,
  ip: e.ip,
  user_agent: e.userAgent?.slice(0, 512) ?? null,
  method: e.method,
  result: e.result,
  reason: e.reason ?? null,
});

export async function audit(db: DB, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(entry)).execute();
}

/** A login attempt goes to the login history and the audit log in one round trip. */
export async function recordLoginAttempt(db: DB, e: LoginEvent, a: AuditEntry): Promise<void> {
  await db
    .with('history', (q) => q.insertInto('login_events').values(loginRow(e)))
    .insertInto('audit_log')
    .values(auditRow(a))
    .execute();
}

/**
 * A login attempt's rows as CTEs — `history`, `audit`, and with `unlock` `unlocked` — for one
 * statement that does more in the same round trip (`with ${ctes}, … insert …`). `unlock` deletes
 * those login guards, and with `smsOf` the SMS-login guard of that account's verified phone
 * (src/security/login-guards.ts: `sms:` + the phone's lookup hash, as persons.phone_hash holds it).
 * With `after`, the name of an earlier CTE of the statement, nothing is written unless that CTE
 * returned a row (a sign-in that uses its pass up in the same statement: 扫码登录's ticket).
 */
export function loginAttemptCtes(e: LoginEvent, a: AuditEntry, opts: { unlock?: { keys: string[]; smsOf?: string }; after?: string } = {}): RawBuilder<unknown> {
  const h = loginRow(e);
  const r = auditRow(a);
  const u = opts.unlock;
  // `values` when unconditional (as it always was); `select … where exists` when it waits for `after`.
  const rows = (list: RawBuilder<unknown>) => (opts.after ? sql`select ${list} where exists (select 1 from ${sql.id(opts.after)})` : sql`values (${list})`);
  const waits = opts.after ? sql` and exists (select 1 from ${sql.id(opts.after)})` : sql``;
  return sql`history as (
      insert into login_events (account_id, at, ip, user_agent, method, result, reason)
      ${rows(sql`${h.account_id}::uuid, ${h.at}::timestamptz, ${h.ip}::text, ${h.user_agent}::text, ${h.method}, ${h.result}, ${h.reason}::text`)}),
    audit as (
      insert into audit_log (at, actor, event, result, ip, subject, detail)
      ${rows(sql`${r.at}::timestamptz, ${r.actor}, ${r.event}, ${r.result}, ${r.ip}::text, ${r.subject}::text, ${r.detail}::jsonb`)})${
      u
        ? sql`,
    unlocked as (delete from login_guards where (key in (${sql.join(u.keys)})${
          u.smsOf ? sql` or key = (select 'sms:' || p.phone_hash from persons p where p.account_id = ${u.smsOf}::uuid and p.phone_verified_at is not null)` : sql``
        })${waits})`
        : sql``
    }`;
}

export async function loginHistory(db: DB, accountId: string, limit: number) {
  return db
    .selectFrom('login_events')
    .select(['at', 'ip', 'user_agent', 'method', 'result'])
    .where('account_id', '=', accountId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
