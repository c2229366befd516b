/** Turns an authority's answer into a verdict: one failure message per method, the outcome kept as the recorded reason. */
import type { CheckOutcome, CheckResult } from '../../connectors/realname/authority.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Verdict } from './method.js';

/**
 * `match` passes; `unavailable` asks to try later; every other outcome gets `failure` (or the
 * code `special` gives it), so the person learns no more than the seed's message says.
 */
export function verdictOf(answer: CheckResult, fingerprint: string, failure: ErrorCode, special: Partial<Record<CheckOutcome, ErrorCode>> = {}): Verdict {
  const reference = answer.reference !== undefined ? { reference: answer.reference } : {};
  if (answer.outcome === 'match') return { ok: true, source: answer.source, fingerprint, ...reference };
  const code = answer.outcome === 'unavailable' ? 'realname.unavailable' : (special[answer.outcome] ?? failure);
  return { ok: false, code, source: answer.source, reason: answer.outcome, fingerprint, ...reference };
}
