// Unified Social Credit Code (统一社会信用代码, GB 32100-2015) with its embedded GB 11714 organisation code.
import { fail, ok, type Result } from './result.js';

/**
 * The 31-character code alphabet of GB 32100-2015 (no I, O, S, V, Z); a character's value is its index.
 * Example: `USCC_ALPHABET.indexOf('Y')` → `30`.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const USCC_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/** A valid, normalised USCC split into its parts. */
export interface Uscc {
  /** 18 upper-case characters. */
  code: string;
  /** Character 1: registration authority (e.g. 1 机构编制, 5 民政, 9 市场监管, Y 其他). */
  registrationAuthority: string;
  /** Character 2: organisation type within that authority (e.g. 91 企业, 92 个体工商户). */
  organizationType: string;
  /** Characters 3-8: administrative division of the registering authority (GB/T 2260). */
  regionCode: string;
  /** Characters 9-17: the GB 11714 organisation code (主体标识码), check character included. */
  organizationCode: string;
}

export interface UsccOptions {
  /**
   * Also verify the GB 11714 check character at position 17 (default true). Every real code we
   * sampled satisfies it; set false to accept codes whose embedded organisation code is malformed.
   */
  checkOrganizationCode?: boolean;
}

/**
 * Computes the 18th (check) character from the first 17 characters: weights 3^i mod 31,
 * check = (31 - sum mod 31) mod 31, mapped back through the alphabet. Throws RangeError on input
 * that is not 17 characters of the USCC alphabet (a programming error).
 * Example: `usccCheckChar('91350100M000100Y4')` → `'3'`.
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar expects 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`usccCheckChar: '${first17[i] ?? ''}' is not in the USCC alphabet`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/**
 * Computes the GB 11714 organisation-code check character from its first 8 characters: letters
 * count A=10 … Z=35 (GB 11714 values, NOT USCC alphabet indices), weights 3,7,9,10,5,8,4,2,
 * check = 11 - (sum mod 11), 10 → 'X', 11 → '0'. Throws RangeError on other input.
 * Example: `orgCodeCheckChar('M000100Y')` → `'4'`; `orgCodeCheckChar('71526726')` → `'X'`.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('orgCodeCheckChar expects 8 digits or upper-case letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i] ?? '', 36) * (ORG_CODE_WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Validates a USCC. Input is NFKC-folded, whitespace and '-' removed, uppercased. Characters 1-2 may
 * be any alphabet character (authority/type codes keep growing), 3-8 must be digits, 9-18 alphabet
 * characters. Checks the 18th character and (unless disabled) the organisation-code check at 17.
 * Example: `validateUscc('91350100m000100y43')` → `{ ok: true, value: { code: '91350100M000100Y43', … } }`;
 * `validateUscc('91350100M000100Y44')` → `{ ok: false, code: 'uscc.checksum' }`.
 */
export function validateUscc(raw: string, options: UsccOptions = {}): Result<Uscc> {
  const code = raw.normalize('NFKC').replace(/[\s-]+/gu, '').toUpperCase();
  if (code === '') return fail('uscc.empty');
  if (!USCC_PATTERN.test(code)) return fail('uscc.format');
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return fail('uscc.checksum');
  if ((options.checkOrganizationCode ?? true) && orgCodeCheckChar(code.slice(8, 16)) !== code[16]) {
    return fail('uscc.checksum');
  }
  return ok({
    code,
    registrationAuthority: code.slice(0, 1),
    organizationType: code.slice(1, 2),
    regionCode: code.slice(2, 8),
    organizationCode: code.slice(8, 17),
  });
}
