/**
 * The retiree registry's rules (issue 14, seed 003): the forms of 社会保障号码, how numbers and names
 * are normalised and hashed, the yearly cycle's status, and how a retiree is shown. Pure, but for
 * the keyed hashes (ctx.vault).
 *
 * Numbers (请输入您登记的社会保障号码, the seed's 'i'):
 *   resident_id  一、中国居民: the 18-character second-generation resident ID (GB 11643, check character);
 *   hkmotw_code  二、港澳台居民: the 粤人社发[2014]234号 code `XXX X XXXXXXXXXXXXX` — 地区代码 (HKG, MAC,
 *                TWN), 预留位 (one digit), 有效证件号码 (the document's number, 6–13 letters or digits);
 *   registered   '未按照234号文…修改的，仍可按照原登记的社会保障号码输入': a number registered before, 6–20
 *                letters or digits with at least 6 digits — but not one that looks like a resident ID
 *                (18 characters of digits, or 15 digits) without being a valid one.
 */
import type { AppContext } from '../context.js';
import { maskIdNumber, normaliseIdInput, validateResidentId } from '../domain/index.js';
import type { PensionIdKind, PensionRetiree, PensionStatus } from '../shared/api/pension.js';
import type { Selectable } from 'kysely';
import type { PensionRetireesTable } from '../store/schema.js';

export const SSN_HASH_KIND = 'pension.ssn';
export const NAME_HASH_KIND = 'pension.name';

/** 234号 地区代码: 香港, 澳门, 台湾. */
export const HKMOTW_REGIONS = ['HKG', 'MAC', 'TWN'] as const;
const HKMOTW_CODE = /^(HKG|MAC|TWN)(\d)([A-Z0-9]{6,13})$/;
const REGISTERED = /^[A-Z0-9]{6,20}$/;

/** A number as typed, folded: NFKC (full-width), spaces, dashes and brackets gone, upper case. `'hkg 0 a123456(7)'` → `'HKG0A1234567'`. */
export const normaliseSsn = (raw: string): string => normaliseIdInput(raw).replace(/[\s\-()（）]/gu, '').toUpperCase();

/** A name as compared: NFKC, trimmed, inner white space single, lower case (English names as registered, any case). */
export const normaliseRetireeName = (raw: string): string => raw.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();

/** The form of a normalised number, or null when it is none of them (pension.ssn_format). */
export function ssnKind(number: string, today: Date = new Date()): PensionIdKind | null {
  // 17 digits and one more character: a resident ID, or nothing (not a registered number by accident).
  if (/^\d{17}.$/.test(number)) return validateResidentId(number, today).ok ? 'resident_id' : null;
  if (/^\d{15}$/.test(number)) return null;
  if (HKMOTW_CODE.test(number)) return 'hkmotw_code';
  if (REGISTERED.test(number) && (number.match(/\d/g)?.length ?? 0) >= 6) return 'registered';
  return null;
}

/** The keyed hashes a retiree is found by. */
export const ssnHash = (ctx: Pick<AppContext, 'vault'>, normalised: string) => ctx.vault.lookupHash(SSN_HASH_KIND, normalised);
export const nameHash = (ctx: Pick<AppContext, 'vault'>, name: string) => ctx.vault.lookupHash(NAME_HASH_KIND, normaliseRetireeName(name));

/** A number masked: a resident ID as everywhere (`4401**********1234`); a 234号 code keeps its 地区代码 and last 4. */
export function maskSsn(number: string, kind: PensionIdKind): string {
  if (kind === 'hkmotw_code') return `${number.slice(0, 3)}${'*'.repeat(Math.max(0, number.length - 7))}${number.slice(-4)}`;
  return maskIdNumber(number);
}

const DAY_MS = 24 * 3600_000;

/** The next due date: `months` after the pass, the same day of the month (clamped to the month's last day). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** 待认证 (never certified) / 已逾期 (due date reached) / 即将到期 (due within `reminderDays`) / 已认证. */
export function statusOf(row: { last_certified_at: Date | null; due_at: Date | null }, now: Date, reminderDays: number): PensionStatus {
  if (row.last_certified_at === null) return 'pending';
  if (row.due_at === null) return 'certified';
  if (row.due_at.getTime() <= now.getTime()) return 'overdue';
  if (row.due_at.getTime() <= now.getTime() + reminderDays * DAY_MS) return 'due_soon';
  return 'certified';
}

/** Why a retiree cannot be certified: 待遇发放状态 first, then 生存状态. */
export const ineligibleReason = (row: Pick<PensionRetireesTable, 'benefit_status' | 'survival_status'>): 'benefit' | 'survival' | null =>
  row.benefit_status !== 'normal' ? 'benefit' : row.survival_status !== 'alive' ? 'survival' : null;

export type RetireeRow = Pick<
  Selectable<PensionRetireesTable>,
  'id' | 'ssn_enc' | 'name_enc' | 'id_kind' | 'region' | 'benefit_status' | 'survival_status' | 'last_certified_at' | 'due_at'
>;
export const RETIREE_COLUMNS = ['id', 'ssn_enc', 'name_enc', 'id_kind', 'region', 'benefit_status', 'survival_status', 'last_certified_at', 'due_at'] as const;

/** The retiree as the API shows them: the number masked, the status now, attempts left today. */
export function retireeView(ctx: Pick<AppContext, 'vault' | 'clock' | 'config'>, row: RetireeRow, attemptsLeftToday: number): PensionRetiree {
  const reason = ineligibleReason(row);
  return {
    name: ctx.vault.decrypt(row.name_enc),
    idNumberMasked: maskSsn(ctx.vault.decrypt(row.ssn_enc), row.id_kind),
    idKind: row.id_kind,
    region: row.region,
    status: statusOf(row, ctx.clock.now(), ctx.config.pension.reminderDays),
    lastCertifiedAt: row.last_certified_at?.toISOString() ?? null,
    dueAt: row.due_at?.toISOString() ?? null,
    eligible: reason === null,
    ineligibleReason: reason,
    attemptsLeftToday,
  };
}
