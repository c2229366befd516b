/** 养老资格认证 registry rules (issue 14): the number forms, normalisation, masking, the yearly cycle's status, the CSV reader. */
import { describe, expect, it } from 'vitest';
import { parseCsv, validateCsv } from '../../src/pension/import.js';
import { addMonths, maskSsn, normaliseRetireeName, normaliseSsn, ssnKind, statusOf } from '../../src/pension/registry.js';
import { residentId } from '../../src/pension/sandbox.js';

const today = new Date('2026-12-08T00:00:00Z');
const ID = residentId('440106', '19520314', 28);

describe('社会保障号码 forms', () => {
  it('takes an 18-character resident ID only with its right check character', () => {
    expect(ssnKind(ID, today)).toBe('resident_id');
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(ssnKind(wrong, today)).toBeNull();
    expect(ssnKind('11010519491231002X', today)).toBe('resident_id');
    expect(ssnKind(`${ID.slice(0, 17)}Y`, today)).toBeNull();
    // 15 digits: an old ID, not accepted as a registered number either.
    expect(ssnKind('110105491231002', today)).toBeNull();
  });

  it('takes the 234号 code: 地区代码 HKG/MAC/TWN, one 预留位 digit, the document number', () => {
    expect(ssnKind(normaliseSsn('HKG 0 A1234567'), today)).toBe('hkmotw_code');
    expect(ssnKind(normaliseSsn('mac0 12345678'), today)).toBe('hkmotw_code');
    expect(ssnKind(normaliseSsn('TWN0A123456789'), today)).toBe('hkmotw_code');
    expect(ssnKind('HKGXA1234567', today)).toBe('registered');
    expect(ssnKind('ABC0A12', today)).toBeNull();
  });

  it('takes a number registered before 234号 (6–20 letters or digits, 6 digits at least), nothing else', () => {
    expect(ssnKind('G12345678', today)).toBe('registered');
    expect(ssnKind('ABCDE1', today)).toBeNull();
    expect(ssnKind('12345', today)).toBeNull();
    expect(ssnKind('', today)).toBeNull();
    expect(ssnKind('A'.repeat(15) + '123456', today)).toBeNull();
  });

  it('normalises full-width, spaces, brackets and case; names by white space and case', () => {
    expect(normaliseSsn(' ｈｋｇ０ a123456(7) ')).toBe('HKG0A1234567');
    expect(normaliseRetireeName('  CHAN   Tai Man ')).toBe(normaliseRetireeName('chan tai man'));
    expect(normaliseRetireeName('李秀英')).not.toBe(normaliseRetireeName('李秀'));
  });

  it('masks a resident ID as everywhere and keeps a 234号 code’s 地区代码', () => {
    expect(maskSsn('440106195203140285', 'resident_id')).toBe('4401**********0285');
    expect(maskSsn('HKG0A1234567', 'hkmotw_code')).toBe('HKG*****4567');
  });
});

describe('the yearly cycle', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('is 待认证 never certified, 已逾期 once due, 即将到期 within the reminder days, else 已认证', () => {
    expect(statusOf({ last_certified_at: null, due_at: null }, now, 30)).toBe('pending');
    expect(statusOf({ last_certified_at: new Date('2025-05-01Z'), due_at: new Date('2026-05-01Z') }, now, 30)).toBe('overdue');
    expect(statusOf({ last_certified_at: new Date('2025-06-20Z'), due_at: new Date('2026-06-20Z') }, now, 30)).toBe('due_soon');
    expect(statusOf({ last_certified_at: new Date('2025-08-01Z'), due_at: new Date('2026-08-01Z') }, now, 30)).toBe('certified');
  });
  it('moves the due date by months, the last day of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T04:00:00Z'), 1).toISOString()).toBe('2026-02-28T04:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T04:00:00Z'), 12).toISOString()).toBe('2027-03-15T04:00:00.000Z');
  });
});

describe('the registry CSV', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,""c"""\r\n1,2\n\n')).toEqual([
      { line: 1, fields: ['a', 'b,"c"'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });
  it('reports every problem of every row with its line, and no records then', () => {
    const csv = ['姓名,社会保障号码,证件类型,参保地区,待遇状态,生存状态,上次认证日期', `李秀英,${ID},resident_id,广州市,正常,正常,2026-01-05`, ',123,resident_id,,未知,正常,2026-02-30', `王五,${ID},resident_id,广州市,正常,正常,`].join('\n');
    const { records, errors } = validateCsv(csv, today);
    expect(records).toEqual([]);
    expect(errors.filter((e) => e.line === 3).map((e) => e.field).sort()).toEqual(['参保地区', '上次认证日期', '姓名', '待遇状态', '社会保障号码'].sort());
    expect(errors.filter((e) => e.line === 4)).toEqual([{ line: 4, field: '社会保障号码', problem: '社会保障号码与第2行重复' }]);
  });
  it('refuses a file without a required column', () => {
    expect(validateCsv('姓名,社会保障号码\n李秀英,1', today).errors.map((e) => e.field)).toEqual(['证件类型', '参保地区', '待遇状态', '生存状态']);
  });
});
