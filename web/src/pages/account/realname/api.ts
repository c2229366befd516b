// API calls of the real-name methods, the counter page and the Shenzhen-style registration step.
import { api, type Answer } from '../../../api';
import type { SentCodeFlat } from '../../../../../src/shared/api/common';
import type { Flow } from '../../../../../src/shared/api/flows';
import type {
  AlipayStarted,
  CounterLookup,
  CounterVerified,
  IdentityChanged,
  RealNameDetail,
  RealNameVerified,
  SmsStepCodeSent,
  SmsStepConfirmed,
  SmsStepStarted,
  StaffStatus,
} from '../../../../../src/shared/api/realname';
import type { Registered } from '../../../../../src/shared/api/registration';

export type { CounterPerson, RealNameDetail } from '../../../../../src/shared/api/realname';

const base = (method: string) => `/api/account/real-name/${encodeURIComponent(method)}`;

export const getRealNameDetail = () => api<RealNameDetail>('GET', '/api/account/real-name');
export const startMethodStep = (method: string) => api<Answer<typeof SmsStepStarted>>('POST', `${base(method)}/sms-step`, {});
export const sendMethodCode = (method: string, body: { flowId: string; captcha: string; phone?: string }) =>
  api<Answer<typeof SmsStepCodeSent>>('POST', `${base(method)}/sms-code`, body);
export const confirmMethodCode = (method: string, flowId: string, code: string) => api<Answer<typeof SmsStepConfirmed>>('POST', `${base(method)}/sms-code/verify`, { flowId, code });
export const verifyMethod = (method: string, body: Record<string, string>) => api<Answer<typeof RealNameVerified>>('POST', base(method), body);
export const changeIdentity = (body: { flowId: string; name: string; cardNumber: string }) =>
  api<Answer<typeof IdentityChanged>>('POST', '/api/account/real-name/identity-change', body);
export const startAlipay = () => api<Answer<typeof AlipayStarted>>('POST', '/api/account/real-name/alipay/start', {});

export const getStaffStatus = () => api<Answer<typeof StaffStatus>>('GET', '/api/staff/status');
export const lookUpPerson = (idNumber: string) => api<Answer<typeof CounterLookup>>('POST', '/api/staff/counter/lookup', { idNumber });
export const recordCounterCheck = (body: { accountId: string; documentType: string; documentNumber: string; place: string; documentChecked: true }) =>
  api<Answer<typeof CounterVerified>>('POST', '/api/staff/counter/verify', body);

export const sendRegistrationBankCode = (flowId: string, phone: string, captcha: string) =>
  api<SentCodeFlat>('POST', `/api/flows/registration/${encodeURIComponent(flowId)}/bank-sms-code`, { phone, captcha });
export const submitBankAgreement = (flowId: string, body: { cardNumber: string; phone: string; code?: string }) =>
  api<Answer<typeof Registered>>('POST', `/api/flows/registration/${encodeURIComponent(flowId)}/agreement`, {
    agree: true,
    ...body,
  });
