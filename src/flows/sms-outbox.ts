/**
 * The SMS outbox (docs/sms.md "Delivery"): every message is a row in `sms_outbox` before it is sent,
 * so a node that stops loses nothing, a failed send is retried, and every failure is audited and
 * counted.
 *
 * - A request writes the row before it answers — for a code in the statement that makes the code
 *   (`issueCode`'s `message`), so it costs no round trip — already claimed by this node, and `kick`
 *   calls the gateway at once (ctx.background: the app waits for it on close; the console gateway has
 *   the message before the answer leaves, as tests and the dev outbox expect).
 * - Any node sends what is due: `sendDueSms` (housekeeping, every minute) claims rows with
 *   `FOR UPDATE SKIP LOCKED`, so two nodes never take the same row. A claim is a lease
 *   (`CLAIM_SECONDS`): a row a stopped node was sending is due again after it. Delivery is therefore
 *   at least once: a node that stops between the vendor's acceptance and the row's update sends
 *   that message again.
 * - A retryable failure waits (BACKOFF_SECONDS) and is tried again; a permanent one, the
 *   `MAX_ATTEMPTS`th, or a code that would be past its expiry by the next try is given up. A code is
 *   never sent after it expired.
 * - A code's variables and the number are sealed with the data key (ctx.vault) and erased once the
 *   message is sent or given up; the masked number stays for support, `OUTBOX_KEEP_DAYS`.
 * - Counts per day (China Standard Time) and template go to `sms_send_counts` (sent, failed
 *   attempts, given up) in the statement that finishes the row; each failed attempt is also an
 *   audit row (`sms.send`, failure), as before the outbox.
 *
 * A code whose sending a flow decides later (the account's phone past its cap, 银联认证找回 after the
 * bank check) is written `held` with the code, and released (sent) or dropped; a held row nobody
 * released is deleted once its code expired.
 */
import { sql, type Insertable, type Updateable } from 'kysely';
import { audit } from '../audit/audit.js';
import { failure, type SmsResult, type SmsTemplate } from '../connectors/sms/gateway.js';
import { addMinutes, type AppContext } from '../context.js';
import { maskPhone } from '../domain/mask.js';
import type { SmsOutboxTable } from '../store/schema.js';

/** How long a claim lasts: far above a vendor's timeout (5 s), so only a stopped node's rows come due again. */
export const CLAIM_SECONDS = 120;
/** Tries per message. */
export const MAX_ATTEMPTS = 5;
/** The wait after the 1st, 2nd, … failed try (the last for any later one). */
export const BACKOFF_SECONDS: readonly number[] = [15, 60, 300, 900];
/** Sent and given-up rows (masked number, times, last error) are kept this long; `sms_send_counts` stays. */
export const OUTBOX_KEEP_DAYS = 7;
/** Rows one claim takes (sent side by side), and claims per sweep; the rest wait for the next sweep. */
const SWEEP_BATCH = 20;
const SWEEP_ROUNDS = 10;

export interface OutgoingSms {
  template: SmsTemplate;
  /** The template variables (a code's: `{ code }`). */
  params: Record<string, string>;
  /** The number; null when there is none (a held code whose flow found no number: never sent). */
  phone: string | null;
  /** What it is for: the code's purpose (`login`, `recovery`, …) or the notice's template. */
  purpose: string;
  /** Who asked, for the audit row of a failure. */
  ip: string | null;
  /** A code's expiry: it is not sent after it. */
  expiresAt?: Date | null;
}

/** A row and what the node that wrote or claimed it needs to send it, plaintext in memory only. */
export interface Queued {
  id: string;
  /** The claim's lease end: the row is finished only while it still carries it (no other node took it over). */
  lease: Date;
  /** Which try this is. */
  attempt: number;
  msg: OutgoingSms;
}

const leaseEnd = (now: Date): Date => new Date(now.getTime() + CLAIM_SECONDS * 1000);

/** `2026-12-07`: the day in China Standard Time (UTC+8), as the counts are kept. */
export const cstDay = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The row for a message and its handle: `pending` is claimed by the writer (send it with `kick` once
 * the row is stored), `held` waits for `releaseHeld` or `dropHeld`.
 */
