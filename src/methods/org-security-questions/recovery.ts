/**
 * 单位找回密码, 第二步 验证身份 by the org's three security questions (set in the org centre, 密保问题;
 * issue 5). Step 1 took the org username or USCC with `accountKind: 'org'`; steps 3–4 are the person
 * variant's. An unknown USCC is asked the org centre's default questions and fails with the same
 * message after the same work. Orgs that cannot answer recover by documents (src/orgs/recovery.ts,
 * staff-reviewed), which the page links to.
 */
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { expectState } from '../../flows/flow.js';
import { MAX_ANSWER_ATTEMPTS, type RecoveryFlow } from '../../flows/recovery/recovery-flow.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { text } from '../../http/validate.js';
import { checkOrgSecurityAnswersTimed, orgQuestionsToAsk } from '../../orgs/security-questions.js';
import { beginRecord, recordOf, type Verifications } from '../records.js';
import { countedCheck, recoveryStep, type RecoveryMethod } from '../recovery-step.js';
import { METHOD, summaryOf } from './record.js';

const OrgAnswers = z.strictObject({
  answers: z.array(text(50, 'security_questions.invalid').pipe(z.string().min(1, 'security_questions.invalid')), 'security_questions.invalid').min(1, 'security_questions.invalid').max(3, 'security_questions.invalid'),
});

/** 第一步 done: the org's questions, or the org centre's defaults for an unknown org. */
async function begin(ctx: AppContext, who: { accountId: string | null }, v: Verifications | undefined): Promise<Verifications> {
  const questions = await orgQuestionsToAsk(ctx, who.accountId);
  return beginRecord(v, { method: METHOD, accountId: who.accountId, questions });
}

/** The answers, in the order the questions were shown; a pass is the record, passed, for the org. */
export async function answerOrgQuestions(ctx: AppContext, flow: RecoveryFlow, answers: string[], ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  const record = recordOf(d.verifications, METHOD);
  assertThat(d.accountKind === 'org' && record?.questions, 'flow.wrong_state');
  if (record.tries >= MAX_ANSWER_ATTEMPTS) throw new AppError('recovery.too_many_attempts');
  assertThat(answers.length === record.questions.length, 'security_questions.invalid');
  return countedCheck(ctx, flow, record, ip, () => checkOrgSecurityAnswersTimed(ctx, record.accountId, answers));
}

export const orgSecurityQuestions: RecoveryMethod = {
  id: METHOD,
  kind: 'form',
  purposes: ['recovery'],
  accountKinds: ['org'],
  steps: { recovery: [recoveryStep('org-security-questions', OrgAnswers, ({ ctx, flow, body, ip }) => answerOrgQuestions(ctx, flow, body.answers, ip))] },
  recovery: { begin, summary: (v) => summaryOf(recordOf(v, METHOD)) },
};
