// Mainland China mobile numbers (11 digits, 1[3-9]…), with an optional +86 country prefix.
import { fail, ok, type Result } from './result.js';

const MOBILE_PATTERN = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;

/**
 * Validates a mainland mobile number and returns its 11 bare digits. Input is NFKC-folded
 * (full-width digits allowed); spaces and dashes are removed; a leading '+86', '0086' or '86' is stripped.
 * Example: `validatePhone('+86 138-0013-8000')` → `{ ok: true, value: '13800138000' }`;
 * `validatePhone('12345678901')` → `{ ok: false, code: 'phone.invalid' }`.
 */
export function validatePhone(raw: string): Result<string> {
  const compact = raw.normalize('NFKC').replace(/[\s-]+/gu, '');
  const match = MOBILE_PATTERN.exec(compact);
  const digits = match?.[1];
  return digits === undefined ? fail('phone.invalid') : ok(digits);
}
