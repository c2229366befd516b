// Shared discriminated result type returned by every domain validator.
import type { ErrorCode } from '../shared/errors.js';

/** A successful validation carrying the normalised value. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A failed validation carrying a stable error code from the shared catalog. */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
}

/**
 * Outcome of a domain validator: the normalised value or an error code.
 * Example: `const r: Result<string> = validatePhone('13800138000'); if (r.ok) use(r.value);`
 */
export type Result<T> = Ok<T> | Failure;

/**
 * Wraps a normalised value as a success.
 * Example: `ok('13800138000')` → `{ ok: true, value: '13800138000' }`.
 */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/**
 * Wraps an error code as a failure.
 * Example: `fail('phone.invalid')` → `{ ok: false, code: 'phone.invalid' }`.
 */
export function fail(code: ErrorCode): Failure {
  return { ok: false, code };
}
