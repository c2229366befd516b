// Password policy for new passwords: length, letter+digit composition, common-password blocklist, personal context.
import { COMMON_PASSWORDS } from './common-passwords.js';
import { fail, ok, type Result } from './result.js';

/** Inclusive length bounds, counted in Unicode code points. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

/** Site names always refused inside a password (in addition to `context.siteNames`). */
export const DEFAULT_SITE_NAMES: readonly string[] = ['shenfen'];

/** Personal data the password must not contain (compared case-insensitively). */
export interface PasswordContext {
  username?: string;
  idNumber?: string;
  siteNames?: readonly string[];
}

/** Shortest username that is looked for inside the password (shorter ones would match too much). */
const MIN_USERNAME_MATCH = 3;
/** Length of the ID-number tail that is refused (covers "the whole number" too). */
const ID_TAIL_LENGTH = 6;

/** Comparison form only; the password itself is never altered. */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/**
 * Checks a new password; returns it unchanged when acceptable, else the FIRST failing code, in order:
 * 'password.too_short' / 'password.too_long' (8..64 code points), 'password.composition' (needs a
 * letter — any script — and a decimal digit), 'password.common' (blocklist, case-insensitive),
 * 'password.contains_context' (contains the username (3+ chars), the ID number or its last 6
 * characters, 'shenfen' or another site name; case-insensitive).
 * Example: `checkPassword('Qq123456', {})` → `{ ok: false, code: 'password.common' }`;
 * `checkPassword('Cloud-Rain-2718', { username: 'zhang_san' })` → `{ ok: true, value: 'Cloud-Rain-2718' }`.
 */
export function checkPassword(password: string, context: PasswordContext = {}): Result<string> {
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) return fail('password.too_short');
  if (length > PASSWORD_MAX_LENGTH) return fail('password.too_long');
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return fail('password.composition');

  const folded = fold(password);
  if (COMMON_PASSWORDS.has(folded)) return fail('password.common');

  const needles: string[] = [];
  const username = fold(context.username ?? '').trim();
  if (Array.from(username).length >= MIN_USERNAME_MATCH) needles.push(username);
  const idNumber = fold(context.idNumber ?? '').replace(/\s+/gu, '');
  if (idNumber.length >= ID_TAIL_LENGTH) needles.push(idNumber.slice(-ID_TAIL_LENGTH));
  for (const site of [...DEFAULT_SITE_NAMES, ...(context.siteNames ?? [])]) {
    const name = fold(site).trim();
    if (name !== '') needles.push(name);
  }
  if (needles.some((needle) => folded.includes(needle))) return fail('password.contains_context');

  return ok(password);
}
