// Tests for the mainland resident ID number rules (GB 11643-1999).
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/shared/errors.js';
import { gb11643CheckDigit, isValidBirthDate, chinaDate } from '../../../src/domain/gb11643.js';
import { upgradeLegacyResidentId, validateResidentId, type ResidentId } from '../../../src/domain/resident-id.js';
import { TODAY, idCheck, withIdCheck } from './vectors.js';

describe('validateResidentId — valid', () => {
  // Hard-coded literals: GB 11643 example and vectors computed offline, independent of src.
  it.each<[string, string, ResidentId]>([
    ['GB 11643 example', '11010519491231002X', { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }],
    ['lowercase x', '11010519491231002x', { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }],
    ['spaces and padding', ' 110105 19491231 002x ', { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }],
    ['full-width characters', '１１０１０５１９４９１２３１００２ｘ', { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }],
    ['leap day 2000-02-29', '110101200002290018', { number: '110101200002290018', birthDate: '2000-02-29', sex: 'male', regionCode: '110101' }],
    ['Shenzhen, male', '440306199003071232', { number: '440306199003071232', birthDate: '1990-03-07', sex: 'male', regionCode: '440306' }],
    ['Shanghai, female', '310115198511204566', { number: '310115198511204566', birthDate: '1985-11-20', sex: 'female', regionCode: '310115' }],
    ['Xinjiang (65)', '650102199912319875', { number: '650102199912319875', birthDate: '1999-12-31', sex: 'male', regionCode: '650102' }],
    ['earliest date 1900-01-01', '150102190001010018', { number: '150102190001010018', birthDate: '1900-01-01', sex: 'male', regionCode: '150102' }],
    ['Hainan (46), 2024', '460002202401010052', { number: '460002202401010052', birthDate: '2024-01-01', sex: 'male', regionCode: '460002' }],
    ['Tibet (54)', '540102200109018889', { number: '540102200109018889', birthDate: '2001-09-01', sex: 'female', regionCode: '540102' }],
    ['Taiwan province code 71 (GB/T 2260)', '710000199001010015', { number: '710000199001010015', birthDate: '1990-01-01', sex: 'male', regionCode: '710000' }],
    ['15-digit legacy → 18 (GB example)', '110105491231002', { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }],
    ['15-digit legacy → 18', '440306900307123', { number: '440306199003071232', birthDate: '1990-03-07', sex: 'male', regionCode: '440306' }],
    ['15-digit legacy with spaces', ' 440306 900307 123 ', { number: '440306199003071232', birthDate: '1990-03-07', sex: 'male', regionCode: '440306' }],
  ])('%s: %s', (_label, raw, expected) => {
    expect(validateResidentId(raw, TODAY)).toEqual({ ok: true, value: expected });
  });

  // Generated with the independent helper in vectors.ts.
  it.each([
    ['born today (China time)', withIdCheck('11010120240615001')],
    ['Jiangsu (32)', withIdCheck('32050219800101123')],
    ['Chongqing (50), 1900-02-28', withIdCheck('50010319000228002')],
    ['leap day 2024-02-29', withIdCheck('33010620240229004')],
    ['leap day 1904-02-29', withIdCheck('37020219040229005')],
    ['check character 0', withIdCheck('11010119900307000')],
  ])('%s: %s', (_label, raw) => {
    const r = validateResidentId(raw, TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.number).toBe(raw);
  });

  it('uses the China calendar date for "today" (00:30 CST is still the previous day in UTC)', () => {
    const justAfterMidnightCst = new Date('2024-06-14T16:30:00Z');
    expect(validateResidentId(withIdCheck('11010120240615001'), justAfterMidnightCst).ok).toBe(true);
    expect(validateResidentId(withIdCheck('11010120240616001'), justAfterMidnightCst)).toEqual({ ok: false, code: 'id_number.birth_date' });
  });

  it('defaults today to the current date', () => {
    expect(validateResidentId('11010519491231002X').ok).toBe(true);
  });
});

