/** The org security-questions record of a recovery flow (单位找回密码 by the org's 密保问题). */
import type { RecordBase } from '../record-base.js';

export const METHOD = 'org_security_questions';

export interface OrgSecurityQuestionsRecord extends RecordBase<typeof METHOD> {
  /** The question texts asked (the org's own, or the org centre's defaults for an unknown USCC). */
  questions?: string[];
}

/** What the flow's page shows of it: the questions to answer. */
export const summaryOf = (r: OrgSecurityQuestionsRecord | undefined) => (r?.questions ? { orgQuestions: r.questions } : {});
