// Tests for the password policy.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/shared/errors.js';
import { COMMON_PASSWORDS } from '../../../src/domain/common-passwords.js';
import { checkPassword, type PasswordContext } from '../../../src/domain/password-policy.js';

const ID = '11010519491231002X';

describe('checkPassword — valid', () => {
  it.each<[string, string, PasswordContext]>([
    ['plain letters+digits', 'Cloud-Rain-2718', { username: 'zhang_san' }],
    ['exactly 8', 'kx7pq2mz', {}],
    ['spaces kept', ' correct horse 9 battery ', {}],
    ['Chinese letters count as letters', '云雨山川风月2718', {}],
    ['exactly 8 code points, CJK', '一二三四五六七8', {}],
    ['astral characters count once each', '😀😀😀😀😀😀a1', {}],
    ['exactly 64 code points', `a1${'x'.repeat(62)}`, {}],
    ['64 code points of which 62 astral (126 UTF-16 units)', `${'😀'.repeat(62)}a1`, {}],
    ['only the ID tail is refused, not shorter parts', 'abc231002y9', { idNumber: ID }],
    ['2-char username is not looked for', 'ab12345678x', { username: 'ab' }],
    ['site name absent', 'gov-portal8', { siteNames: ['beijing-gov'] }],
  ])('%s', (_label, password, context) => {
    expect(checkPassword(password, context)).toEqual({ ok: true, value: password });
  });

  it('works without a context argument', () => {
    expect(checkPassword('kx7pq2mz')).toEqual({ ok: true, value: 'kx7pq2mz' });
  });
});

describe('checkPassword — invalid', () => {
  it.each<[string, string, PasswordContext, ErrorCode]>([
    ['empty', '', {}, 'password.too_short'],
    ['7 chars', 'a1b2c3d', {}, 'password.too_short'],
    ["'a123456' (7 chars)", 'a123456', {}, 'password.too_short'],
    ['6 code points in 9 UTF-16 units', '😀😀😀a1b', {}, 'password.too_short'],
    ['65 code points', `a1${'x'.repeat(63)}`, {}, 'password.too_long'],
    ['65 code points, astral', `${'😀'.repeat(63)}a1`, {}, 'password.too_long'],
    ['letters only', 'abcdefgh', {}, 'password.composition'],
    ['digits only', '12345678', {}, 'password.composition'],
    ['symbols only', '!!!!!!!!', {}, 'password.composition'],
    ['letters and symbols', 'abc!def?', {}, 'password.composition'],
    ['Chinese without digits', '密码密码密码密码', {}, 'password.composition'],
    ['password1', 'password1', {}, 'password.common'],
    ['Password1', 'Password1', {}, 'password.common'],
    ['PASSWORD1', 'PASSWORD1', {}, 'password.common'],
    ['a123456789', 'a123456789', {}, 'password.common'],
    ['woaini1314', 'woaini1314', {}, 'password.common'],
    ['WoAiNi1314', 'WoAiNi1314', {}, 'password.common'],
    ['qq123456', 'qq123456', {}, 'password.common'],
    ['123456789a', '123456789a', {}, 'password.common'],
    ['Aa123456', 'Aa123456', {}, 'password.common'],
    ['admin123', 'admin123', {}, 'password.common'],
    ['1qaz2wsx', '1qaz2wsx', {}, 'password.common'],
    ['full-width qq123456', 'ｑｑ１２３４５６', {}, 'password.common'],
    ['common wins over context', 'admin123', { username: 'admin' }, 'password.common'],
    ['contains username', 'zhangsan2024', { username: 'ZhangSan' }, 'password.contains_context'],
    ['username in the middle', 'my-zhang_san-99', { username: 'zhang_san' }, 'password.contains_context'],
    ['contains the full ID', `x${ID}y`, { idNumber: ID }, 'password.contains_context'],
    ['contains the ID, lowercase x', 'id11010519491231002x', { idNumber: ID }, 'password.contains_context'],
    ['contains the last 6 of the ID', 'abc31002x', { idNumber: ID }, 'password.contains_context'],
    ['contains the last 8 of the ID', 'pw91231002X', { idNumber: ID }, 'password.contains_context'],
    ['ID given with spaces', 'Z440306199003071232', { idNumber: ' 440306 199003071232 ' }, 'password.contains_context'],
    ['default site name', 'myShenFen2024', {}, 'password.contains_context'],
    ['default site name, exact', 'shenfen1', {}, 'password.contains_context'],
    ['custom site name', 'gov-portal-8', { siteNames: ['Gov-Portal'] }, 'password.contains_context'],
    ['default site name kept with custom ones', 'SHENFEN99', { siteNames: ['gov-portal'] }, 'password.contains_context'],
  ])('%s → %s', (_label, password, context, code) => {
    expect(checkPassword(password, context)).toEqual({ ok: false, code });
  });
});

describe('COMMON_PASSWORDS', () => {
  const entries = [...COMMON_PASSWORDS];

  it('ships about 200 entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
  });

  it.each(['woaini1314', 'qq123456', '123456789a', 'aa123456', 'password1', 'admin123', 'a123456789'])('includes %s', (p) => {
    expect(COMMON_PASSWORDS.has(p)).toBe(true);
  });

  it('stores lower-case entries that are reachable (pass length and composition)', () => {
    for (const p of entries) {
      expect(p).toBe(p.toLowerCase());
      expect(checkPassword(p)).toEqual({ ok: false, code: 'password.common' });
    }
  });
});
