// Mainland resident identity number (居民身份证, GB 11643-1999), including the legacy 15-digit form.
import { checkGb11643Body, gb11643CheckDigit, MAINLAND_PROVINCE_CODES, normaliseIdInput, type Sex } from './gb11643.js';
import { fail, ok, type Result } from './result.js';

/** A valid resident ID number, normalised to 18 characters. */
export interface ResidentId {
  /** 18 characters, upper-case 'X' check character. */
  number: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  /** The first 6 digits (address code). */
  regionCode: string;
}

/**
 * Province prefixes accepted on a resident ID: the mainland provinces plus 71 (台湾省, listed in
 * GB/T 2260). 81/82/83 are deliberately NOT accepted here: numbers starting 810000/820000/830000
 * are Hong Kong/Macao/Taiwan residence permits and are validated as `hmt_residence_permit`.
 * 91 is not a GB/T 2260 province and is rejected.
 */
export const RESIDENT_ID_PROVINCE_CODES: ReadonlySet<string> = new Set([...MAINLAND_PROVINCE_CODES, '71']);

/**
 * Validates a resident ID number (18 characters, or the legacy 15 digits, which is converted).
 * Checks, in order: empty, format, region (province), birth date (real date, 1900-01-01..today in
 * China time), MOD 11-2 check character. Input is trimmed, spaces removed, full-width folded, 'x' uppercased.
 * Example: `validateResidentId('11010519491231002x')` →
 * `{ ok: true, value: { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' } }`.
 */
export function validateResidentId(raw: string, today: Date = new Date()): Result<ResidentId> {
  const input = normaliseIdInput(raw);
  if (input === '') return fail('id_number.empty');

  let number: string;
  if (/^\d{17}[\dX]$/.test(input)) {
    number = input;
  } else if (/^\d{15}$/.test(input)) {
    number = upgradeLegacy(input);
  } else {
    return fail('id_number.format');
  }

  if (!RESIDENT_ID_PROVINCE_CODES.has(number.slice(0, 2))) return fail('id_number.region');

  const facts = checkGb11643Body(number, today);
  if (!facts.ok) return facts;
  return ok({ number, birthDate: facts.value.birthDate, sex: facts.value.sex, regionCode: number.slice(0, 6) });
}

/**
 * Converts a legacy 15-digit ID (6 region + YYMMDD + 3 sequence, year 19YY) to 18 characters by
 * inserting '19' and appending the check character. Does not validate; throws RangeError on non-15-digit input.
 * Example: `upgradeLegacyResidentId('110105491231002')` → `'11010519491231002X'`.
 */
export function upgradeLegacyResidentId(legacy15: string): string {
  if (!/^\d{15}$/.test(legacy15)) throw new RangeError('upgradeLegacyResidentId expects exactly 15 digits');
  return upgradeLegacy(legacy15);
}

function upgradeLegacy(legacy15: string): string {
  const first17 = `${legacy15.slice(0, 6)}19${legacy15.slice(6)}`;
  return first17 + gb11643CheckDigit(first17);
}
