/**
 * The recovery flow's record and the points where a method's work lands on it (忘记密码, seed 002
 * §2.3; the steps are in ./forgot-password.ts, the methods in src/methods/<method>/recovery.ts):
 *
 *   account ──▶ verify ──a method passes (acceptPass)──▶ reset ──new password (./reset.ts)──▶ completed
 *
 * The methods import this module and never the flow's steps, so the flow can list its methods
 * (src/methods/recovery-methods.ts) without an import circle.
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { assertThat } from '../../shared/app-error.js';
import { countRecordTry, passingRecord, type RecordOf, type VerificationRecord, type Verifications } from '../../methods/records.js';
import type { Pass } from '../../methods/registry.js';
import { advanceFlow, expectState, type Flow } from '../flow.js';

export const KIND = 'recovery';
export const MAX_ANSWER_ATTEMPTS = 3;
export const RECOVERABLE_KINDS = ['person', 'org'] as const;
export type AccountKind = (typeof RECOVERABLE_KINDS)[number];

export type State = 'account' | 'verify' | 'reset' | 'completed';

export interface Data {
  accountKind?: AccountKind;
  /** Null when the identifier named no recoverable account; never shown. */
  accountId?: string | null;
  /** Keyed hash of the typed identifier: rate-limit subject and decoy seed. */
  identifierKey?: string;
  /** Each method's state and result (src/methods/records.ts); only their tries survive '上一步'. */
  verifications?: Verifications;
  /** 修改完成: the method that verified the flow. */
  verifiedBy?: string;
  /** 修改完成 after 银行卡验证: the name and phone the account now has, masked. */
  bankIdentity?: { nameMasked: string; phoneMasked: string };
}

export type RecoveryFlow = Flow<State, Data>;

/**
 * What the recovery limits of a flow count against: the identifier typed at step 1, known account
 * or not. Not the account: a count shared by its username, ID number and phone would show that
 * they are one account (the same person can thus try once per identifier they have; docs/security.md).
 */
export const subjectOf = (d: Data) => d.identifierKey ?? 'unknown';

/** Counts one try of a method at 验证身份 (security answers, a bank check); past `max`, recovery.too_many_attempts. */
export const countTry = <M extends VerificationRecord['method']>(ctx: AppContext, flow: RecoveryFlow, record: RecordOf<M>, max: number) => {
  expectState(flow, 'verify');
  return countRecordTry(ctx, flow, record, max, 'recovery.too_many_attempts');
};

/** The audit entry of a verification that failed: about the account if one was named, else the identifier typed. */
export const auditFailure = (ctx: AppContext, flow: RecoveryFlow, ip: string, detail: Record<string, unknown>) =>
  audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: flow.data.accountId ?? flow.data.identifierKey ?? null, detail });

/**
 * Where a method's pass lands (the recovery purpose's first completion point): the flow — holding
 * the method's passed record — moves from 验证身份 to 重置密码, with its audit entry, in one
 * transaction, so the log never says "verified" for a step another request took. Refuses unless
 * the flow holds a passing record for the account it recovers.
 */
export async function acceptPass(ctx: AppContext, step: Flow, from: string, pass: Pass, ip: string): Promise<RecoveryFlow> {
  assertThat(step.kind === KIND && from === 'verify', 'flow.wrong_state');
  const flow = step as RecoveryFlow;
  const d = flow.data;
  const record = passingRecord(d.verifications, { accountId: d.accountId, purpose: 'recovery' });
  assertThat(record && pass.accountId === d.accountId, 'flow.wrong_state');
  return ctx.db.transaction().execute(async (tx) => {
    const next = await advanceFlow(ctx, flow, 'verify', 'reset', d, tx);
    await audit(tx, { at: ctx.clock.now(), actor: d.accountId ?? 'anonymous', event: 'recovery.verified', result: 'success', ip, subject: d.accountId ?? null, detail: { method: record.method } });
    return next;
  });
}
