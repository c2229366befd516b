// Tests for bank card number validation (length and Luhn).
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/shared/errors.js';
import { luhnCheckDigit, validateBankCard } from '../../../src/domain/bank-card.js';
import { luhnValid, withLuhn } from './vectors.js';

describe('validateBankCard — valid', () => {
  // Hard-coded literals: well-known Luhn-valid test numbers (verified offline).
  it.each([
    ['4111111111111111', '4111111111111111'],
    ['5555555555554444', '5555555555554444'],
    ['378282246310005', '378282246310005'],
    ['6011111111111117', '6011111111111117'],
    ['6250941006528599', '6250941006528599'],
    ['6222021234567890128', '6222021234567890128'],
    ['4111 1111 1111 1111', '4111111111111111'],
    ['  6222-0212-3456-7890-128 ', '6222021234567890128'],
    ['４１１１１１１１１１１１１１１１', '4111111111111111'],
  ])('%s', (raw, digits) => {
    expect(validateBankCard(raw)).toEqual({ ok: true, value: digits });
  });

  it.each([
    ['12 digits', withLuhn('60138212345')],
    ['18 digits', withLuhn('62284800123456789')],
    ['19 digits', withLuhn('621700123456789012')],
    ['all zeros', '000000000000'],
  ])('generated %s: %s', (_label, raw) => {
    expect(validateBankCard(raw)).toEqual({ ok: true, value: raw });
  });
});

describe('validateBankCard — invalid', () => {
  it.each<[string, string, ErrorCode]>([
    ['empty', '', 'bank_card.format'],
    ['blank', '   ', 'bank_card.format'],
    ['11 digits (classic Luhn example, too short)', '79927398713', 'bank_card.format'],
    ['20 digits', withLuhn('6222021234567890123'), 'bank_card.format'],
    ['letters', '411111111111111a', 'bank_card.format'],
    ['dots', '4111.1111.1111.1111', 'bank_card.format'],
    ['last digit off by one', '4111111111111112', 'bank_card.checksum'],
    ['6222021234567890129 (fails Luhn)', '6222021234567890129', 'bank_card.checksum'],
    ['transposed digits', '4111111111111161', 'bank_card.checksum'],
    ['19-digit broken', '6217001234567890123', 'bank_card.checksum'],
  ])('%s: %s → %s', (_label, raw, code) => {
    expect(validateBankCard(raw)).toEqual({ ok: false, code });
  });
});

describe('luhnCheckDigit', () => {
  it.each([
    ['411111111111111', '1'],
    ['7992739871', '3'],
    ['622202123456789012', '8'],
    ['621700123456789012', '2'],
  ])('luhnCheckDigit(%s) = %s', (partial, digit) => {
    expect(luhnCheckDigit(partial)).toBe(digit);
    expect(luhnValid(partial + digit)).toBe(true);
  });

  it('agrees with the independent helper', () => {
    for (let i = 0; i < 1000; i++) {
      const partial = String(622202000000000 + i * 104729);
      expect(partial + luhnCheckDigit(partial)).toBe(withLuhn(partial));
    }
  });

  it('throws on non-digits (programming error)', () => {
    expect(() => luhnCheckDigit('41a1')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });
});
