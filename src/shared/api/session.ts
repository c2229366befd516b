/**
 * Sessions, the signed-in account and the public meta (src/http/routes/session.ts), and what every
 * sign-in answers (password, SMS code, QR, 单位登录, registration by phone).
 */
import { z } from 'zod';
import type { Lang } from '../errors.js';
import { AccountKind, AssuranceLevel, Instant, Masked } from './common.js';

/** The signed-in account (src/accounts/accounts.ts `AccountSummary`). */
export const Account = z.strictObject({
  id: z.string(),
  kind: AccountKind,
  username: z.string(),
  displayName: z.string(),
  assuranceLevel: AssuranceLevel,
});
export type Account = z.infer<typeof Account>;

/** The session's times (src/http/routes/login.ts `sessionView`). */
export const SessionTimes = z.strictObject({ createdAt: Instant, idleExpiresAt: Instant, absoluteExpiresAt: Instant });

/** GET /api/session. */
export const SessionInfo = z.strictObject({ account: Account, session: SessionTimes });
export type SessionInfo = z.infer<typeof SessionInfo>;

/** A sign-in: the account, its new session, and the CSRF token bound to the new session. */
export const SignedIn = z.strictObject({ account: Account, session: SessionTimes, csrfToken: z.string() });
export type SignedIn = z.infer<typeof SignedIn>;

export const CsrfAnswer = z.strictObject({ csrfToken: z.string() });

const LocalisedText = z.strictObject({ 'zh-CN': z.string(), 'en-US': z.string() }) satisfies z.ZodType<Record<Lang, string>>;
/** A label per language (older or simpler servers may send a plain string). */
export type LocalisedLabel = string | Partial<Record<Lang, string>>;

export const IdTypeOption = z.strictObject({ value: z.string(), label: z.union([z.string(), LocalisedText]) });
export type IdTypeOption = z.infer<typeof IdTypeOption>;

/** GET /api/meta: what the public pages need to know of this deployment. */
export const Meta = z.strictObject({
  profile: z.enum(['guangdong', 'shenzhen', 'sichuan']),
  loginMethods: z.strictObject({ person: z.array(z.string()), org: z.array(z.string()) }),
  /** personStyles: which person registrations are offered (`username`, `phone`); check: what registration step 3 runs. */
  registration: z.strictObject({ person: z.boolean(), org: z.boolean(), personStyles: z.array(z.string()).optional(), check: z.enum(['declared', 'bank4']).optional() }),
  idTypes: z.array(IdTypeOption),
  /** Password (and SMS-code) login: wrong tries before a lock, and how long the lock lasts. */
  lockout: z.strictObject({ maxFailures: z.number().int(), lockMinutes: z.number() }),
});
export type Meta = z.infer<typeof Meta>;

/** GET /api/account/profile. */
export const Profile = z.strictObject({
  kind: z.string(),
  username: z.string(),
  /** Null for a person registered by phone who has not verified a real name yet. */
  name: z.string().nullable(),
  idType: z.string().nullable(),
  idNumberMasked: Masked,
  phoneMasked: Masked,
  /** A phone declared at registration is not proven until an SMS code to it comes back. */
  phoneVerified: z.boolean(),
  nickname: z.string().nullable(),
  /** The bound e-mail, masked. */
  emailMasked: Masked,
  assuranceLevel: AssuranceLevel,
  createdAt: Instant,
});
export type Profile = z.infer<typeof Profile>;
export const ProfileAnswer = z.strictObject({ profile: Profile });

export const LoginResult = z.enum(['success', 'failure', 'locked']);
export type LoginResult = z.infer<typeof LoginResult>;
export const LoginHistoryItem = z.strictObject({
  at: Instant,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  method: z.string(),
  result: LoginResult,
});
export type LoginHistoryItem = z.infer<typeof LoginHistoryItem>;
export const LoginHistory = z.strictObject({ items: z.array(LoginHistoryItem) });
