/**
 * The org centre (单位中心) and org registration (src/http/routes/org-centre.ts, org-registration.ts).
 */
import { z } from 'zod';
import { AssuranceLevel, Instant } from './common.js';
import { OrgRole } from './login.js';

export const SsCode = z.strictObject({
  id: z.string(),
  code: z.string(),
  regionLevel: z.enum(['province', 'city', 'district']),
  regionName: z.string(),
  insuranceTypes: z.array(z.string()),
});
/** The org as the org centre shows it: the legal representative masked. */
export const OrgInfo = z.strictObject({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  username: z.string(),
  status: z.enum(['active', 'suspended', 'deactivated']),
  legalRepName: z.string(),
  legalRepIdMasked: z.string(),
  registryCheckedAt: Instant,
  assuranceLevel: AssuranceLevel,
  grantsSuspended: z.boolean(),
  createdAt: Instant,
  ssCodes: z.array(SsCode),
});
export type OrgInfo = z.infer<typeof OrgInfo>;
export const OrgAnswer = z.strictObject({ org: OrgInfo });
export const OrgCentre = z.strictObject({ org: OrgInfo, me: z.strictObject({ role: OrgRole, canManage: z.boolean() }) });
export const OrgNameChanged = z.strictObject({ legalRepChanged: z.boolean(), grantsSuspended: z.boolean(), org: OrgInfo });

/** A sub-account (经办人) and the business systems it is granted. */
export const Member = z.strictObject({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  role: OrgRole.exclude(['org']),
  status: z.enum(['pending', 'active', 'declined']),
  invitedAt: Instant,
  respondedAt: Instant.nullable(),
  grants: z.array(z.strictObject({ systemId: z.string(), name: z.string(), expiresAt: Instant.nullable() })),
});
export type Member = z.infer<typeof Member>;
export const Members = z.strictObject({ items: z.array(Member) });
/** 新增 + 发起绑定: the same answer whether or not the person has an account. */
export const MemberInvited = z.strictObject({ id: z.string(), message: z.string() });
export const GrantableSystems = z.strictObject({ items: z.array(z.strictObject({ id: z.string(), name: z.string() })) });
export const OrgSecurityQuestions = z.strictObject({ questions: z.array(z.string()), updatedAt: Instant.nullable(), presets: z.array(z.string()) });
export const SsCodeAdded = z.strictObject({ id: z.string() });

/** 单位注册 done: the org, and the agent's role in it. */
export const OrgRegistered = z.strictObject({
  org: z.strictObject({ id: z.string(), uscc: z.string(), name: z.string(), username: z.string() }),
  agentRole: z.string(),
});
