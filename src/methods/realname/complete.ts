/**
 * The real-name purpose's completion point (issue 23): every method's answer about a person — a
 * form checked with an authority (verify.ts), 变更用户信息 and the phone change by bank card, the
 * bank identity a recovery takes, Alipay's answer, the counter's check — becomes evidence through
 * `completeRealName`, as the registry's pass (src/methods/registry.ts: evidence + level), so the
 * level a method gives and how long it lasts are decided in one place. Failing answers an
 * authority gave are kept too (result 'fail', no level): they explain a refusal later.
 */
import { addMinutes, type AppContext } from '../../context.js';
import type { DB } from '../../store/db.js';
import type { Pass } from '../registry.js';
import { recordEvidence, type EvidenceInput } from './evidence.js';
import type { RealNameMethod, Verdict } from './method.js';

/** A method's answer for an account, ready to record: a pass (with its level) or a failure. */
export type RealNameOutcome = Pass & { accountId: string; evidence: EvidenceInput };

/** The evidence record of a method's verdict (one the authority answered): pass or fail, with its validity. */
export function evidenceOf(ctx: AppContext, accountId: string, method: Pick<RealNameMethod, 'id' | 'level' | 'validityDays'>, verdict: Verdict & { source: string }): EvidenceInput {
  return {
    accountId,
    method: method.id,
    source: verdict.source,
    level: method.level,
    result: verdict.ok ? 'pass' : 'fail',
    reason: verdict.ok ? null : verdict.reason,
    inputFingerprint: verdict.fingerprint,
    expiresAt: verdict.ok && method.validityDays ? addMinutes(ctx.clock.now(), method.validityDays * 24 * 60) : null,
    reference: verdict.reference ?? null,
  };
}

/** The outcome of a method's verdict for an account: the evidence, and for a pass the level it is evidence for. */
export function realNameOutcome(ctx: AppContext, accountId: string, method: Pick<RealNameMethod, 'id' | 'level' | 'validityDays'>, verdict: Verdict & { source: string }): RealNameOutcome {
  return { accountId, evidence: evidenceOf(ctx, accountId, method, verdict), amr: [method.id], ...(verdict.ok ? { level: method.level } : {}) };
}

/** Records the outcome's evidence (in the caller's transaction when given `db`); returns the evidence's id. */
export async function completeRealName(ctx: AppContext, outcome: RealNameOutcome, db: DB = ctx.db): Promise<string> {
  // An outcome is built by realNameOutcome; one assembled by hand must still be about its own account.
  if (outcome.evidence.accountId !== outcome.accountId) throw new Error('real-name evidence for another account');
  return recordEvidence(ctx, outcome.evidence, db);
}
