// API calls of the real-name methods, the counter page and the Shenzhen-style registration step.
import { api } from '../../../api';
import type { AssuranceLevel, Flow, RealNameMethodStatus } from '../../../types';

export interface RealNameDetail {
  assuranceLevel: AssuranceLevel;
  bankCardMasked?: string;
  methods: RealNameMethodStatus[];
}

const base = (method: string) => `/api/account/real-name/${encodeURIComponent(method)}`;

export const getRealNameDetail = () => api<RealNameDetail>('GET', '/api/account/real-name');
export const startMethodStep = (method: string) => api<{ flowId: string; captcha: string }>('POST', `${base(method)}/sms-step`, {});
export const sendMethodCode = (method: string, body: { flowId: string; captcha: string; phone?: string }) =>
  api<{ flowId: string; maskedPhone: string; resendAfterSeconds: number }>('POST', `${base(method)}/sms-code`, body);
export const confirmMethodCode = (method: string, flowId: string, code: string) => api<{ ok: true }>('POST', `${base(method)}/sms-code/verify`, { flowId, code });
export const verifyMethod = (method: string, body: Record<string, string>) => api<{ method: string; assuranceLevel: AssuranceLevel }>('POST', base(method), body);
export const changeIdentity = (body: { flowId: string; name: string; cardNumber: string }) =>
  api<{ assuranceLevel: AssuranceLevel; name: string; bankCardMasked: string }>('POST', '/api/account/real-name/identity-change', body);
export const startAlipay = () => api<{ redirectUrl: string }>('POST', '/api/account/real-name/alipay/start', {});

export interface CounterPerson {
  accountId: string;
  username: string;
  name: string;
  idType: string;
  idNumberMasked: string;
  status: string;
  assuranceLevel: AssuranceLevel;
  counterVerified: boolean;
}
export const getStaffStatus = () => api<{ staff: boolean }>('GET', '/api/staff/status');
export const lookUpPerson = (idNumber: string) => api<{ persons: CounterPerson[] }>('POST', '/api/staff/counter/lookup', { idNumber });
export const recordCounterCheck = (body: { accountId: string; documentType: string; documentNumber: string; place: string; documentChecked: true }) =>
  api<{ accountId: string; assuranceLevel: AssuranceLevel }>('POST', '/api/staff/counter/verify', body);

export const sendRegistrationBankCode = (flowId: string, phone: string, captcha: string) =>
  api<{ maskedPhone: string; resendAfterSeconds: number }>('POST', `/api/flows/registration/${encodeURIComponent(flowId)}/bank-sms-code`, { phone, captcha });
export const submitBankAgreement = (flowId: string, body: { cardNumber: string; phone: string; code?: string }) =>
  api<{ flow: Flow; account: { username: string; assuranceLevel: AssuranceLevel } }>('POST', `/api/flows/registration/${encodeURIComponent(flowId)}/agreement`, {
    agree: true,
    ...body,
  });
