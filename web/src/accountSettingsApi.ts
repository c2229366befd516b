// The account-centre settings endpoints (re-authentication, password, phone, e-mail, nickname, addresses, sessions, deactivation) and their answer shapes.
import { api, type Answer } from './api';
import type {
  AccountSettings,
  ActiveSessions,
  AddressAdded,
  AddressInput,
  Addresses,
  Deactivated,
  EmailActivated,
  EmailLinkSent,
  NicknameSet,
  PasswordChanged,
  PhoneChanged,
  PhoneChangeImpact,
  Reauthenticated,
  SessionEnded,
  SmsReauthSent,
  SmsReauthStarted,
} from '../../src/shared/api/account';
import type { SentCodeFlat } from '../../src/shared/api/common';
import type { Flow } from '../../src/shared/api/flows';

export type { AccountSettings, ActiveSession, AddressInput, MailingAddress, PhoneChanged, PhoneChangeImpact } from '../../src/shared/api/account';
export type SentCode = SentCodeFlat;

const enc = encodeURIComponent;

export const getAccountSettings = () => api<AccountSettings>('GET', '/api/account/settings');

export const reauthWithPassword = (password: string) => api<Answer<typeof Reauthenticated>>('POST', '/api/account/reauth/password', { password });
export const startSmsReauth = () => api<Answer<typeof SmsReauthStarted>>('POST', '/api/account/reauth/sms', {});
export const sendSmsReauthCode = (flowId: string, captcha: string) => api<Answer<typeof SmsReauthSent>>('POST', `/api/account/reauth/sms/${enc(flowId)}/send`, { captcha });
export const verifySmsReauth = (flowId: string, code: string) => api<Answer<typeof Reauthenticated>>('POST', `/api/account/reauth/sms/${enc(flowId)}/verify`, { code });

export const changePassword = (body: { currentPassword?: string; newPassword: string; confirmPassword: string }) =>
  api<Answer<typeof PasswordChanged>>('POST', '/api/account/password', body);

export const startPhoneChange = () => api<{ flow: Flow }>('POST', '/api/account/phone/flows', {});
export const sendPhoneCode = (flowId: string, body: { phone: string; captcha: string }) => api<SentCodeFlat>('POST', `/api/account/phone/flows/${enc(flowId)}/code`, body);
export const confirmPhoneChange = (flowId: string, code: string) => api<PhoneChanged>('POST', `/api/account/phone/flows/${enc(flowId)}/confirm`, { code });

export const getPhoneChangeImpact = () => api<PhoneChangeImpact>('GET', '/api/account/phone/change-impact');
export const confirmBankPhoneChange = (flowId: string, body: { cardNumber: string; code?: string }) =>
  api<PhoneChanged>('POST', `/api/account/phone/flows/${enc(flowId)}/confirm-bank`, body);

export const startEmailBinding = () => api<{ flow: Flow }>('POST', '/api/account/email/flows', {});
export const sendEmailLink = (flowId: string, body: { email: string; captcha: string }) =>
  api<Answer<typeof EmailLinkSent>>('POST', `/api/account/email/flows/${enc(flowId)}/link`, body);
export const activateEmail = (token: string) => api<Answer<typeof EmailActivated>>('POST', '/api/account/email/activate', { token });

export const setNickname = (nickname: string) => api<Answer<typeof NicknameSet>>('POST', '/api/account/nickname', { nickname });

export const getAddresses = () => api<Answer<typeof Addresses>>('GET', '/api/account/addresses');
export const addAddress = (body: AddressInput) => api<Answer<typeof AddressAdded>>('POST', '/api/account/addresses', body);
export const updateAddress = (id: string, body: AddressInput) => api<Answer<typeof Addresses>>('POST', `/api/account/addresses/${enc(id)}`, body);
export const deleteAddress = (id: string) => api<Answer<typeof Addresses>>('POST', `/api/account/addresses/${enc(id)}/delete`, {});
export const setDefaultAddress = (id: string) => api<Answer<typeof Addresses>>('POST', `/api/account/addresses/${enc(id)}/default`, {});

export const getSessions = () => api<Answer<typeof ActiveSessions>>('GET', '/api/account/sessions');
export const endSession = (ref: string) => api<Answer<typeof SessionEnded>>('POST', `/api/account/sessions/${enc(ref)}/end`, {});

export const deactivateAccount = () => api<Answer<typeof Deactivated>>('POST', '/api/account/deactivate', { confirm: true });
