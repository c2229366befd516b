// Tests for identity document types, labels and per-type number validation.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/shared/errors.js';
import {
  ID_TYPE_LABELS,
  ID_TYPES,
  isIdType,
  validateIdDocument,
  type IdDocument,
  type IdType,
} from '../../../src/domain/id-documents.js';
import { TODAY, withIdCheck } from './vectors.js';

describe('ID types and labels', () => {
  it.each<[IdType, string, string]>([
    ['resident_id', '居民身份证', 'Resident Identity Card'],
    ['hmt_residence_permit', '港澳台居民居住证', 'Residence Permit for Hong Kong, Macao and Taiwan Residents'],
    ['hk_mo_travel_permit', '港澳居民来往内地通行证', 'Mainland Travel Permit for Hong Kong and Macao Residents'],
    ['tw_travel_permit', '台湾居民来往大陆通行证', 'Mainland Travel Permit for Taiwan Residents'],
    ['foreign_permanent_residence', '外国人永久居留身份证', 'Foreign Permanent Resident ID Card'],
  ])('%s → %s / %s', (idType, zh, en) => {
    expect(ID_TYPES).toContain(idType);
    expect(ID_TYPE_LABELS[idType]).toEqual({ 'zh-CN': zh, 'en-US': en });
  });

  it('lists exactly five types', () => {
    expect(ID_TYPES).toHaveLength(5);
    expect(Object.keys(ID_TYPE_LABELS).sort()).toEqual([...ID_TYPES].sort());
  });

  it.each([
    ['resident_id', true],
    ['foreign_permanent_residence', true],
    ['passport', false],
    ['', false],
    [42, false],
    [null, false],
  ])('isIdType(%s) = %s', (value, expected) => {
    expect(isIdType(value)).toBe(expected);
  });
});

