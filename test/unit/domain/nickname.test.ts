import { describe, expect, it } from 'vitest';
import { NICKNAME_MAX_LENGTH, normaliseNickname } from '../../../src/domain/index.js';

describe('the one nickname rule (registration by phone and the account centre)', () => {
  it('folds NFKC and trims', () => {
    expect(normaliseNickname('  老李 ')).toBe('老李');
    expect(normaliseNickname('Ｌｉ　Ｓｉ')).toBe('Li Si');
    expect(normaliseNickname('小王-2·A.b_c')).toBe('小王-2·A.b_c');
  });

  it('takes 1–20 characters starting with a letter or digit, without symbols or control characters', () => {
    expect(normaliseNickname('x'.repeat(NICKNAME_MAX_LENGTH))).toBe('x'.repeat(20));
    for (const bad of ['', '   ', 'x'.repeat(21), '_abc', '·老李', '<b>', '老李!', 'a\u200bb', 'a\nb', '😀']) expect(normaliseNickname(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
