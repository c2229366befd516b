/** The security-questions record of a recovery flow (忘记密码, 验证身份 by 密保问题). */
import type { SecurityQuestionId } from '../../accounts/security-questions.js';
import type { RecordBase } from '../record-base.js';

export const METHOD = 'security_questions';

export interface SecurityQuestionsRecord extends RecordBase<typeof METHOD> {
  /** The questions asked (an unknown account's are derived from what was typed); absent once 上一步 dropped them. */
  questionIds?: SecurityQuestionId[];
}

/** What the flow's page shows of it: the questions to answer. */
export const summaryOf = (r: SecurityQuestionsRecord | undefined) => (r?.questionIds ? { questions: r.questionIds } : {});
