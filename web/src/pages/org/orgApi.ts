// The org endpoints the SPA calls (docs/orgs.md).
import { api, type Answer } from '../../api';
import type { Authorisations, OrgInvitations } from '../../../../src/shared/api/account';
import type { Flow } from '../../../../src/shared/api/flows';
import type { ActingState } from '../../../../src/shared/api/login';
import type { GrantableSystems, MemberInvited, Members, OrgAnswer, OrgCentre, OrgNameChanged, OrgRegistered, SsCodeAdded } from '../../../../src/shared/api/org';
import type { SignedIn } from '../../../../src/shared/api/session';

export type { Authorisation } from '../../../../src/shared/api/account';
export type { ActingState, OrgRole } from '../../../../src/shared/api/login';
export type { Member, OrgInfo } from '../../../../src/shared/api/org';

const flowPath = (id: string, step: string) => `/api/flows/login/${encodeURIComponent(id)}/${step}`;

export const loginOrg = (flowId: string, body: { identifier: string; password: string; captcha: string }) =>
  api<SignedIn>('POST', flowPath(flowId, 'org-password'), body);
export const getActing = () => api<ActingState>('GET', '/api/session/acting');
export const setActing = (orgId: string | null) => api<void>('POST', '/api/session/acting', { orgId });

export const getOrg = () => api<Answer<typeof OrgCentre>>('GET', '/api/org');
export const getMembers = () => api<Answer<typeof Members>>('GET', '/api/org/members');
export const inviteMember = (body: { name: string; idNumber: string; role: 'admin' | 'agent' }) => api<Answer<typeof MemberInvited>>('POST', '/api/org/members', body);
export const unbindMember = (id: string) => api<void>('DELETE', `/api/org/members/${encodeURIComponent(id)}`);
export const setMemberRole = (id: string, role: 'admin' | 'agent') => api<void>('PUT', `/api/org/members/${encodeURIComponent(id)}/role`, { role });
export const setMemberGrants = (id: string, grants: { systemId: string; expiresAt: string | null }[]) =>
  api<void>('PUT', `/api/org/members/${encodeURIComponent(id)}/grants`, { grants });
export const getBusinessSystems = () => api<Answer<typeof GrantableSystems>>('GET', '/api/org/business-systems');
export const confirmGrants = () => api<void>('POST', '/api/org/grants/confirm', {});
/** 重新核验: the registry asked again; the org's level renewed (capped by the level of whoever asks). */
export const recheckRegistry = () => api<Answer<typeof OrgAnswer>>('POST', '/api/org/registry-check', {});
export const changeOrgName = (body: { name: string; legalRepName: string; legalRepIdNumber: string }) =>
  api<Answer<typeof OrgNameChanged>>('PUT', '/api/org/name', body);
export const changeOrgPassword = (body: { currentPassword: string; newPassword: string; confirmPassword: string }) => api<void>('POST', '/api/org/password', body);
export const addSsCode = (body: { code: string; regionLevel: string; regionName: string; insuranceTypes: string[] }) => api<Answer<typeof SsCodeAdded>>('POST', '/api/org/ss-codes', body);
export const removeSsCode = (id: string) => api<void>('DELETE', `/api/org/ss-codes/${encodeURIComponent(id)}`);

export const startOrgRegistration = () => api<{ flow: Flow }>('POST', '/api/flows/org-registration', {});
export const submitOrgRegistration = (flowId: string, body: Record<string, string>) =>
  api<Answer<typeof OrgRegistered>>('POST', `/api/flows/org-registration/${encodeURIComponent(flowId)}`, body);

export const getInvitations = () => api<Answer<typeof OrgInvitations>>('GET', '/api/account/org-invitations');
export const answerInvitation = (id: string, accept: boolean) => api<void>('POST', `/api/account/org-invitations/${encodeURIComponent(id)}/${accept ? 'accept' : 'decline'}`, {});
export const getAuthorisations = () => api<Answer<typeof Authorisations>>('GET', '/api/account/org-authorisations');
export const leaveOrg = (membershipId: string) => api<void>('POST', `/api/account/org-authorisations/${encodeURIComponent(membershipId)}/leave`, {});