export function outboxRow(ctx: AppContext, id: string, msg: OutgoingSms, status: 'pending' | 'held'): { row: Insertable<SmsOutboxTable>; queued: Queued } {
  const now = ctx.clock.now();
  const lease = leaseEnd(now);
  const row: Insertable<SmsOutboxTable> = {
    id,
    template: msg.template,
    purpose: msg.purpose,
    params_enc: ctx.vault.encrypt(JSON.stringify(msg.params)),
    destination_enc: msg.phone === null ? null : ctx.vault.encrypt(msg.phone),
    destination_masked: msg.phone === null ? null : maskPhone(msg.phone),
    ip: msg.ip,
    status,
    attempts: 0,
    next_attempt_at: status === 'pending' ? lease : now,
    expires_at: msg.expiresAt ?? null,
    last_error: null,
    created_at: now,
    sent_at: null,
    given_up_at: null,
  };
  return { row, queued: { id, lease, attempt: 1, msg } };
}

/**
 * Sends a row this node holds the claim of, without waiting: the gateway is called before this
 * returns (the console gateway stores the message at once), the row finished after.
 */
export function kick(ctx: AppContext, q: Queued): void {
  ctx.background.run(
    async () => {
      await attempt(ctx, q);
    },
    // The row could not be finished (the store closing under a stopping node): it stays claimed
    // until its lease ends, then a sweep sends it again.
    async () => {},
  );
}

/** Writes a message and sends it from this node at once; resolves when the row is stored. */
export async function enqueueSms(ctx: AppContext, id: string, msg: OutgoingSms): Promise<void> {
  const { row, queued } = outboxRow(ctx, id, msg, 'pending');
  await ctx.db.insertInto('sms_outbox').values(row).execute();
  kick(ctx, queued);
}

