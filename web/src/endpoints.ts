// One typed function per API endpoint the SPA calls; the answers' types come from src/shared/api/.
import { api, type Answer } from './api';
import type { AccessibleCaptchaAnswer, CaptchaAnswer, Flow } from '../../src/shared/api/flows';
import type { LoginStarted } from '../../src/shared/api/login';
import type { PasswordChangedSignedOut } from '../../src/shared/api/account';
import type { RealNameDetail, RealNameVerified } from '../../src/shared/api/realname';
import type { Registered } from '../../src/shared/api/registration';
import type { LoginHistory, Meta, ProfileAnswer, SessionInfo, SignedIn } from '../../src/shared/api/session';

const flowPath = (kind: string, id: string, step: string) =>
  `/api/flows/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/${step}`;

/** A new captcha picture for the flow (a PNG data: URI) with its proof of work; the previous one stops working. */
export const newCaptcha = (flowId: string) => api<Answer<typeof CaptchaAnswer>>('GET', `/api/flows/${encodeURIComponent(flowId)}/captcha`);

/** 无法看清图片？: the flow's captcha becomes one without a picture, answered by a costlier proof of work alone. */
export const accessibleCaptcha = (flowId: string) => api<Answer<typeof AccessibleCaptchaAnswer>>('POST', `/api/flows/${encodeURIComponent(flowId)}/captcha/accessible`, {});

export const getMeta = () => api<Meta>('GET', '/api/meta');
export const getFlow = (id: string) => api<{ flow: Flow }>('GET', `/api/flows/${encodeURIComponent(id)}`);

/** A new login flow; `{ method: 'qr' }` for 扫码登录, which draws no captcha. */
export const startLogin = (body: { method?: 'qr' } = {}) => api<Answer<typeof LoginStarted>>('POST', '/api/flows/login', body);
export const loginWithPassword = (id: string, body: { identifier: string; password: string; captcha: string }) =>
  api<SignedIn>('POST', flowPath('login', id, 'password'), body);

export const startRegistration = () => api<{ flow: Flow }>('POST', '/api/flows/registration', {});
export const submitLoginInfo = (
  id: string,
  body: { username: string; password: string; confirmPassword: string; captcha: string },
) => api<{ flow: Flow }>('POST', flowPath('registration', id, 'login-info'), body);
export const submitIdentityInfo = (id: string, body: { name: string; idType: string; idNumber: string; phone: string; captcha?: string }) =>
  api<{ flow: Flow }>('POST', flowPath('registration', id, 'identity-info'), body);
export const registrationBack = (id: string) => api<{ flow: Flow }>('POST', flowPath('registration', id, 'back'), {});
export const acceptAgreement = (id: string) => api<Answer<typeof Registered>>('POST', flowPath('registration', id, 'agreement'), { agree: true });

export const getSession = () => api<SessionInfo>('GET', '/api/session');
export const logout = () => api<void>('POST', '/api/session/logout', {});
export const getProfile = () => api<Answer<typeof ProfileAnswer>>('GET', '/api/account/profile');
export const getLoginHistory = (limit = 20) => api<Answer<typeof LoginHistory>>('GET', `/api/account/login-history?limit=${limit}`);

export const getRealName = () => api<Answer<typeof RealNameDetail>>('GET', '/api/account/real-name');
export const verifyRealName = (method: string, body: Record<string, string>) =>
  api<Answer<typeof RealNameVerified>>('POST', `/api/account/real-name/${encodeURIComponent(method)}`, body);

/** 密码修改 from the login page: a person's or an org's password, with the current one (no sign-in first). */
export const changePasswordSignedOut = (
  id: string,
  body: { accountKind: 'person' | 'org'; identifier: string; currentPassword: string; newPassword: string; confirmPassword: string; captcha: string },
) => api<Answer<typeof PasswordChangedSignedOut>>('POST', flowPath('login', id, 'change-password'), body);
