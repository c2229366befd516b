/**
 * The methods of 忘记密码's 验证身份 step, in the order the page offers them: a person's security
 * questions, ID number + SMS code and 银行卡验证; an org's security questions. Registry methods
 * (src/methods/registry.ts) with purpose `recovery`; the recovery flow asks them for their records
 * and the routes mount their steps, so a new recovery method is one folder and a line here.
 */
import { bank4 } from './bank4/recovery.js';
import { orgSecurityQuestions } from './org-security-questions/recovery.js';
import type { RecoveryMethod } from './recovery-step.js';
import { securityQuestions } from './security-questions/recovery.js';
import { smsById } from './sms-by-id/recovery.js';

export const recoveryMethods: readonly RecoveryMethod[] = [securityQuestions, smsById, bank4, orgSecurityQuestions];

/** The recovery methods for an account kind (a method without `accountKinds` is a person's). */
export const recoveryMethodsFor = (kind: 'person' | 'org') => recoveryMethods.filter((m) => (m.accountKinds ?? ['person']).includes(kind));
