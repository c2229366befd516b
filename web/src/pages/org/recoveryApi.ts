// The org password recovery endpoints (docs/orgs.md: 单位找回密码) and the staff review queue.
import { api, type Answer } from '../../api';
import type { Flow } from '../../../../src/shared/api/flows';
import type { OrgRecoveryStatus, OrgRecoverySubmitted, RecoveryDocuments, RecoveryQueue } from '../../../../src/shared/api/recovery';

export type { PendingRecovery } from '../../../../src/shared/api/recovery';

export const startOrgRecovery = () => api<{ flow: Flow }>('POST', '/api/flows/org-recovery', {});
export const submitOrgRecovery = (flowId: string, body: Record<string, string>) =>
  api<Answer<typeof OrgRecoverySubmitted>>('POST', `/api/flows/org-recovery/${encodeURIComponent(flowId)}`, body);
export const recoveryStatus = (body: { requestId: string; claimToken: string }) =>
  api<OrgRecoveryStatus>('POST', '/api/org-recovery/status', body);
export const recoveryReset = (body: { requestId: string; claimToken: string; newPassword: string; confirmPassword: string }) => api<void>('POST', '/api/org-recovery/reset', body);

export const getRecoveryQueue = () => api<Answer<typeof RecoveryQueue>>('GET', '/api/staff/org-recovery');
export const getRecoveryDocuments = (id: string) => api<Answer<typeof RecoveryDocuments>>('GET', `/api/staff/org-recovery/${encodeURIComponent(id)}/documents`);
export const decideRecovery = (id: string, approve: boolean, note: string | null) => api<void>('POST', `/api/staff/org-recovery/${encodeURIComponent(id)}/decision`, { approve, note });
