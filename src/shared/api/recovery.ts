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
