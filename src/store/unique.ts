/**
 * Unique violations (SQLSTATE 23505, reported the same way by PostgreSQL and PGlite), told apart
 * by the index or constraint that refused the write, so each flow can answer its own clean 409.
 */

/** The partial unique indexes of migration 0011: a verified phone or e-mail belongs to one person. */
export const UNIQUE = {
  verifiedPhone: 'persons_verified_phone_unique',
  verifiedEmail: 'persons_verified_email_unique',
} as const;

/** True for a unique violation; with `index`, only for one raised by that index or constraint. */
export function isUniqueViolation(err: unknown, index?: string): boolean {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '23505') return false;
  if (index === undefined) return true;
  const e = err as { constraint?: unknown; message?: unknown };
  return e.constraint === index || (e.constraint === undefined && String(e.message).includes(index));
}
