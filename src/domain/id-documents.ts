// Identity document types accepted at registration, their labels, and per-type number validation.
import type { Lang } from '../shared/errors.js';
import { checkGb11643Body, MAINLAND_PROVINCE_CODES, normaliseIdInput, type Sex } from './gb11643.js';
import { validateResidentId } from './resident-id.js';
import { fail, ok, type Result } from './result.js';

/** Identity document types. */
export type IdType =
  | 'resident_id'
  | 'hmt_residence_permit'
  | 'hk_mo_travel_permit'
  | 'tw_travel_permit'
  | 'foreign_permanent_residence';

/**
 * All identity document types, in display order.
 * Example: `ID_TYPES.includes('resident_id')` → `true`.
 */
export const ID_TYPES: readonly IdType[] = [
  'resident_id',
  'hmt_residence_permit',
  'hk_mo_travel_permit',
  'tw_travel_permit',
  'foreign_permanent_residence',
];

/**
 * Display names of each document type per language (official English names).
 * Example: `ID_TYPE_LABELS.resident_id['zh-CN']` → `'居民身份证'`.
 */
export const ID_TYPE_LABELS: Readonly<Record<IdType, Readonly<Record<Lang, string>>>> = {
  resident_id: { 'zh-CN': '居民身份证', 'en-US': 'Resident Identity Card' },
  hmt_residence_permit: {
    'zh-CN': '港澳台居民居住证',
    'en-US': 'Residence Permit for Hong Kong, Macao and Taiwan Residents',
  },
  hk_mo_travel_permit: {
    'zh-CN': '港澳居民来往内地通行证',
    'en-US': 'Mainland Travel Permit for Hong Kong and Macao Residents',
  },
  tw_travel_permit: { 'zh-CN': '台湾居民来往大陆通行证', 'en-US': 'Mainland Travel Permit for Taiwan Residents' },
  foreign_permanent_residence: { 'zh-CN': '外国人永久居留身份证', 'en-US': 'Foreign Permanent Resident ID Card' },
};

/**
 * Type guard for untrusted input.
 * Example: `isIdType('passport')` → `false`.
 */
export function isIdType(value: unknown): value is IdType {
  return typeof value === 'string' && (ID_TYPES as readonly string[]).includes(value);
}

/** A valid, normalised document number; birth date and sex are present when the number encodes them. */
export interface IdDocument {
  idType: IdType;
  number: string;
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: Sex;
}

/** Address codes used by HMT residence permits: Hong Kong, Macao, Taiwan. */
const HMT_PERMIT_PREFIXES: ReadonlySet<string> = new Set(['810000', '820000', '830000']);

/**
 * Validates a document number for the given type. Input is NFKC-folded, spaces removed, uppercased.
 * - `resident_id`: see `validateResidentId` (18 chars or legacy 15 digits).
 * - `hmt_residence_permit`: 18 chars like a resident ID (date + MOD 11-2), prefix 810000/820000/830000.
 * - `hk_mo_travel_permit`: 'H' or 'M' + 8 digits (card since 2012) or + 10 digits (older form).
 * - `tw_travel_permit`: 8 digits only (the card since 2015; the number is lifelong). The old
 *   booklet's 10-character form (8 digits + issue count) is not accepted: those booklets have all expired.
 * - `foreign_permanent_residence`: 2017 form = 3 letters + 12 digits (the letters are not checked
 *   against ISO 3166); 2023 form = 18 chars starting '9', characters 2-3 a mainland province code,
 *   birth date at 7-14 and the MOD 11-2 check character. Sex is not returned for it (not documented).
 * Unknown `idType` → 'id_type.invalid'.
 * Example: `validateIdDocument('hk_mo_travel_permit', ' h1234 5678 ')` →
 * `{ ok: true, value: { idType: 'hk_mo_travel_permit', number: 'H12345678' } }`.
 */
export function validateIdDocument(idType: IdType, raw: string, today: Date = new Date()): Result<IdDocument> {
  if (!isIdType(idType)) return fail('id_type.invalid');
  const number = normaliseIdInput(raw);
  if (number === '') return fail('id_number.empty');

  switch (idType) {
    case 'resident_id': {
      const r = validateResidentId(number, today);
      if (!r.ok) return r;
      return ok({ idType, number: r.value.number, birthDate: r.value.birthDate, sex: r.value.sex });
    }
    case 'hmt_residence_permit': {
      if (!/^\d{17}[\dX]$/.test(number)) return fail('id_number.format');
      if (!HMT_PERMIT_PREFIXES.has(number.slice(0, 6))) return fail('id_number.region');
      const facts = checkGb11643Body(number, today);
      if (!facts.ok) return facts;
      return ok({ idType, number, birthDate: facts.value.birthDate, sex: facts.value.sex });
    }
    case 'hk_mo_travel_permit':
      return /^[HM](?:\d{8}|\d{10})$/.test(number) ? ok({ idType, number }) : fail('id_number.format');
    case 'tw_travel_permit':
      return /^\d{8}$/.test(number) ? ok({ idType, number }) : fail('id_number.format');
    case 'foreign_permanent_residence': {
      if (/^[A-Z]{3}\d{12}$/.test(number)) return ok({ idType, number });
      if (!/^9\d{16}[\dX]$/.test(number)) return fail('id_number.format');
      if (!MAINLAND_PROVINCE_CODES.has(number.slice(1, 3))) return fail('id_number.region');
      const facts = checkGb11643Body(number, today);
      if (!facts.ok) return facts;
      return ok({ idType, number, birthDate: facts.value.birthDate });
    }
  }
}