describe('validateIdDocument — valid', () => {
  it.each<[IdType, string, IdDocument]>([
    ['resident_id', '11010519491231002x', { idType: 'resident_id', number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' }],
    ['resident_id', '110105491231002', { idType: 'resident_id', number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' }],
    ['hmt_residence_permit', '810000199001010019', { idType: 'hmt_residence_permit', number: '810000199001010019', birthDate: '1990-01-01', sex: 'male' }],
    ['hmt_residence_permit', '820000198506150022', { idType: 'hmt_residence_permit', number: '820000198506150022', birthDate: '1985-06-15', sex: 'female' }],
    ['hmt_residence_permit', '830000197711300031', { idType: 'hmt_residence_permit', number: '830000197711300031', birthDate: '1977-11-30', sex: 'male' }],
    ['hmt_residence_permit', ' 83000019771130004x ', { idType: 'hmt_residence_permit', number: '83000019771130004X', birthDate: '1977-11-30', sex: 'female' }],
    ['hk_mo_travel_permit', 'H12345678', { idType: 'hk_mo_travel_permit', number: 'H12345678' }],
    ['hk_mo_travel_permit', 'm87654321', { idType: 'hk_mo_travel_permit', number: 'M87654321' }],
    ['hk_mo_travel_permit', ' H 1234 5678 ', { idType: 'hk_mo_travel_permit', number: 'H12345678' }],
    ['hk_mo_travel_permit', 'H1234567801', { idType: 'hk_mo_travel_permit', number: 'H1234567801' }],
    ['hk_mo_travel_permit', 'Ｍ１２３４５６７８', { idType: 'hk_mo_travel_permit', number: 'M12345678' }],
    ['tw_travel_permit', '12345678', { idType: 'tw_travel_permit', number: '12345678' }],
    ['tw_travel_permit', ' 1234 5678 ', { idType: 'tw_travel_permit', number: '12345678' }],
    ['foreign_permanent_residence', 'USA123456789012', { idType: 'foreign_permanent_residence', number: 'USA123456789012' }],
    ['foreign_permanent_residence', 'usa 1234 5678 9012', { idType: 'foreign_permanent_residence', number: 'USA123456789012' }],
    ['foreign_permanent_residence', '911840198001010013', { idType: 'foreign_permanent_residence', number: '911840198001010013', birthDate: '1980-01-01' }],
    ['foreign_permanent_residence', '93125019851231002x', { idType: 'foreign_permanent_residence', number: '93125019851231002X', birthDate: '1985-12-31' }],
    ['foreign_permanent_residence', '944392200002290034', { idType: 'foreign_permanent_residence', number: '944392200002290034', birthDate: '2000-02-29' }],
  ])('%s %s', (idType, raw, expected) => {
    expect(validateIdDocument(idType, raw, TODAY)).toEqual({ ok: true, value: expected });
  });

  it.each<[IdType, string]>([
    ['hmt_residence_permit', withIdCheck('81000020000229123')],
    ['hmt_residence_permit', withIdCheck('82000019000101456')],
    ['foreign_permanent_residence', withIdCheck('96582620240615001')],
  ])('generated %s %s', (idType, raw) => {
    expect(validateIdDocument(idType, raw, TODAY).ok).toBe(true);
  });
});

describe('validateIdDocument — invalid', () => {
  it.each<[IdType, string, ErrorCode]>([
    ['resident_id', '', 'id_number.empty'],
    ['resident_id', '110105194912310021', 'id_number.checksum'],
    ['resident_id', '810000199001010019', 'id_number.region'],
    ['hmt_residence_permit', '  ', 'id_number.empty'],
    ['hmt_residence_permit', '81000019900101001', 'id_number.format'],
    ['hmt_residence_permit', 'H12345678', 'id_number.format'],
    ['hmt_residence_permit', '810000900101001', 'id_number.format'],
    ['hmt_residence_permit', '11010519491231002X', 'id_number.region'],
    ['hmt_residence_permit', withIdCheck('81000119900101001'), 'id_number.region'],
    ['hmt_residence_permit', withIdCheck('84000019900101001'), 'id_number.region'],
    ['hmt_residence_permit', withIdCheck('81000019000229001'), 'id_number.birth_date'],
    ['hmt_residence_permit', withIdCheck('82000020230229001'), 'id_number.birth_date'],
    ['hmt_residence_permit', withIdCheck('83000020240616001'), 'id_number.birth_date'],
    ['hmt_residence_permit', '810000199001010018', 'id_number.checksum'],
    ['hk_mo_travel_permit', '', 'id_number.empty'],
    ['hk_mo_travel_permit', 'H1234567', 'id_number.format'],
    ['hk_mo_travel_permit', 'H123456789', 'id_number.format'],
    ['hk_mo_travel_permit', 'H12345678901', 'id_number.format'],
    ['hk_mo_travel_permit', 'A12345678', 'id_number.format'],
    ['hk_mo_travel_permit', '12345678', 'id_number.format'],
    ['hk_mo_travel_permit', 'HM2345678', 'id_number.format'],
    ['tw_travel_permit', '', 'id_number.empty'],
    ['tw_travel_permit', '1234567', 'id_number.format'],
    ['tw_travel_permit', '123456789', 'id_number.format'],
    ['tw_travel_permit', '1234567801', 'id_number.format'],
    ['tw_travel_permit', 'T1234567', 'id_number.format'],
    ['foreign_permanent_residence', '', 'id_number.empty'],
    ['foreign_permanent_residence', 'US1234567890123', 'id_number.format'],
    ['foreign_permanent_residence', 'USA12345678901', 'id_number.format'],
    ['foreign_permanent_residence', 'USA1234567890123', 'id_number.format'],
    ['foreign_permanent_residence', 'U5A123456789012', 'id_number.format'],
    ['foreign_permanent_residence', '811840198001010013', 'id_number.format'],
    ['foreign_permanent_residence', '91184019800101001', 'id_number.format'],
    ['foreign_permanent_residence', '999840198001010015', 'id_number.region'],
    ['foreign_permanent_residence', withIdCheck('98184019800101001'), 'id_number.region'],
    ['foreign_permanent_residence', '911840198002300012', 'id_number.birth_date'],
    ['foreign_permanent_residence', withIdCheck('91184018991231001'), 'id_number.birth_date'],
    ['foreign_permanent_residence', '911840198001010014', 'id_number.checksum'],
  ])('%s %s → %s', (idType, raw, code) => {
    expect(validateIdDocument(idType, raw, TODAY)).toEqual({ ok: false, code });
  });

  it('rejects an unknown id type at runtime', () => {
    expect(validateIdDocument('passport' as IdType, 'E12345678', TODAY)).toEqual({ ok: false, code: 'id_type.invalid' });
  });
});
