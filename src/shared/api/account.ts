/**
 * The account centre's answers (src/http/routes/account-settings.ts, account-contact.ts,
 * account-phone-bank.ts, security-questions.ts, org-account.ts): re-authentication, password,
 * phone, e-mail, nickname, addresses, sessions, deactivation, security questions, and the orgs a
 * person answers or acts for.
 */
import { z } from 'zod';
import { AssuranceLevel, Instant, Masked, SentCodeFlat } from './common.js';
import { FlowView } from './flows.js';
import { OrgRole } from './login.js';

export const ReauthMethod = z.enum(['password', 'sms']);
/** GET /api/account/settings. */
export const AccountSettings = z.strictObject({
  settings: z.strictObject({
    nickname: z.string().nullable(),
    phoneMasked: Masked,
    phoneVerified: z.boolean(),
    emailMasked: Masked,
    emailVerified: z.boolean(),
    hasPassword: z.boolean(),
  }),
  deactivatedRetentionDays: z.number().int(),
  reauth: z.strictObject({ validUntil: Instant.nullable(), minutes: z.number(), methods: z.array(ReauthMethod), phoneMasked: Masked }),
});
export type AccountSettings = z.infer<typeof AccountSettings>;

/** The 身份验证 window a re-authentication opened. */
export const Reauthenticated = z.strictObject({ reauth: z.strictObject({ validUntil: Instant }) });
export const SmsReauthStarted = z.strictObject({ flow: FlowView, phoneMasked: z.string() });
export const SmsReauthSent = SentCodeFlat.extend({ flow: FlowView });

/** After a password change, a deactivation or ending this session: signed out, with the CSRF token of the signed-out browser. */
export const PasswordChanged = z.strictObject({ signedOut: z.literal(true), csrfToken: z.string() });
/** 密码修改 from the login page: signed out unless another account's session is the one in this browser. */
export const PasswordChangedSignedOut = z.union([
  z.strictObject({ changed: z.literal(true), signedOut: z.literal(false) }),
  z.strictObject({ changed: z.literal(true), signedOut: z.literal(true), csrfToken: z.string() }),
]);
export const Deactivated = z.strictObject({ deactivated: z.literal(true), eraseAfter: Instant, csrfToken: z.string() });

export const NicknameSet = z.strictObject({ nickname: z.string() });

export const MailingAddress = z.strictObject({
  id: z.string(),
  recipient: z.string(),
  phone: z.string(),
  phoneMasked: z.string(),
  region: z.string(),
  detail: z.string(),
  postcode: z.string(),
  isDefault: z.boolean(),
  createdAt: Instant,
});
export type MailingAddress = z.infer<typeof MailingAddress>;
export type AddressInput = Pick<MailingAddress, 'recipient' | 'phone' | 'region' | 'detail' | 'postcode'> & { isDefault?: boolean };
export const Addresses = z.strictObject({ items: z.array(MailingAddress) });
export const AddressAdded = Addresses.extend({ id: z.string() });

export const ActiveSession = z.strictObject({
  ref: z.string(),
  createdAt: Instant,
  lastSeenAt: Instant,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  authMethods: z.array(z.string()),
  current: z.boolean(),
});
export type ActiveSession = z.infer<typeof ActiveSession>;
export const ActiveSessions = z.strictObject({ items: z.array(ActiveSession) });
export const SessionEnded = z.union([z.strictObject({ current: z.literal(false) }), z.strictObject({ current: z.literal(true), csrfToken: z.string() })]);

/** A phone change done: the new number masked, the phone-bound evidence it ended, the level now. */
export const PhoneChanged = z.strictObject({ phoneMasked: z.string(), revokedEvidence: z.number().int(), assuranceLevel: AssuranceLevel });
export type PhoneChanged = z.infer<typeof PhoneChanged>;
/** What a plain change would do to the 实名等级, and whether 银联实名认证修改手机号 is open. */
export const PhoneChangeImpact = z.strictObject({
  assuranceLevel: AssuranceLevel,
  levelAfterPlainChange: AssuranceLevel,
  phoneBoundMethods: z.array(z.string()),
  bankChange: z.strictObject({ available: z.boolean(), bankCardMasked: Masked }),
});
export type PhoneChangeImpact = z.infer<typeof PhoneChangeImpact>;

export const EmailLinkSent = z.strictObject({ emailMasked: z.string(), expiresAt: Instant });
export const EmailActivated = z.strictObject({ emailMasked: z.string() });

export const SecurityQuestion = z.strictObject({ id: z.string(), text: z.strictObject({ 'zh-CN': z.string(), 'en-US': z.string() }) });
export type SecurityQuestion = z.infer<typeof SecurityQuestion>;
export const SecurityQuestionList = z.strictObject({ questions: z.array(SecurityQuestion) });
export const SecurityQuestionStatus = z.strictObject({ configured: z.boolean(), questionIds: z.array(z.string()), updatedAt: Instant.nullable() });
export type SecurityQuestionStatus = z.infer<typeof SecurityQuestionStatus>;

const MemberRole = OrgRole.exclude(['org']);
/** A binding request an org sent this person. */
export const OrgInvitation = z.strictObject({ id: z.string(), orgName: z.string(), uscc: z.string(), role: MemberRole, invitedAt: Instant });
export const OrgInvitations = z.strictObject({ items: z.array(OrgInvitation) });
/** 我的授权: an org I act for, for which systems, until when. */
export const Authorisation = z.strictObject({
  membershipId: z.string(),
  orgId: z.string(),
  uscc: z.string(),
  name: z.string(),
  role: MemberRole,
  since: Instant.nullable(),
  grantsSuspended: z.boolean(),
  systems: z.array(z.strictObject({ id: z.string(), name: z.string(), expiresAt: Instant.nullable(), expired: z.boolean() })),
});
export type Authorisation = z.infer<typeof Authorisation>;
export const Authorisations = z.strictObject({ items: z.array(Authorisation) });
