/**
 * Real-name verification (实名认证) in the account centre, at the service-hall counter, and the
 * Shenzhen-style registration step 3 (src/http/routes/realname.ts, realname-alipay.ts, staff.ts,
 * registration-bank.ts).
 */
import { z } from 'zod';
import { AssuranceLevel, Instant, PowChallenge, SentCodeFlat } from './common.js';

/** A method in the '我要升级' list and whether this person has it. */
export const RealNameMethodStatus = z.strictObject({
  id: z.string(),
  level: AssuranceLevel,
  applicable: z.boolean(),
  /** How the method is done (src/methods/realname/method.ts): a form, SMS then a form, a redirect, a face capture, at the counter, or not yet. */
  kind: z.enum(['form', 'sms_form', 'redirect', 'capture', 'counter', 'coming_soon']),
  smsTo: z.enum(['account_phone', 'checked_phone']).optional(),
  status: z.enum(['verified', 'not_verified']),
  verifiedAt: Instant.optional(),
  expiresAt: Instant.nullable().optional(),
});
export type RealNameMethodStatus = z.infer<typeof RealNameMethodStatus>;

/** GET /api/account/real-name. */
export const RealNameDetail = z.strictObject({
  assuranceLevel: AssuranceLevel,
  bankCardMasked: z.string().optional(),
  methods: z.array(RealNameMethodStatus),
});
export type RealNameDetail = z.infer<typeof RealNameDetail>;

/** Step 1 of an SMS method: its flow and picture code. */
export const SmsStepStarted = z.strictObject({ flowId: z.string(), captcha: z.string(), pow: PowChallenge });
export const SmsStepCodeSent = SentCodeFlat.extend({ flowId: z.string() });
export const SmsStepConfirmed = z.strictObject({ ok: z.literal(true) });
/** A method passed: the level the person has now. */
export const RealNameVerified = z.strictObject({ method: z.string(), assuranceLevel: AssuranceLevel });
/** 变更用户信息: the new name and card, re-checked. */
export const IdentityChanged = z.strictObject({ assuranceLevel: AssuranceLevel, name: z.string(), bankCardMasked: z.string() });
export const AlipayStarted = z.strictObject({ redirectUrl: z.string() });

export const StaffStatus = z.strictObject({ staff: z.boolean() });
/** A person as the counter page shows them (ID masked). */
export const CounterPerson = z.strictObject({
  accountId: z.string(),
  username: z.string(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  status: z.string(),
  assuranceLevel: AssuranceLevel,
  counterVerified: z.boolean(),
});
export type CounterPerson = z.infer<typeof CounterPerson>;
export const CounterLookup = z.strictObject({ persons: z.array(CounterPerson) });
export const CounterVerified = z.strictObject({ accountId: z.string(), assuranceLevel: AssuranceLevel });
