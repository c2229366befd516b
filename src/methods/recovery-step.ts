/**
 * The HTTP steps of recovery methods (忘记密码, 验证身份): `/api/flows/recovery/:id/<name>`, mounted
 * from the methods by src/http/routes/recovery.ts. Each loads this browser's recovery flow, then
 * reads its body, then counts the IP's recovery limit — the order the routes always had, so a
 * broken body on an unknown flow is still flow.not_found — and hands both to the method.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { loadFlow } from '../flows/flow.js';
import { auditFailure, countTry, KIND, MAX_ANSWER_ATTEMPTS, subjectOf, type Data, type RecoveryFlow, type State } from '../flows/recovery/recovery-flow.js';
import { flowBinding } from '../http/csrf.js';
import { parse } from '../http/validate.js';
import { hit } from '../security/rate-limit.js';
import { AppError } from '../shared/app-error.js';
import { withRecord, type RecordOf, type VerificationRecord, type Verifications } from './records.js';
import type { Method, MethodStep, StepOutcome } from './registry.js';

/**
 * A registry method serving recovery, with what the recovery flow asks of it beside its steps
 * (the registry's contract, src/methods/registry.ts, has no place for these yet).
 */
export interface RecoveryMethod extends Method {
  recovery: {
    /** At 第一步's end, for the account typed (null: none): starts the method's record (the questions to ask …), keeping the tries its pool used. */
    begin?(ctx: AppContext, who: { accountId: string | null; identifierKey: string }, v: Verifications | undefined): Promise<Verifications>;
    /** What the page shows of the method's record (the questions to answer). */
    summary?(v: Verifications | undefined): Record<string, unknown>;
  };
}

export interface RecoveryStepInput<B> {
  ctx: AppContext;
  flow: RecoveryFlow;
  body: B;
  ip: string;
}

/**
 * A recovery step. Unlike most routes, the body is parsed here, after the flow is loaded (the route
 * hands `run` the raw body); the schema is still declared on the step for the route's `input`.
 */
export function recoveryStep<B>(name: string, body: z.ZodType<B>, run: (input: RecoveryStepInput<B>) => Promise<StepOutcome>, output?: z.ZodType): MethodStep<B> {
  return {
    name,
    body,
    ...(output ? { output } : {}),
    async run({ ctx, req, flowId, body: raw }) {
      const flow = await loadFlow<State, Data>(ctx, flowId, flowBinding(req), KIND);
      const input = parse(body, raw);
      await hit(ctx, 'recoveryPerIp', req.ip);
      return run({ ctx, flow, body: input, ip: req.ip });
    },
  };
}

/** A method passed for its record's account: the record, passed, on the flow, for the recovery completion point (acceptPass). */
export function passed(flow: RecoveryFlow, record: VerificationRecord & { accountId: string }): StepOutcome {
  const data = { ...flow.data, verifications: withRecord(flow.data.verifications, { ...record, status: 'passed' }) };
  return { pass: { accountId: record.accountId, amr: [record.method] }, flow: { ...flow, data }, from: 'verify' };
}

/**
 * One counted try at a method's answers (the security questions, the org's questions): the
 * identifier's recovery limit, the try counted on the flow before `check` runs (so tries sent at
 * once cannot outnumber MAX_ANSWER_ATTEMPTS), then a pass for the record's account — or the failure
 * audited and refused, as too many once the last try is spent. An unknown account's record fails
 * the same way after the same work.
 */
export async function countedCheck<M extends VerificationRecord['method']>(ctx: AppContext, flow: RecoveryFlow, record: RecordOf<M>, ip: string, check: () => Promise<boolean>): Promise<StepOutcome> {
  await hit(ctx, 'recoveryPerAccount', subjectOf(flow.data));
  const counted = await countTry(ctx, flow, record, MAX_ANSWER_ATTEMPTS);
  const ok = await check();
  if (ok && record.accountId) return passed(counted.flow, { ...counted.record, accountId: record.accountId });
  await auditFailure(ctx, flow, ip, { method: record.method, attempt: counted.count });
  throw new AppError(counted.count >= MAX_ANSWER_ATTEMPTS ? 'recovery.too_many_attempts' : 'recovery.verification_failed');
}
