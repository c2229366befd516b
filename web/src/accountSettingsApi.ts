// The account-centre settings endpoints (re-authentication, password, phone, e-mail, nickname, addresses, sessions, deactivation) and their answer shapes.
import { api } from './api';
import type { AssuranceLevel, Flow } from './types';

export interface AccountSettings {
  settings: {
    nickname: string | null;
    phoneMasked: string | null;
    phoneVerified: boolean;
    emailMasked: string | null;
    emailVerified: boolean;
    hasPassword: boolean;
  };
  deactivatedRetentionDays: number;
  reauth: { validUntil: string | null; minutes: number; methods: Array<'password' | 'sms'>; phoneMasked: string | null };
}

export interface MailingAddress {
  id: string;
  recipient: string;
  phone: string;
  phoneMasked: string;
  region: string;
  detail: string;
  postcode: string;
  isDefault: boolean;
  createdAt: string;
}

export type AddressInput = Pick<MailingAddress, 'recipient' | 'phone' | 'region' | 'detail' | 'postcode'> & { isDefault?: boolean };

export interface ActiveSession {
  ref: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  authMethods: string[];
  current: boolean;
}

export interface SentCode {
  maskedPhone: string;
  resendAfterSeconds: number;
  expiresAt: string;
}

const enc = encodeURIComponent;

export const getAccountSettings = () => api<AccountSettings>('GET', '/api/account/settings');

export const reauthWithPassword = (password: string) => api<{ reauth: { validUntil: string } }>('POST', '/api/account/reauth/password', { password });
export const startSmsReauth = () => api<{ flow: Flow; phoneMasked: string }>('POST', '/api/account/reauth/sms', {});
export const sendSmsReauthCode = (flowId: string, captcha: string) => api<SentCode>('POST', `/api/account/reauth/sms/${enc(flowId)}/send`, { captcha });
export const verifySmsReauth = (flowId: string, code: string) => api<{ reauth: { validUntil: string } }>('POST', `/api/account/reauth/sms/${enc(flowId)}/verify`, { code });

export const changePassword = (body: { currentPassword?: string; newPassword: string; confirmPassword: string }) =>
  api<{ signedOut: true }>('POST', '/api/account/password', body);

export const startPhoneChange = () => api<{ flow: Flow }>('POST', '/api/account/phone/flows', {});
export const sendPhoneCode = (flowId: string, body: { phone: string; captcha: string }) => api<SentCode>('POST', `/api/account/phone/flows/${enc(flowId)}/code`, body);
export const confirmPhoneChange = (flowId: string, code: string) => api<PhoneChanged>('POST', `/api/account/phone/flows/${enc(flowId)}/confirm`, { code });

/** What a plain change would do to the 实名等级 (evidence made with the old number stops counting), and whether 银联实名认证修改手机号 is open. */
export interface PhoneChangeImpact {
  assuranceLevel: AssuranceLevel;
  levelAfterPlainChange: AssuranceLevel;
  phoneBoundMethods: string[];
  bankChange: { available: boolean; bankCardMasked: string | null };
}
export type PhoneChanged = { phoneMasked: string; revokedEvidence: number; assuranceLevel: AssuranceLevel };
export const getPhoneChangeImpact = () => api<PhoneChangeImpact>('GET', '/api/account/phone/change-impact');
export const confirmBankPhoneChange = (flowId: string, body: { cardNumber: string; code?: string }) =>
  api<PhoneChanged>('POST', `/api/account/phone/flows/${enc(flowId)}/confirm-bank`, body);

export const startEmailBinding = () => api<{ flow: Flow }>('POST', '/api/account/email/flows', {});
export const sendEmailLink = (flowId: string, body: { email: string; captcha: string }) =>
  api<{ emailMasked: string; expiresAt: string }>('POST', `/api/account/email/flows/${enc(flowId)}/link`, body);
export const activateEmail = (token: string) => api<{ emailMasked: string }>('POST', '/api/account/email/activate', { token });

export const setNickname = (nickname: string) => api<{ nickname: string }>('POST', '/api/account/nickname', { nickname });

export const getAddresses = () => api<{ items: MailingAddress[] }>('GET', '/api/account/addresses');
export const addAddress = (body: AddressInput) => api<{ id: string; items: MailingAddress[] }>('POST', '/api/account/addresses', body);
export const updateAddress = (id: string, body: AddressInput) => api<{ items: MailingAddress[] }>('POST', `/api/account/addresses/${enc(id)}`, body);
export const deleteAddress = (id: string) => api<{ items: MailingAddress[] }>('POST', `/api/account/addresses/${enc(id)}/delete`, {});
export const setDefaultAddress = (id: string) => api<{ items: MailingAddress[] }>('POST', `/api/account/addresses/${enc(id)}/default`, {});

export const getSessions = () => api<{ items: ActiveSession[] }>('GET', '/api/account/sessions');
export const endSession = (ref: string) => api<{ current: boolean }>('POST', `/api/account/sessions/${enc(ref)}/end`, {});

export const deactivateAccount = () => api<{ deactivated: true; eraseAfter: string }>('POST', '/api/account/deactivate', { confirm: true });
