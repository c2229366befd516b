// The org endpoints the SPA calls (docs/orgs.md).
import { api } from '../../api';
import type { Account, AssuranceLevel, Flow } from '../../types';

export type OrgRole = 'org' | 'legal_rep' | 'admin' | 'agent';

export interface OrgInfo {
  id: string;
  uscc: string;
  name: string;
  username: string;
  legalRepName: string;
  legalRepIdMasked: string;
  registryCheckedAt: string;
  assuranceLevel: AssuranceLevel;
  grantsSuspended: boolean;
  ssCodes: { id: string; code: string; regionLevel: 'province' | 'city' | 'district'; regionName: string; insuranceTypes: string[] }[];
}

export interface Member {
  id: string;
  name: string;
  idNumberMasked: string;
  role: Exclude<OrgRole, 'org'>;
  status: 'pending' | 'active' | 'declined';
  grants: { systemId: string; name: string; expiresAt: string | null }[];
}

export interface Authorisation {
  membershipId: string;
  orgId: string;
  uscc: string;
  name: string;
  role: Exclude<OrgRole, 'org'>;
  grantsSuspended: boolean;
  systems: { id: string; name: string; expiresAt: string | null; expired: boolean }[];
}

export interface ActingState {
  kind: 'person' | 'org';
  actingFor: { orgId: string; uscc: string; name: string; role: OrgRole } | null;
  choices: { orgId: string; uscc: string; name: string; role: OrgRole }[];
}

const flowPath = (id: string, step: string) => `/api/flows/login/${encodeURIComponent(id)}/${step}`;

export const loginOrg = (flowId: string, body: { identifier: string; password: string; captcha: string }) =>
  api<{ account: Account }>('POST', flowPath(flowId, 'org-password'), body);
export const getActing = () => api<ActingState>('GET', '/api/session/acting');
export const setActing = (orgId: string | null) => api<void>('POST', '/api/session/acting', { orgId });

export const getOrg = () => api<{ org: OrgInfo; me: { role: OrgRole; canManage: boolean } }>('GET', '/api/org');
export const getMembers = () => api<{ items: Member[] }>('GET', '/api/org/members');
export const inviteMember = (body: { name: string; idNumber: string; role: 'admin' | 'agent' }) => api<{ id: string; message: string }>('POST', '/api/org/members', body);
export const unbindMember = (id: string) => api<void>('DELETE', `/api/org/members/${encodeURIComponent(id)}`);
export const setMemberRole = (id: string, role: 'admin' | 'agent') => api<void>('PUT', `/api/org/members/${encodeURIComponent(id)}/role`, { role });
export const setMemberGrants = (id: string, grants: { systemId: string; expiresAt: string | null }[]) =>
  api<void>('PUT', `/api/org/members/${encodeURIComponent(id)}/grants`, { grants });
export const getBusinessSystems = () => api<{ items: { id: string; name: string }[] }>('GET', '/api/org/business-systems');
export const confirmGrants = () => api<void>('POST', '/api/org/grants/confirm', {});
/** 重新核验: the registry asked again; the org's level renewed (capped by the level of whoever asks). */
export const recheckRegistry = () => api<{ org: OrgInfo }>('POST', '/api/org/registry-check', {});
export const changeOrgName = (body: { name: string; legalRepName: string; legalRepIdNumber: string }) =>
  api<{ legalRepChanged: boolean; grantsSuspended: boolean; org: OrgInfo }>('PUT', '/api/org/name', body);
export const changeOrgPassword = (body: { currentPassword: string; newPassword: string; confirmPassword: string }) => api<void>('POST', '/api/org/password', body);
export const addSsCode = (body: { code: string; regionLevel: string; regionName: string; insuranceTypes: string[] }) => api<{ id: string }>('POST', '/api/org/ss-codes', body);
export const removeSsCode = (id: string) => api<void>('DELETE', `/api/org/ss-codes/${encodeURIComponent(id)}`);

export const startOrgRegistration = () => api<{ flow: Flow }>('POST', '/api/flows/org-registration', {});
export const submitOrgRegistration = (flowId: string, body: Record<string, string>) =>
  api<{ org: { id: string; uscc: string; name: string; username: string }; agentRole: string }>('POST', `/api/flows/org-registration/${encodeURIComponent(flowId)}`, body);

export const getInvitations = () => api<{ items: { id: string; orgName: string; uscc: string; role: Exclude<OrgRole, 'org'>; invitedAt: string }[] }>('GET', '/api/account/org-invitations');
export const answerInvitation = (id: string, accept: boolean) => api<void>('POST', `/api/account/org-invitations/${encodeURIComponent(id)}/${accept ? 'accept' : 'decline'}`, {});
export const getAuthorisations = () => api<{ items: Authorisation[] }>('GET', '/api/account/org-authorisations');
export const leaveOrg = (membershipId: string) => api<void>('POST', `/api/account/org-authorisations/${encodeURIComponent(membershipId)}/leave`, {});
