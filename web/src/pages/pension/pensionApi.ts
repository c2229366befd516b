// The pension certification routes the pages call (issue 14; bodies and answers in src/shared/api/pension.ts):
// the retiree's own session (not a Shenfen account session: cookie sf_pension), the face capture
// against the registry's 建模照片, 认证结果查询, and the service-hall staff's lookup, record and figures.
import { api } from '../../api';
import type {
  AccountPension,
  PensionCertified,
  PensionFigures,
  PensionResults,
  PensionSession,
  PensionSignedIn,
  PensionSignInStarted,
  StaffPensionLookedUp,
} from '../../../../src/shared/api/pension';
import type { FaceChallenge, FaceFrame } from '../face/faceApi';

export type { PensionFigures, PensionHistoryItem, PensionRetiree, StaffPensionRetiree } from '../../../../src/shared/api/pension';

export const getPensionSession = () => api<PensionSession>('GET', '/api/pension/session');
/** A sign-in flow with its first captcha picture (the captcha as the login page has it). */
export const startPensionSignIn = () => api<PensionSignInStarted>('POST', '/api/pension/sign-in/flow', {});
export const pensionSignIn = (body: { flowId: string; name: string; ssn: string; captcha: string }) => api<PensionSignedIn>('POST', '/api/pension/sign-in', body);
/** 已登录统一身份认证？直接进入: the Shenfen person's verified identity, matched with the registry. */
export const pensionSso = () => api<PensionSignedIn>('POST', '/api/pension/sso', {});
export const pensionSignOut = () => api<unknown>('POST', '/api/pension/sign-out', {});

export const startPensionCapture = () => api<FaceChallenge>('POST', '/api/pension/certification/capture', { consent: true });
export const submitPensionCertification = (nonce: string, frames: FaceFrame[]) => api<PensionCertified>('POST', '/api/pension/certification', { nonce, frames });

export const getPensionResults = () => api<PensionResults>('GET', '/api/pension/results');
/** The signed-in Shenfen person's own, for the account centre. */
export const getAccountPension = () => api<AccountPension>('GET', '/api/account/pension');

export const staffLookupRetiree = (ssn: string) => api<StaffPensionLookedUp>('POST', '/api/staff/pension/lookup', { ssn });
export const staffRecordCertification = (body: { retireeId: string; channel: 'counter' | 'community'; place: string; documentChecked: true; note?: string }) =>
  api<{ certifiedAt: string; nextDueAt: string }>('POST', '/api/staff/pension/certifications', body);
export const getPensionFigures = (from: string, to: string) =>
  api<PensionFigures>('GET', `/api/staff/pension/figures?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
/** The CSV of the same range (a download: the browser follows the link with the staff's cookie). */
export const pensionFiguresCsvUrl = (from: string, to: string) => `/api/staff/pension/figures.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
