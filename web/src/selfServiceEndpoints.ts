// Typed calls for SMS login, registration by phone, forgot password / username and security questions (issue 5).
import { api, type Answer } from './api';
import type { SecurityQuestionList, SecurityQuestionStatus } from '../../src/shared/api/account';
import type { Flow, RecoveryFlowView } from '../../src/shared/api/flows';
import type { LoginCodeSent } from '../../src/shared/api/login';
import type { RecoveryCodeSent, ReminderCodeSent } from '../../src/shared/api/recovery';
import type { PhoneRegistered, PhoneRegistrationCodeSent } from '../../src/shared/api/registration';
import type { SignedIn } from '../../src/shared/api/session';

export type { SentCode } from '../../src/shared/api/common';
export type { SecurityQuestion, SecurityQuestionStatus } from '../../src/shared/api/account';
export type RecoveryFlow = RecoveryFlowView;

const step = (kind: string, id: string, name: string) => `/api/flows/${kind}/${encodeURIComponent(id)}/${name}`;

// 短信登录
export const requestLoginCode = (flowId: string, body: { phone: string; captcha: string }) =>
  api<Answer<typeof LoginCodeSent>>('POST', step('login', flowId, 'sms-code'), body);
export const loginWithSms = (flowId: string, body: { phone: string; code: string }) =>
  api<SignedIn>('POST', step('login', flowId, 'sms'), body);

// 手机号注册
export const startPhoneRegistration = () => api<{ flow: Flow }>('POST', '/api/flows/registration-phone', {});
export const requestRegistrationCode = (flowId: string, body: { phone: string; captcha: string }) =>
  api<Answer<typeof PhoneRegistrationCodeSent>>('POST', step('registration-phone', flowId, 'sms-code'), body);
export const submitPhoneRegistration = (
  flowId: string,
  body: { phone: string; nickname: string; password: string; confirmPassword: string; code: string; agree: true },
) => api<Answer<typeof PhoneRegistered>>('POST', step('registration-phone', flowId, 'submit'), body);

// 忘记密码
export const startRecovery = () => api<{ flow: RecoveryFlow }>('POST', '/api/flows/recovery', {});
export const submitRecoveryAccount = (flowId: string, body: { identifier: string; captcha: string; accountKind?: 'person' | 'org' }) =>
  api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'account'), body);
export const recoveryBack = (flowId: string) => api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'back'), {});
export const answerRecoveryQuestions = (flowId: string, answers: Array<{ questionId: string; answer: string }>) =>
  api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'security-questions'), { answers });
export const requestRecoveryCode = (flowId: string, body: { idNumber: string; captcha: string }) =>
  api<Answer<typeof RecoveryCodeSent>>('POST', step('recovery', flowId, 'sms-code'), body);
export const submitRecoveryCode = (flowId: string, code: string) => api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'sms'), { code });
// 忘记密码 · 银行卡验证 (bank four-element) and the org variant's security questions
export const requestRecoveryBank4Code = (flowId: string, body: { name: string; cardNumber: string; phone: string; captcha: string }) =>
  api<Answer<typeof RecoveryCodeSent>>('POST', step('recovery', flowId, 'bank4-code'), body);
export const submitRecoveryBank4Code = (flowId: string, code: string) => api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'bank4'), { code });
export const answerOrgRecoveryQuestions = (flowId: string, answers: string[]) =>
  api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'org-security-questions'), { answers });
export const resetRecoveredPassword = (flowId: string, body: { password: string; confirmPassword: string }) =>
  api<{ flow: RecoveryFlow }>('POST', step('recovery', flowId, 'reset'), body);

// 忘记用户名
export const startUsernameReminder = () => api<{ flow: Flow }>('POST', '/api/flows/username-reminder', {});
export const submitReminderIdentity = (flowId: string, body: { name: string; idType: string; idNumber: string; phone: string; captcha: string }) =>
  api<Answer<typeof ReminderCodeSent>>('POST', step('username-reminder', flowId, 'identity'), body);
export const reminderBack = (flowId: string) => api<{ flow: Flow }>('POST', step('username-reminder', flowId, 'back'), {});
export const submitReminderCode = (flowId: string, code: string) => api<{ flow: Flow }>('POST', step('username-reminder', flowId, 'code'), { code });

// 密保问题
export const getSecurityQuestionList = () => api<Answer<typeof SecurityQuestionList>>('GET', '/api/security-questions');
export const getMySecurityQuestions = () => api<SecurityQuestionStatus>('GET', '/api/account/security-questions');
export const saveSecurityQuestions = (body: { items: Array<{ questionId: string; answer: string }> }) =>
  api<SecurityQuestionStatus>('POST', '/api/account/security-questions', body);
