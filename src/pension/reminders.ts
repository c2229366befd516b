/**
 * SMS reminders before the due date (issue 14), run by housekeeping: an eligible retiree whose due
 * date falls within `pension.reminderDays` gets one message per due date, through the SMS outbox —
 * and only to the verified phone of the Shenfen person whose verified resident ID and name are the
 * retiree's (the registry holds no phone: a number nobody proved is never written to). A retiree
 * without such a person gets nothing and is looked at again on the next round.
 */
import { sql } from 'kysely';
import { assuranceLevel } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { atLeast } from '../domain/assurance.js';
import { cstDay, enqueueSms } from '../flows/sms-outbox.js';
import { newId } from '../security/tokens.js';
import { normaliseRetireeName } from './registry.js';

const DAY_MS = 24 * 3600_000;

/** Rows read per page, and pages per round: a retiree skipped (another name, below L2) does not keep the others waiting. */
const PAGE = 200;
const PAGES = 10;

type DueRow = { id: string; name_enc: string; due_at: Date; account_id: string; person_name: string | null; phone_enc: string };

/** One round; returns how many reminders were queued. */
export async function sendPensionReminders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + ctx.config.pension.reminderDays * DAY_MS);
  let sent = 0;
  let after: { due: Date; id: string } | null = null;
  for (let page = 0; page < PAGES; page++) {
    const due: { rows: DueRow[] } = await sql<DueRow>`
      select r.id, r.name_enc, r.due_at, p.account_id, p.name as person_name, p.phone_enc
      from pension_retirees r
      join persons p on p.id_number_hash = r.person_id_hash and p.id_type = 'resident_id' and p.phone_verified_at is not null and p.phone_enc is not null
      join accounts a on a.id = p.account_id and a.status = 'active'
      where r.person_id_hash is not null and r.benefit_status = 'normal' and r.survival_status = 'alive'
        and r.due_at > ${now}::timestamptz and r.due_at <= ${until}::timestamptz
        and not exists (select 1 from pension_reminders m where m.retiree_id = r.id and m.due_at = r.due_at)
        ${after ? sql`and (r.due_at, r.id) > (${after.due}::timestamptz, ${after.id}::uuid)` : sql``}
      order by r.due_at, r.id
      limit ${PAGE}`.execute(ctx.db);
    for (const row of due.rows) if (await remind(ctx, row, now)) sent++;
    if (due.rows.length < PAGE) break;
    const last: DueRow = due.rows.at(-1)!;
    after = { due: last.due_at, id: last.id };
  }
  return sent;
}

/** One retiree: the person's name and level checked, the reminder row claimed, the SMS queued. */
async function remind(ctx: AppContext, row: DueRow, now: Date): Promise<boolean> {
  if (row.person_name === null || normaliseRetireeName(row.person_name) !== normaliseRetireeName(ctx.vault.decrypt(row.name_enc))) return false;
  if (!atLeast(await assuranceLevel(ctx, row.account_id), 'L2')) return false;
  // The row first: two nodes sweeping at once, one of them sends.
  const claimed = await ctx.db
    .insertInto('pension_reminders')
    .values({ retiree_id: row.id, due_at: row.due_at, sent_at: now })
    .onConflict((oc) => oc.columns(['retiree_id', 'due_at']).doNothing())
    .returning('retiree_id')
    .executeTakeFirst();
  if (!claimed) return false;
  await enqueueSms(ctx, newId(), { template: 'pension_reminder', params: { dueDate: cstDay(row.due_at) }, phone: ctx.vault.decrypt(row.phone_enc), purpose: 'pension_reminder', ip: null });
  await audit(ctx.db, { at: now, actor: 'housekeeping', event: 'pension.reminder', result: 'success', subject: row.id, detail: { account: row.account_id, dueAt: row.due_at.toISOString() } });
  return true;
}
