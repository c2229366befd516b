/**
 * Figures for the social-insurance office (issue 14): retirees by 参保地区 and status now, and the
 * certifications per day (China time) of a range — passes, and failures by reason — as JSON for
 * the staff page's charts and as CSV (UTF-8 with a BOM, so Excel opens it).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import { PENSION_FAILURE_REASONS, type PensionFailureReason, type PensionFigures } from '../shared/api/pension.js';

const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;
const MAX_DAYS = 366;

/** A day `YYYY-MM-DD` as the instant its China-time midnight is; undefined when it is no day. */
function cstMidnight(day: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(utc).toISOString().slice(0, 10) === day ? new Date(utc - CST_MS) : undefined;
}

/** The range's days, checked: real days, from ≤ to, at most 366 of them (else pension.date_range). */
export function dayRange(from: string, to: string): { start: Date; end: Date; days: string[] } {
  const start = cstMidnight(from);
  const last = cstMidnight(to);
  if (!start || !last || last < start || (last.getTime() - start.getTime()) / DAY_MS + 1 > MAX_DAYS) throw new AppError('pension.date_range');
  const days: string[] = [];
  for (let t = start.getTime(); t <= last.getTime(); t += DAY_MS) days.push(new Date(t + CST_MS).toISOString().slice(0, 10));
  return { start, end: new Date(last.getTime() + DAY_MS), days };
}

const eligible = sql<boolean>`(benefit_status = 'normal' and survival_status = 'alive')`;

export async function pensionFigures(ctx: AppContext, from: string, to: string): Promise<PensionFigures> {
  const { start, end, days } = dayRange(from, to);
  const now = ctx.clock.now();
  const soon = new Date(now.getTime() + ctx.config.pension.reminderDays * DAY_MS);
  const regions = await sql<{ region: string; pending: string; certified: string; due_soon: string; overdue: string; ineligible: string }>`
    select region,
      count(*) filter (where ${eligible} and last_certified_at is null) as pending,
      count(*) filter (where ${eligible} and last_certified_at is not null and (due_at is null or due_at > ${soon}::timestamptz)) as certified,
      count(*) filter (where ${eligible} and last_certified_at is not null and due_at > ${now}::timestamptz and due_at <= ${soon}::timestamptz) as due_soon,
      count(*) filter (where ${eligible} and last_certified_at is not null and due_at <= ${now}::timestamptz) as overdue,
      count(*) filter (where not ${eligible}) as ineligible
    from pension_retirees group by region order by region`.execute(ctx.db);
  const counts = await sql<{ day: string; result: string; reason: string | null; n: string }>`
    select to_char((at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day, result, reason, count(*) as n
    from pension_certifications where at >= ${start}::timestamptz and at < ${end}::timestamptz
    group by 1, 2, 3`.execute(ctx.db);
  const daily = new Map(days.map((day) => [day, { day, passed: 0, failed: { actions_not_done: 0, no_match: 0, spoof: 0, environment: 0 } as Record<PensionFailureReason, number> }]));
  for (const c of counts.rows) {
    const d = daily.get(c.day);
    if (!d) continue;
    if (c.result === 'passed') d.passed += Number(c.n);
    else if (c.reason && (PENSION_FAILURE_REASONS as readonly string[]).includes(c.reason)) d.failed[c.reason as PensionFailureReason] += Number(c.n);
  }
  return {
    byRegion: regions.rows.map((r) => ({ region: r.region, pending: Number(r.pending), certified: Number(r.certified), dueSoon: Number(r.due_soon), overdue: Number(r.overdue), ineligible: Number(r.ineligible) })),
    daily: [...daily.values()],
  };
}

const REASON_LABELS: Record<'passed' | PensionFailureReason, [string, string]> = {
  passed: ['通过', ''],
  actions_not_done: ['未通过', '未按引导做动作'],
  no_match: ['未通过', '与建模照片不匹配'],
  spoof: ['未通过', '疑似翻拍或假体'],
  environment: ['未通过', '环境检测未通过'],
};

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ neutralised (formula injection). */
const cell = (v: string | number) => {
  let s = String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** figures.csv: one row per day × result / reason, with a BOM. */
export function figuresCsv(figures: PensionFigures): string {
  const lines = [['日期', '结果', '原因', '代码', '人次'].join(',')];
  for (const d of figures.daily) {
    lines.push([d.day, REASON_LABELS.passed[0], REASON_LABELS.passed[1], 'passed', d.passed].map(cell).join(','));
    for (const reason of PENSION_FAILURE_REASONS) lines.push([d.day, REASON_LABELS[reason][0], REASON_LABELS[reason][1], reason, d.failed[reason]].map(cell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
