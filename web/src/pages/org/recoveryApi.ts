// The org password recovery endpoints (docs/orgs.md: 单位找回密码) and the staff review queue.
import { api } from '../../api';
import type { Flow } from '../../types';

export const startOrgRecovery = () => api<{ flow: Flow }>('POST', '/api/flows/org-recovery', {});
export const submitOrgRecovery = (flowId: string, body: Record<string, string>) =>
  api<{ requestId: string; claimToken: string }>('POST', `/api/flows/org-recovery/${encodeURIComponent(flowId)}`, body);
export const recoveryStatus = (body: { requestId: string; claimToken: string }) =>
  api<{ status: 'pending' | 'approved' | 'rejected' | 'used'; note: string | null; canReset: boolean }>('POST', '/api/org-recovery/status', body);
export const recoveryReset = (body: { requestId: string; claimToken: string; newPassword: string; confirmPassword: string }) => api<void>('POST', '/api/org-recovery/reset', body);

export interface PendingRecovery {
  id: string;
  uscc: string;
  orgName: string | null;
  orgExists: boolean;
  agentName: string;
  agentIdMasked: string;
  phoneMasked: string;
  submittedAt: string;
}
export const getRecoveryQueue = () => api<{ items: PendingRecovery[] }>('GET', '/api/staff/org-recovery');
export const getRecoveryDocuments = (id: string) => api<{ agentName: string; licencePhoto: string; agentIdPhoto: string }>('GET', `/api/staff/org-recovery/${encodeURIComponent(id)}/documents`);
export const decideRecovery = (id: string, approve: boolean, note: string | null) => api<void>('POST', `/api/staff/org-recovery/${encodeURIComponent(id)}/decision`, { approve, note });