/** Sends a held code now (unless it expired or was dropped); resolves once the row is released. */
export async function releaseHeld(ctx: AppContext, held: Queued): Promise<void> {
  const now = ctx.clock.now();
  const lease = leaseEnd(now);
  const released = await ctx.db
    .updateTable('sms_outbox')
    .set({ status: 'pending', next_attempt_at: lease })
    .where('id', '=', held.id)
    .where('status', '=', 'held')
    .where('destination_enc', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (Number(released.numUpdatedRows) === 1 && held.msg.phone !== null) kick(ctx, { ...held, lease });
}

/** A held code that will not be sent: its row goes. */
export async function dropHeld(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.deleteFrom('sms_outbox').where('id', '=', id).where('status', '=', 'held').execute();
}

/** The gateway's answer; a gateway that throws (it should not) counts as a retryable failure. */
async function sendThrough(ctx: AppContext, msg: OutgoingSms): Promise<SmsResult> {
  if (msg.phone === null) return failure('no destination', false);
  try {
    return await ctx.sms.send({ phone: msg.phone, template: msg.template, params: msg.params });
  } catch (err) {
    return failure(`gateway threw ${err instanceof Error ? err.name : 'a non-error'}`, true);
  }
}

type Outcome = 'sent' | 'retrying' | 'given_up';

async function attempt(ctx: AppContext, q: Queued): Promise<Outcome> {
  return finish(ctx, q, await sendThrough(ctx, q.msg));
}

/** Records a try's result: sent, a retry scheduled, or given up; a failure is audited. `tried: false`: given up unsent (expired). */
async function finish(ctx: AppContext, q: Queued, result: SmsResult, tried = true): Promise<Outcome> {
  const now = ctx.clock.now();
  if (result.ok) {
    await settle(ctx, q, { status: 'sent', sent_at: now, attempts: q.attempt, params_enc: null, destination_enc: null }, { sent: 1 });
    return 'sent';
  }
  const retryAt = new Date(now.getTime() + (BACKOFF_SECONDS[Math.min(q.attempt, BACKOFF_SECONDS.length) - 1] ?? 0) * 1000);
  const expires = q.msg.expiresAt ?? null;
  const gaveUp = !result.retryable || q.attempt >= MAX_ATTEMPTS || (expires !== null && retryAt >= expires);
  await settle(
    ctx,
    q,
    gaveUp
      ? { status: 'given_up', given_up_at: now, attempts: q.attempt, last_error: result.error, params_enc: null, destination_enc: null }
      : { attempts: q.attempt, last_error: result.error, next_attempt_at: retryAt },
    { failed: tried ? 1 : 0, given_up: gaveUp ? 1 : 0 },
  );
  await audit(ctx.db, {
    at: now,
    actor: 'system',
    event: 'sms.send',
    result: 'failure',
    ip: q.msg.ip,
    detail: { purpose: q.msg.purpose, template: q.msg.template, phone: q.msg.phone === null ? null : maskPhone(q.msg.phone), error: result.error, retryable: result.retryable, attempt: q.attempt, gaveUp },
  });
  return gaveUp ? 'given_up' : 'retrying';
}

/**
 * Updates the row while this claim still holds it, and adds to the day's counts in the same
 * statement (only when the row was updated). False: another node took the row over.
 */
async function settle(ctx: AppContext, q: Queued, set: Updateable<SmsOutboxTable>, counts: { sent?: number; failed?: number; given_up?: number }): Promise<boolean> {
  const day = cstDay(ctx.clock.now());
  const res = await ctx.db
    .with('settled', (db) =>
      db.updateTable('sms_outbox').set(set).where('id', '=', q.id).where('status', '=', 'pending').where('next_attempt_at', '=', q.lease).returning('template'),
    )
    .insertInto('sms_send_counts')
    .columns(['day', 'template', 'sent', 'failed', 'given_up'])
    .expression((eb) =>
      eb
        .selectFrom('settled')
        .select([
          sql<string>`${day}::text`.as('day'),
          'settled.template',
          sql<number>`${counts.sent ?? 0}::int`.as('sent'),
          sql<number>`${counts.failed ?? 0}::int`.as('failed'),
          sql<number>`${counts.given_up ?? 0}::int`.as('given_up'),
        ]),
    )
    .onConflict((oc) =>
      oc.columns(['day', 'template']).doUpdateSet({
        sent: sql`sms_send_counts.sent + excluded.sent`,
        failed: sql`sms_send_counts.failed + excluded.failed`,
        given_up: sql`sms_send_counts.given_up + excluded.given_up`,
      }),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export interface SweepReport {
  sent: number;
  retrying: number;
  givenUp: number;
}

/**
 * Claims the due rows (retries, and rows a stopped node left) and sends them; safe on several
 * nodes at once. A code past its expiry is given up unsent.
 */
export async function sendDueSms(ctx: AppContext): Promise<SweepReport> {
  const report: SweepReport = { sent: 0, retrying: 0, givenUp: 0 };
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const now = ctx.clock.now();
    const lease = leaseEnd(now);
    const rows = await ctx.db
      .updateTable('sms_outbox')
      .set({ next_attempt_at: lease })
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where('id', 'in', (eb) =>
        eb.selectFrom('sms_outbox').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(SWEEP_BATCH).forUpdate().skipLocked(),
      )
      .returning(['id', 'template', 'purpose', 'params_enc', 'destination_enc', 'ip', 'attempts', 'expires_at'])
      .execute();
    const outcomes = await Promise.all(
      rows.map(async (r): Promise<Outcome> => {
        const base = { template: r.template as SmsTemplate, purpose: r.purpose, ip: r.ip, expiresAt: r.expires_at };
        const q: Queued = { id: r.id, lease, attempt: r.attempts + 1, msg: { ...base, params: {}, phone: null } };
        let unreadable = false;
        try {
          q.msg.params = r.params_enc ? (JSON.parse(ctx.vault.decrypt(r.params_enc)) as Record<string, string>) : {};
          q.msg.phone = r.destination_enc ? ctx.vault.decrypt(r.destination_enc) : null;
        } catch {
          // Sealed under another data key, or damaged: no later try can read it either.
          unreadable = true;
        }
        const notTried = { ...q, attempt: r.attempts };
        if (unreadable) return finish(ctx, notTried, failure('the stored message cannot be read', false), false);
        if (r.expires_at && r.expires_at <= now) return finish(ctx, notTried, failure('the code expired before it could be sent', false), false);
        return attempt(ctx, q);
      }),
    );
    for (const o of outcomes) {
      if (o === 'sent') report.sent += 1;
      else if (o === 'retrying') report.retrying += 1;
      else report.givenUp += 1;
    }
    if (rows.length < SWEEP_BATCH) break;
  }
  return report;
}

/** Deletes held codes that expired unreleased, and finished rows past `OUTBOX_KEEP_DAYS`. */
export async function pruneSmsOutbox(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('sms_outbox').where('status', '=', 'held').where('expires_at', '<=', now).execute();
  await ctx.db
    .deleteFrom('sms_outbox')
    .where('status', 'in', ['sent', 'given_up'])
    .where('created_at', '<', addMinutes(now, -OUTBOX_KEEP_DAYS * 24 * 60))
    .execute();
}
