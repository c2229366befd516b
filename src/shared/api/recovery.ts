/**
 * 忘记密码, 忘记用户名 and 单位找回密码 (src/http/routes/recovery.ts, org-recovery.ts): their
 * flows' answers, and the staff review of org recoveries.
 */
import { z } from 'zod';
import { Instant, SentCode } from './common.js';
import { FlowView, RecoveryFlowAnswer } from './flows.js';

export const RecoveryCodeSent = z.strictObject({ sent: SentCode });
/** 忘记用户名, step 1: the flow moves on and the name goes, by SMS, to the bound phone only. */
export const ReminderCodeSent = z.strictObject({ flow: FlowView, sent: SentCode });

/** 单位找回密码: the same answer whether or not the code has an org account. */
export const OrgRecoverySubmitted = z.strictObject({ requestId: z.string(), claimToken: z.string() });
export const OrgRecoveryStatus = z.strictObject({ status: z.enum(['pending', 'approved', 'rejected', 'used']), note: z.string().nullable(), canReset: z.boolean() });
export type OrgRecoveryStatus = z.infer<typeof OrgRecoveryStatus>;

export const PendingRecovery = z.strictObject({
  id: z.string(),
  uscc: z.string(),
  orgName: z.string().nullable(),
  orgExists: z.boolean(),
  agentName: z.string(),
  agentIdMasked: z.string(),
  phoneMasked: z.string(),
  submittedAt: Instant,
});
export type PendingRecovery = z.infer<typeof PendingRecovery>;
export const RecoveryQueue = z.strictObject({ items: z.array(PendingRecovery) });
export const RecoveryDocuments = z.strictObject({ agentName: z.string(), licencePhoto: z.string(), agentIdPhoto: z.string() });

const flowAnswer = { 200: RecoveryFlowAnswer } as const;
const plainFlowAnswer = { 200: z.strictObject({ flow: FlowView }) } as const;

/** Each recovery route's answers, per status: for the lead to move into the routes' `config.output` (src/http/route-output.ts). */
export const RECOVERY_OUTPUTS = {
  'POST /api/flows/recovery': { 201: RecoveryFlowAnswer },
  'POST /api/flows/recovery/:id/account': flowAnswer,
  'POST /api/flows/recovery/:id/back': flowAnswer,
  'POST /api/flows/recovery/:id/security-questions': flowAnswer,
  'POST /api/flows/recovery/:id/sms-code': { 200: RecoveryCodeSent },
  'POST /api/flows/recovery/:id/sms': flowAnswer,
  'POST /api/flows/recovery/:id/bank4-code': { 200: RecoveryCodeSent },
  'POST /api/flows/recovery/:id/bank4': flowAnswer,
  'POST /api/flows/recovery/:id/org-security-questions': flowAnswer,
  'POST /api/flows/recovery/:id/reset': flowAnswer,
  'POST /api/flows/username-reminder': { 201: z.strictObject({ flow: FlowView }) },
  'POST /api/flows/username-reminder/:id/identity': { 200: ReminderCodeSent },
  'POST /api/flows/username-reminder/:id/back': plainFlowAnswer,
  'POST /api/flows/username-reminder/:id/code': plainFlowAnswer,
  'POST /api/flows/org-recovery': { 201: z.strictObject({ flow: FlowView }) },
  'POST /api/flows/org-recovery/:id': { 200: OrgRecoverySubmitted },
  'POST /api/org-recovery/status': { 200: OrgRecoveryStatus },
  'POST /api/org-recovery/reset': { 204: null },
  'GET /api/staff/org-recovery': { 200: RecoveryQueue },
  'GET /api/staff/org-recovery/:id/documents': { 200: RecoveryDocuments },
  'POST /api/staff/org-recovery/:id/decision': { 204: null },
} as const;
