// Tests for the Unified Social Credit Code (GB 32100-2015) and its embedded GB 11714 organisation code.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/shared/errors.js';
import { orgCodeCheckChar, usccCheckChar, validateUscc } from '../../../src/domain/uscc.js';
import { usccCheck } from './vectors.js';

/** Builds a valid code from authority+type, region and an 8-char organisation-code body. */
function makeUscc(head2: string, region6: string, orgBody8: string): string {
  const first17 = head2 + region6 + orgBody8 + orgCodeCheckChar(orgBody8);
  return first17 + usccCheck(first17);
}

describe('validateUscc — valid', () => {
  // Hard-coded literals: codes from public documentation / licences, both check characters verified offline.
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['91110000600037341L', '91110000600037341L'],
    ['9144030071526726XG', '9144030071526726XG'],
    ['91330100716105852F', '91330100716105852F'],
    ['51310110501144395U', '51310110501144395U'],
    ['53100000500019795A', '53100000500019795A'],
    ['92230109MAKCUYD46K', '92230109MAKCUYD46K'],
    ['91350100m000100y43', '91350100M000100Y43'],
    [' 9135 0100-M000 100Y 43 ', '91350100M000100Y43'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43'],
  ])('%s', (raw, code) => {
    const r = validateUscc(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.code).toBe(code);
  });

  it.each([
    ['Y1', '110000', '12345678'],
    ['N2', '440300', 'MA5H8REU'],
    ['A1', '310000', '00000000'],
    ['12', '100000', '40000011'],
  ])('generated %s/%s/%s', (head, region, body) => {
    const code = makeUscc(head, region, body);
    expect(validateUscc(code).ok).toBe(true);
  });

  it('splits the code into its parts', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      value: {
        code: '91350100M000100Y43',
        registrationAuthority: '9',
        organizationType: '1',
        regionCode: '350100',
        organizationCode: 'M000100Y4',
      },
    });
  });
});

describe('validateUscc — invalid', () => {
  it.each<[string, string, ErrorCode]>([
    ['empty', '', 'uscc.empty'],
    ['blank', '  - ', 'uscc.empty'],
    ['17 chars', '91350100M000100Y4', 'uscc.format'],
    ['19 chars', '91350100M000100Y433', 'uscc.format'],
    ['letter I', '91350100I000100Y43', 'uscc.format'],
    ['letter O', '91350100O000100Y43', 'uscc.format'],
    ['letter S', '91350100S000100Y43', 'uscc.format'],
    ['letter V', '91350100V000100Y43', 'uscc.format'],
    ['letter Z', '91350100Z000100Y43', 'uscc.format'],
    ['Z as check char', '91350100M000100Y4Z', 'uscc.format'],
    ['letter in region', '91A50100M000100Y43', 'uscc.format'],
    ['punctuation', '91350100M000100Y4*', 'uscc.format'],
    ['an ID number shape', '11010519491231002X', 'uscc.checksum'],
    ['wrong check char', '91350100M000100Y44', 'uscc.checksum'],
    ['changed region', '91350200M000100Y43', 'uscc.checksum'],
    ['swapped chars', '91110000600037314L', 'uscc.checksum'],
    // Real-world exception (hutool#2020/#4119): some pre-2016 Xiamen codes fail the 18th check.
    ['non-conforming Xiamen code', '91350203M0001QKT19', 'uscc.checksum'],
  ])('%s: %s → %s', (_label, raw, code) => {
    expect(validateUscc(raw)).toEqual({ ok: false, code });
  });

  it('rejects a broken organisation-code check even when the 18th character is right', () => {
    const first17 = '91350100M000100Y5'; // org-code check should be 4
    const code = first17 + usccCheck(first17);
    expect(validateUscc(code)).toEqual({ ok: false, code: 'uscc.checksum' });
    expect(validateUscc(code, { checkOrganizationCode: false }).ok).toBe(true);
  });
});

describe('USCC check characters', () => {
  it.each([
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
    ['9144030071526726X', 'G'],
  ])('usccCheckChar(%s) = %s', (first17, check) => {
    expect(usccCheckChar(first17)).toBe(check);
    expect(usccCheck(first17)).toBe(check);
  });

  it('agrees with the independent helper, including check value 0', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const seen = new Set<string>();
    for (let i = 0; i < 31 * 20; i++) {
      const first17 = `9${alphabet[i % 31]}110000${String(i).padStart(8, '0')}0`;
      seen.add(usccCheckChar(first17));
      expect(usccCheckChar(first17)).toBe(usccCheck(first17));
    }
    expect(seen.has('0')).toBe(true);
  });

  it.each([
    ['M000100Y', '4'],
    ['71526726', 'X'],
    ['60003734', '1'],
    ['71610585', '2'],
    ['MA5H8REU', '3'],
    ['00000000', '0'],
  ])('orgCodeCheckChar(%s) = %s', (body, check) => {
    expect(orgCodeCheckChar(body)).toBe(check);
  });

  it('throws on malformed input (programming error)', () => {
    expect(() => usccCheckChar('9135')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100I000100Y4')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('m000100y')).toThrow(RangeError);
  });
});
