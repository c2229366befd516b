// Tests for assurance levels and their derivation from evidence.
import { describe, expect, it } from 'vitest';
import {
  ASSURANCE_LEVEL_LABELS,
  LEVELS,
  atLeast,
  deriveLevel,
  isAssuranceLevel,
  levelRank,
  type AssuranceEvidence,
  type AssuranceLevel,
} from '../../../src/domain/assurance.js';

const NOW = new Date('2024-06-15T04:00:00Z');
const PAST = new Date('2024-06-01T00:00:00Z');
const FUTURE = new Date('2024-07-01T00:00:00Z');

function ev(level: AssuranceLevel, overrides: Partial<AssuranceEvidence> = {}): AssuranceEvidence {
  return { level, result: 'pass', expiresAt: null, revokedAt: null, ...overrides };
}

describe('levels', () => {
  it.each<[AssuranceLevel, number, string, string]>([
    ['L1', 1, '已注册', 'Registered'],
    ['L2', 2, '身份已声明', 'Identity declared'],
    ['L3', 3, '身份已核验', 'Identity verified'],
    ['L4', 4, '真人已核验', 'Real person verified'],
    ['L5', 5, '现场或数字证书认证', 'Verified in person or by certificate'],
  ])('%s has rank %i and labels %s / %s', (level, rank, zh, en) => {
    expect(LEVELS[rank - 1]).toBe(level);
    expect(levelRank(level)).toBe(rank);
    expect(ASSURANCE_LEVEL_LABELS[level]).toEqual({ 'zh-CN': zh, 'en-US': en });
  });

  it.each<[AssuranceLevel, AssuranceLevel, boolean]>([
    ['L1', 'L1', true],
    ['L3', 'L3', true],
    ['L4', 'L3', true],
    ['L5', 'L1', true],
    ['L2', 'L3', false],
    ['L1', 'L5', false],
    ['L4', 'L5', false],
  ])('atLeast(%s, %s) = %s', (a, b, expected) => {
    expect(atLeast(a, b)).toBe(expected);
  });

  it.each([
    ['L1', true],
    ['L5', true],
    ['L0', false],
    ['L6', false],
    ['l3', false],
    [3, false],
  ])('isAssuranceLevel(%s) = %s', (value, expected) => {
    expect(isAssuranceLevel(value)).toBe(expected);
  });
});

describe('deriveLevel', () => {
  it.each<[string, AssuranceEvidence[], AssuranceLevel]>([
    ['no evidence', [], 'L1'],
    ['one passing L3', [ev('L3')], 'L3'],
    ['highest passing wins', [ev('L2'), ev('L4'), ev('L3')], 'L4'],
    ['failed evidence ignored', [ev('L2'), ev('L5', { result: 'fail' })], 'L2'],
    ['only failed evidence', [ev('L4', { result: 'fail' })], 'L1'],
    ['expired evidence ignored', [ev('L2'), ev('L4', { expiresAt: PAST })], 'L2'],
    ['expiring exactly now is expired', [ev('L4', { expiresAt: NOW })], 'L1'],
    ['expiring in the future counts', [ev('L4', { expiresAt: FUTURE })], 'L4'],
    ['expiring 1 ms from now counts', [ev('L3', { expiresAt: new Date(NOW.getTime() + 1) })], 'L3'],
    ['revoked evidence ignored', [ev('L3'), ev('L5', { revokedAt: PAST })], 'L3'],
    ['any revokedAt means revoked', [ev('L5', { revokedAt: FUTURE })], 'L1'],
    ['failed, expired and revoked all ignored', [ev('L5', { result: 'fail' }), ev('L4', { expiresAt: PAST }), ev('L3', { revokedAt: PAST }), ev('L2')], 'L2'],
    ['L1 evidence', [ev('L1')], 'L1'],
  ])('%s → %s', (_label, evidence, expected) => {
    expect(deriveLevel(evidence, NOW)).toBe(expected);
  });
});
