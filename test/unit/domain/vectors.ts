// Independent test-vector generators: weights are derived from the standards' formulas, not copied from src.

/** GB 11643 MOD 11-2: weight of position i (1-based from the left, 18 chars) is 2^(18-i) mod 11. */
export function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11; // the check value a1 with (sum + a1) ≡ 1 (mod 11)
  return value === 10 ? 'X' : String(value);
}

/** A full 18-character ID number from its first 17 digits. */
export function withIdCheck(first17: string): string {
  return first17 + idCheck(first17);
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100: weight of position i (0-based) is 3^i mod 31; check value = 31 - (sum mod 31), 31 → 0. */
export function usccCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    sum += USCC_CHARS.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** Luhn validity by the "double every second digit from the right" definition. */
export function luhnValid(digits: string): boolean {
  const sum = digits
    .split('')
    .reverse()
    .map((c, i) => (i % 2 === 1 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][Number(c)] ?? 0 : Number(c)))
    .reduce((a, b) => a + b, 0);
  return sum % 10 === 0;
}

/** Appends the digit that makes `partial` Luhn-valid, found by trying all ten. */
export function withLuhn(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return partial + d;
  throw new Error('unreachable');
}

/** A fixed "today": 2024-06-15 12:00 in China (04:00 UTC). */
export const TODAY = new Date('2024-06-15T04:00:00Z');
