// GB 11643-1999 building blocks shared by 18-character ID numbers: check digit, birth date, sex, province codes.
import { fail, ok, type Result } from './result.js';

/** Sex encoded by the parity of the 17th character (odd = male). */
export type Sex = 'male' | 'female';

/**
 * Province-level codes of mainland China (GB/T 2260): 11-15, 21-23, 31-37, 41-46, 50-54, 61-65.
 * Example: `MAINLAND_PROVINCE_CODES.has('44')` → `true`.
 */
export const MAINLAND_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '19000101';
/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Computes the MOD 11-2 check character for the first 17 digits of an ID number.
 * Throws a RangeError when the input is not exactly 17 ASCII digits (a programming error).
 * Example: `gb11643CheckDigit('11010519491231002')` → `'X'`.
 */
export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('gb11643CheckDigit expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Normalises typed ID input: NFKC (full-width → ASCII), drops all whitespace, uppercases.
 * Example: `normaliseIdInput(' １１０１０５ 19491231002x ')` → `'11010519491231002X'`.
 */
export function normaliseIdInput(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/**
 * The calendar date of `instant` in China Standard Time, as `YYYYMMDD`.
 * Example: `chinaDate(new Date('2024-02-28T16:00:00Z'))` → `'20240229'`.
 */
export function chinaDate(instant: Date): string {
  const cst = new Date(instant.getTime() + CST_OFFSET_MS);
  const y = String(cst.getUTCFullYear()).padStart(4, '0');
  const m = String(cst.getUTCMonth() + 1).padStart(2, '0');
  const d = String(cst.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * True when `yyyymmdd` is a real Gregorian date between 1900-01-01 and `today` (China time), inclusive.
 * Example: `isValidBirthDate('20000229')` → `true`; `isValidBirthDate('19000229')` → `false`.
 */
export function isValidBirthDate(yyyymmdd: string, today: Date = new Date()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  // Fixed-width digit strings compare like dates.
  return yyyymmdd >= EARLIEST_BIRTH_DATE && yyyymmdd <= chinaDate(today);
}

/** Birth date and sex read from a GB 11643-style 18-character number. */
export interface Gb11643Facts {
  birthDate: string;
  sex: Sex;
}

/**
 * Checks the birth date (characters 7-14) and the MOD 11-2 check character of an 18-character
 * number whose format (17 digits + digit or 'X') and region were already checked by the caller.
 * Example: `checkGb11643Body('11010519491231002X')` → `{ ok: true, value: { birthDate: '1949-12-31', sex: 'female' } }`.
 */
export function checkGb11643Body(number: string, today: Date = new Date()): Result<Gb11643Facts> {
  const date = number.slice(6, 14);
  if (!isValidBirthDate(date, today)) return fail('id_number.birth_date');
  if (gb11643CheckDigit(number.slice(0, 17)) !== number[17]) return fail('id_number.checksum');
  const birthDate = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  const sex: Sex = Number(number[16]) % 2 === 1 ? 'male' : 'female';
  return ok({ birthDate, sex });
}
