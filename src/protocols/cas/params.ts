/** Reading CAS query parameters defensively: one value each, bounded length, no control characters. */
import { CONTROL_CHARACTER } from '../../http/validate.js';

/**
 * The parameter's value; undefined when absent or empty; null when repeated, longer than `max` or
 * holding a control character (which no URL or ticket has, and PostgreSQL refuses as NUL).
 */
export function param(query: unknown, name: string, max: number): string | undefined | null {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max || CONTROL_CHARACTER.test(value)) return null;
  return value;
}

/**
 * `renew` and `gateway` count as set when present with any value but `false` (the spec says
 * "if this parameter is set" and recommends `true`); a repeated or oversized one counts as set,
 * which for `renew` is the safe side.
 */
export function flag(value: string | undefined | null): boolean {
  return value !== undefined && value !== 'false';
}
