/**
 * 忘记密码, 第二步 验证身份 by security questions (密保问题): the account's three questions, or for an
 * unknown account three derived from what was typed — the same look, and one message for wrong
 * answers and unknown accounts. MAX_ANSWER_ATTEMPTS tries per flow (shared with the org's
 * questions: src/methods/records.ts), counted before each check; the identifier and the IP are
 * rate-limited.
 */
import { z } from 'zod';
import { AnswerItem, checkSecurityAnswers, questionsToAsk, type SecurityAnswer } from '../../accounts/security-questions.js';
import type { AppContext } from '../../context.js';
import { MAX_ANSWER_ATTEMPTS, type RecoveryFlow } from '../../flows/recovery/recovery-flow.js';
import { expectState } from '../../flows/flow.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { beginRecord, recordOf, type Verifications } from '../records.js';
import { countedCheck, recoveryStep, type RecoveryMethod } from '../recovery-step.js';
import { METHOD, summaryOf } from './record.js';

const Answers = z.strictObject({ answers: z.array(AnswerItem, 'security_questions.invalid').max(3, 'security_questions.invalid') });

/** 第一步 done: the questions to ask (the account's, or derived from the identifier). */
async function begin(ctx: AppContext, who: { accountId: string | null; identifierKey: string }, v: Verifications | undefined): Promise<Verifications> {
  const questionIds = await questionsToAsk(ctx, who.accountId, who.identifierKey);
  return beginRecord(v, { method: METHOD, accountId: who.accountId, questionIds });
}

/** Checks the answers; a pass is the record, passed, for the account. */
export async function answerQuestions(ctx: AppContext, flow: RecoveryFlow, answers: SecurityAnswer[], ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  const record = recordOf(d.verifications, METHOD);
  // Not begun: an org's flow (asked the org's questions) or one stored before the records.
  assertThat(record, 'security_questions.invalid');
  if (record.tries >= MAX_ANSWER_ATTEMPTS) throw new AppError('recovery.too_many_attempts');
  const asked = new Set(record.questionIds ?? []);
  assertThat(answers.length === asked.size && answers.every((a) => asked.has(a.questionId)), 'security_questions.invalid');
  return countedCheck(ctx, flow, record, ip, () => checkSecurityAnswers(ctx, record.accountId, answers));
}

export const securityQuestions: RecoveryMethod = {
  id: METHOD,
  kind: 'form',
  purposes: ['recovery'],
  accountKinds: ['person'],
  steps: { recovery: [recoveryStep('security-questions', Answers, ({ ctx, flow, body, ip }) => answerQuestions(ctx, flow, body.answers, ip))] },
  recovery: { begin, summary: (v) => summaryOf(recordOf(v, METHOD)) },
};
