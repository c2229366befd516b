// Shapes of the API answers the SPA reads (see docs/api.md).
import type { Lang } from './i18n/lang';

export type AssuranceLevel = 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
export const ASSURANCE_LEVELS: readonly AssuranceLevel[] = ['L1', 'L2', 'L3', 'L4', 'L5'];

export type RegistrationState = 'login_info' | 'identity_info' | 'agreement' | 'completed';

export interface RegistrationSummary {
  username?: string;
  name?: string;
  idType?: string;
  idNumberMasked?: string;
  phoneMasked?: string;
  /** Shenzhen-style step 3: a phone was already proven by SMS in this flow. */
  bankPhoneProven?: boolean;
  /** Step 2 has answered in this flow already: its next answer needs a new image captcha. */
  captchaRequired?: boolean;
}

export interface Flow {
  id: string;
  kind: string;
  state: string;
  expiresAt: string;
  methods?: string[];
  /** The first captcha picture as a data: URI, on a newly started flow. */
  captcha?: string;
  summary?: RegistrationSummary;
}

export interface Account {
  id: string;
  kind: 'person' | 'org';
  username: string;
  displayName: string;
  assuranceLevel: AssuranceLevel;
}

export interface SessionInfo {
  account: Account;
  session: { createdAt: string; idleExpiresAt: string; absoluteExpiresAt: string };
}

export interface Profile {
  kind: string;
  username: string;
  /** Null for a person registered by phone who has not verified a real name yet. */
  name: string | null;
  idType: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  /** A phone declared at registration is not proven until an SMS code to it comes back. */
  phoneVerified: boolean;
  nickname: string | null;
  /** The bound e-mail, masked. */
  emailMasked: string | null;
  assuranceLevel: AssuranceLevel;
  createdAt: string;
}

export type LoginResult = 'success' | 'failure' | 'locked';

export interface LoginHistoryItem {
  at: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  result: LoginResult;
}

/** A label per language; older or simpler servers may send a plain string. */
export type LocalisedLabel = string | Partial<Record<Lang, string>>;

export interface IdTypeOption {
  value: string;
  label: LocalisedLabel;
}

export interface Meta {
  profile: unknown;
  loginMethods: { person: string[]; org: string[] };
  /** personStyles: which person registrations are offered (`username`, `phone`); check: what registration step 3 runs. */
  registration: { person: boolean; org: boolean; personStyles?: string[]; check?: 'declared' | 'bank4' };
  idTypes: IdTypeOption[];
  /** Password (and SMS-code) login: wrong tries before a lock, and how long the lock lasts. */
  lockout: { maxFailures: number; lockMinutes: number };
}

export interface RealNameMethodStatus {
  id: string;
  level: AssuranceLevel;
  applicable: boolean;
  /** How the method is done (src/methods/realname/method.ts): a form, SMS then a form, a redirect, at the counter, or not yet. */
  kind?: 'form' | 'sms_form' | 'redirect' | 'counter' | 'coming_soon';
  smsTo?: 'account_phone' | 'checked_phone';
  status: 'verified' | 'not_verified';
  verifiedAt?: string;
  expiresAt?: string | null;
}
