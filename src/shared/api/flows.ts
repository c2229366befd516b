/**
 * Flows as the API shows them (src/flows/flow.ts `flowView`): id, kind, state, expiry, the first
 * captcha of a new flow, and what a kind adds — the login flow's methods, the registration and
 * recovery summaries. Also the captcha answers every flow shares (src/http/routes/flows.ts).
 */
import { z } from 'zod';
import { AccountKind, Instant, PowChallenge } from './common.js';

/** Any flow: what every kind carries. */
export const FlowView = z.strictObject({
  id: z.string(),
  kind: z.string(),
  state: z.string(),
  expiresAt: Instant,
  /** The first captcha picture as a data: URI, on a newly started flow. */
  captcha: z.string().optional(),
  pow: PowChallenge.optional(),
});
export type FlowView = z.infer<typeof FlowView>;

/** The login flow, as started: the methods the login page offers. */
export const LoginFlowView = FlowView.extend({ methods: z.array(z.string()) });

export const REGISTRATION_STATES = ['login_info', 'identity_info', 'agreement', 'completed'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/** What the SPA may show of a registration flow (src/flows/registration/registration.ts `summary`): never a hash or ciphertext. */
export const RegistrationSummary = z.strictObject({
  username: z.string().optional(),
  name: z.string().optional(),
  idType: z.string().optional(),
  idNumberMasked: z.string().optional(),
  phoneMasked: z.string().optional(),
  /** Shenzhen-style step 3: a phone was already proven by SMS in this flow. */
  bankPhoneProven: z.literal(true).optional(),
  /** Step 2 has answered in this flow already: its next answer needs a new image captcha. */
  captchaRequired: z.literal(true).optional(),
});
export type RegistrationSummary = z.infer<typeof RegistrationSummary>;
export const RegistrationFlowView = FlowView.extend({ summary: RegistrationSummary });

/** 忘记密码 (src/flows/recovery/forgot-password.ts `recoveryView`): the methods offered, and what the step in progress shows. */
export const RecoverySummary = z.strictObject({
  methods: z.array(z.string()),
  /** The person's security questions to answer (their ids). */
  questions: z.array(z.string()).optional(),
  accountKind: AccountKind.extract(['org']).optional(),
  /** The org's own questions (their text). */
  orgQuestions: z.array(z.string()).optional(),
  /** After 银行卡验证: the masked name and phone the reset makes (重置密码) or made (修改完成) the account's. */
  bankIdentity: z.strictObject({ nameMasked: z.string(), phoneMasked: z.string() }).optional(),
});
export type RecoverySummary = z.infer<typeof RecoverySummary>;
export const RecoveryFlowView = FlowView.extend({ summary: RecoverySummary });
export type RecoveryFlowView = z.infer<typeof RecoveryFlowView>;

/**
 * A flow as GET /api/flows/:id shows it — the same view its own steps answer with. The SPA reads
 * the kind it started; its type is the widest of them (registration's summary, the login methods).
 */
export const AnyFlowView = z.union([RegistrationFlowView, RecoveryFlowView, LoginFlowView, FlowView]);
export type Flow = FlowView & { methods?: string[]; summary?: RegistrationSummary };

/** `{ flow }`: the answer of most flow steps. */
export const FlowAnswer = z.strictObject({ flow: FlowView });
export const RegistrationFlowAnswer = z.strictObject({ flow: RegistrationFlowView });
export const RecoveryFlowAnswer = z.strictObject({ flow: RecoveryFlowView });
/** A flow's step whose flow carries nothing beyond id, kind, state and expiry (忘记用户名, 单位找回密码). */
export const PlainFlowAnswer = z.strictObject({ flow: FlowView });

/** GET /api/flows/:id/captcha: a new picture and its proof of work. */
export const CaptchaAnswer = z.strictObject({ captcha: z.string(), pow: PowChallenge });
/** POST /api/flows/:id/captcha/accessible: the proof of work alone. */
export const AccessibleCaptchaAnswer = z.strictObject({ pow: PowChallenge });
