/** Append-only audit log and login history. No passwords, codes or full ID numbers go in. */
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

export async function audit(db: DB, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      event: entry.event,
      result: entry.result,
      ip: entry.ip ?? null,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
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

export async function recordLogin(db: DB, e: LoginEvent): Promise<void> {
  await db
    .insertInto('login_events')
    .values({
      account_id: e.accountId,
      at: e.at,
      ip: e.ip,
      user_agent: e.userAgent?.slice(0, 512) ?? null,
      method: e.method,
      result: e.result,
      reason: e.reason ?? null,
    })
    .execute();
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

/** A login attempt goes to both logs in one round trip. */
export async function recordLoginAttempt(db: DB, e: LoginEvent, a: AuditEntry): Promise<void> {
  await db
    .with('history', (q) =>
      q.insertInto('login_events').values({
        account_id: e.accountId,
        at: e.at,
        ip: e.ip,
        user_agent: e.userAgent?.slice(0, 512) ?? null,
        method: e.method,
        result: e.result,
        reason: e.reason ?? null,
      }),
    )
    .insertInto('audit_log')
    .values({
      at: a.at,
      actor: a.actor,
      event: a.event,
      result: a.result,
      ip: a.ip ?? null,
      subject: a.subject ?? null,
      detail: JSON.stringify(a.detail ?? {}),
    })
    .execute();
}
