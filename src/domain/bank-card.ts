// Bank card numbers: 12-19 digits with a Luhn (mod 10) check digit.
import { fail, ok, type Result } from './result.js';

function luhnSum(digits: string, doubleFirstFromRight: boolean): number {
  let sum = 0;
  let double = doubleFirstFromRight;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/**
 * Computes the Luhn digit to append to `partial` (digits only; throws RangeError otherwise).
 * Example: `luhnCheckDigit('411111111111111')` → `'1'` (giving 4111111111111111).
 */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d+$/.test(partial)) throw new RangeError('luhnCheckDigit expects digits');
  return String((10 - (luhnSum(partial, true) % 10)) % 10);
}

/**
 * Validates a bank card number and returns its digits. Input is NFKC-folded; spaces and dashes are removed.
 * Note: some older domestic debit cards reportedly fail Luhn; they are rejected here.
 * Example: `validateBankCard('4111 1111 1111 1111')` → `{ ok: true, value: '4111111111111111' }`;
 * `validateBankCard('4111111111111112')` → `{ ok: false, code: 'bank_card.checksum' }`.
 */
export function validateBankCard(raw: string): Result<string> {
  const digits = raw.normalize('NFKC').replace(/[\s-]+/gu, '');
  if (!/^\d{12,19}$/.test(digits)) return fail('bank_card.format');
  return luhnSum(digits, false) % 10 === 0 ? ok(digits) : fail('bank_card.checksum');
}