describe('validateResidentId — invalid', () => {
  it.each<[string, string, ErrorCode]>([
    ['empty', '', 'id_number.empty'],
    ['blank', '   ', 'id_number.empty'],
    ['17 digits', '11010519491231002', 'id_number.format'],
    ['16 digits', '1101051949123100', 'id_number.format'],
    ['19 chars', '11010519491231002XX', 'id_number.format'],
    ['14 digits', '11010549123100', 'id_number.format'],
    ['X not last', '1101051949123100X2', 'id_number.format'],
    ['other letter as check', '11010519491231002Y', 'id_number.format'],
    ['letters', 'abcdefghijklmnopqr', 'id_number.format'],
    ['15-digit ending in X', '11010549123100X', 'id_number.format'],
    ['punctuation', '110105-19491231-002X', 'id_number.format'],
    ['province 99', '990101199001010019', 'id_number.region'],
    ['all-zero region', '000000199001010018', 'id_number.region'],
    ['province 91', '910101199001010014', 'id_number.region'],
    ['province 10', withIdCheck('10010119900101001'), 'id_number.region'],
    ['province 16', withIdCheck('16010119900101001'), 'id_number.region'],
    ['province 66', withIdCheck('66010119900101001'), 'id_number.region'],
    ['HK residence permit prefix 81 (use hmt_residence_permit)', '810000199001010019', 'id_number.region'],
    ['Taiwan residence permit prefix 83', '830000197711300031', 'id_number.region'],
    ['15-digit with bad region', '990101491231002', 'id_number.region'],
    ['GB 11643 example born 1880 (before 1900)', '440524188001010014', 'id_number.birth_date'],
    ['1899-12-31', '11010118991231001X', 'id_number.birth_date'],
    ['1900-02-29 (not a leap year)', '110101190002290011', 'id_number.birth_date'],
    ['2023-02-29 (not a leap year)', '110101202302290019', 'id_number.birth_date'],
    ['2023-02-30', '110101202302300010', 'id_number.birth_date'],
    ['2023-04-31', withIdCheck('11010120230431001'), 'id_number.birth_date'],
    ['month 13', '110101202313010019', 'id_number.birth_date'],
    ['month 00', withIdCheck('11010120230001001'), 'id_number.birth_date'],
    ['day 00', '110101202301000016', 'id_number.birth_date'],
    ['day 32', withIdCheck('11010120230132001'), 'id_number.birth_date'],
    ['future 2099', '110101209901010017', 'id_number.birth_date'],
    ['tomorrow', withIdCheck('11010120240616001'), 'id_number.birth_date'],
    ['15-digit with month 13', '110105491331002', 'id_number.birth_date'],
    ['15-digit with 1900-02-29', '110105000229002', 'id_number.birth_date'],
    ['wrong check digit (expects X)', '110105194912310021', 'id_number.checksum'],
    ['wrong check digit (leap day)', '110101200002290019', 'id_number.checksum'],
    ['transposed digits', '440306199003071322', 'id_number.checksum'],
    ['X where a digit is expected', '44030619900307123X', 'id_number.checksum'],
  ])('%s: %s → %s', (_label, raw, code) => {
    expect(validateResidentId(raw, TODAY)).toEqual({ ok: false, code });
  });
});

describe('validateResidentId — province prefixes', () => {
  const accepted = [
    '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
    '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71',
  ];
  const all = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

  it.each(accepted)('accepts province %s', (province) => {
    expect(validateResidentId(withIdCheck(`${province}010219800101001`), TODAY).ok).toBe(true);
  });

  it.each(all.filter((p) => !accepted.includes(p)))('rejects prefix %s with id_number.region', (prefix) => {
    expect(validateResidentId(withIdCheck(`${prefix}010219800101001`), TODAY)).toEqual({ ok: false, code: 'id_number.region' });
  });
});

describe('GB 11643 helpers', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['11010120000229001', '8'],
    ['83000019771130004', 'X'],
  ])('gb11643CheckDigit(%s) = %s', (first17, check) => {
    expect(gb11643CheckDigit(first17)).toBe(check);
    expect(idCheck(first17)).toBe(check);
  });

  it('agrees with the independent helper on many bodies', () => {
    for (let i = 0; i < 500; i++) {
      const body = `1101011990010${String(i * 7919).padStart(4, '0').slice(-4)}`;
      expect(gb11643CheckDigit(body)).toBe(idCheck(body));
    }
  });

  it('throws on malformed input (programming error)', () => {
    expect(() => gb11643CheckDigit('1234')).toThrow(RangeError);
    expect(() => gb11643CheckDigit('1101051949123100X')).toThrow(RangeError);
  });

  it.each([
    ['20000229', true],
    ['19000229', false],
    ['20230229', false],
    ['21000229', false],
    ['19000101', true],
    ['18991231', false],
    ['20240615', true],
    ['20240616', false],
    ['2024061', false],
  ])('isValidBirthDate(%s) = %s', (date, expected) => {
    expect(isValidBirthDate(date, TODAY)).toBe(expected);
  });

  it('chinaDate is UTC+8', () => {
    expect(chinaDate(new Date('2024-02-28T15:59:59Z'))).toBe('20240228');
    expect(chinaDate(new Date('2024-02-28T16:00:00Z'))).toBe('20240229');
  });

  it.each([
    ['110105491231002', '11010519491231002X'],
    ['440306900307123', '440306199003071232'],
  ])('upgradeLegacyResidentId(%s) = %s', (legacy, full) => {
    expect(upgradeLegacyResidentId(legacy)).toBe(full);
  });

  it('upgradeLegacyResidentId rejects non-15-digit input', () => {
    expect(() => upgradeLegacyResidentId('11010549123100')).toThrow(RangeError);
  });
});
