/**
 * Verification records on flows (issue 23): the union of every method's record (one file per
 * method: ./<method>/record.ts) and what flows do with them.
 *
 * A flow keeps its records in `data.verifications`, one per method, keyed by the method's id. Its
 * steps never branch on which method passed: they ask `passingRecord` for a record that passed
 * for the account and serves their purpose, and read what a record carries through its own type
 * (a discriminated union on `method`). Tries are counted by `countRecordTry`, which changes the
 * flow only if nobody counted meanwhile: two tabs cannot both use the last try.
 *
 * Flows stored by a version before the records (loose `attempts`, `smsDestinationEnc`,
 * `bankVerified` … fields) are not read: they live minutes, and such a flow simply has no record
 * (its step answers as for a flow that has not got that far: otp.expired, flow.wrong_state).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { Flow } from '../flows/flow.js';
import { AppError, assertThat } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/errors.js';
import type { Bank4Record } from './bank4/record.js';
import type { FaceRecord } from './face/record.js';
import type { OrgSecurityQuestionsRecord } from './org-security-questions/record.js';
import type { Purpose } from './registry.js';
import type { SecurityQuestionsRecord } from './security-questions/record.js';
import type { SmsByIdRecord } from './sms-by-id/record.js';

export type VerificationRecord = FaceRecord | SecurityQuestionsRecord | SmsByIdRecord | Bank4Record | OrgSecurityQuestionsRecord;
export type RecordMethod = VerificationRecord['method'];
export type RecordOf<M extends RecordMethod> = Extract<VerificationRecord, { method: M }>;

/** A flow's records, one per method. */
export type Verifications = { [M in RecordMethod]?: RecordOf<M> };

/** What flows holding records store them in. */
export interface WithVerifications {
  verifications?: Verifications;
}

/** The purposes a passing record of each method is evidence for (what a flow's step may accept it for). */
const SERVES: Record<RecordMethod, readonly Purpose[]> = {
  face: ['recovery'],
  security_questions: ['recovery'],
  sms: ['recovery'],
  bank4: ['recovery'],
  org_security_questions: ['recovery'],
};

/**
 * Tries shared between methods: a person's and an org's security answers are one count per flow
 * (as they always were), so switching the account kind at 上一步 gives no fresh tries.
 */
const TRY_POOL: Record<RecordMethod, string> = {
  face: 'face',
  security_questions: 'answers',
  org_security_questions: 'answers',
  sms: 'sms',
  bank4: 'bank4',
};

export const recordsOf = (v: Verifications | undefined): VerificationRecord[] => Object.values(v ?? {}) as VerificationRecord[];

export function recordOf<M extends RecordMethod>(v: Verifications | undefined, method: M): RecordOf<M> | undefined {
  return v?.[method] as RecordOf<M> | undefined;
}

export const withRecord = (v: Verifications | undefined, r: VerificationRecord): Verifications => ({ ...v, [r.method]: r });

/** The record that passed for `accountId` and serves `purpose`, if the flow holds one. A record about no account never passes. */
export function passingRecord(v: Verifications | undefined, want: { accountId: string | null | undefined; purpose: Purpose }): VerificationRecord | undefined {
  if (!want.accountId) return undefined;
  return recordsOf(v).find((r) => r.status === 'passed' && r.accountId === want.accountId && SERVES[r.method].includes(want.purpose));
}

/**
 * What of a flow's records survives 上一步 to the first step: each method's tries, nothing it
 * asked, sent or proved (the next account typed starts afresh, with the tries already used).
 */
export function carriedTries(v: Verifications | undefined): Verifications {
  let out: Verifications = {};
  for (const r of recordsOf(v)) if (r.tries > 0) out = withRecord(out, { method: r.method, accountId: null, status: 'open', tries: r.tries });
  return out;
}

/**
 * Starts a method's record for a new account, with the tries its pool used so far in this flow;
 * the pool's other records give theirs up to it.
 */
export function beginRecord<M extends RecordMethod>(v: Verifications | undefined, fresh: Omit<RecordOf<M>, 'tries' | 'status'> & { method: M }): Verifications {
  const pool = TRY_POOL[fresh.method];
  let tries = 0;
  let out: Verifications = {};
  for (const r of recordsOf(v)) {
    if (TRY_POOL[r.method] === pool) tries += r.tries;
    else out = withRecord(out, r);
  }
  return withRecord(out, { ...fresh, status: 'open', tries } as VerificationRecord);
}

/**
 * Counts one try of a method (flow.countTry for a record): past `max`, `tooMany`. The count changes
 * only if nobody counted meanwhile; the try that lost the race hears flow.wrong_state.
 */
export async function countRecordTry<S extends string, D extends WithVerifications, M extends RecordMethod>(
  ctx: AppContext,
  flow: Flow<S, D>,
  record: RecordOf<M>,
  max: number,
  tooMany: ErrorCode,
): Promise<{ flow: Flow<S, D>; record: RecordOf<M>; count: number }> {
  const count = record.tries + 1;
  if (count > max) throw new AppError(tooMany);
  const next = { ...record, tries: count };
  const data = { ...flow.data, verifications: withRecord(flow.data.verifications, next) };
  const res = await ctx.db
    .updateTable('flows')
    .set({ data: JSON.stringify(data), updated_at: ctx.clock.now() })
    .where('id', '=', flow.id)
    .where('state', '=', flow.state)
    .where(sql<boolean>`coalesce((data #>> ${`{verifications,${record.method},tries}`}::text[])::int, 0) = ${count - 1}`)
    .executeTakeFirst();
  assertThat(Number(res.numUpdatedRows) === 1, 'flow.wrong_state');
  return { flow: { ...flow, data }, record: next, count };
}
