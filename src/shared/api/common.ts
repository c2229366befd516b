/**
 * The building blocks of the API's answers, declared once (zod) for the server, which checks every
 * answer against them in development and test (src/http/route-output.ts), and for the SPA, which
 * takes its types from them (`z.infer`). Shared modules import nothing from the server side: zod,
 * and the other modules of src/shared only.
 */
import { z } from 'zod';
import { ASSURANCE_LEVELS } from '../levels.js';
import type { PowChallenge as PowChallengeShape } from '../pow.js';

/** A time as the API sends it: ISO 8601 (`Date.toISOString()`). */
export const Instant = z.iso.datetime({ offset: true });

export const AssuranceLevel = z.enum(ASSURANCE_LEVELS);
export type AssuranceLevel = z.infer<typeof AssuranceLevel>;

export const AccountKind = z.enum(['person', 'org']);

/** The proof of work beside every captcha (src/shared/pow.ts holds its type). */
export const PowChallenge: z.ZodType<PowChallengeShape> = z.strictObject({
  algorithm: z.literal('SHA-256'),
  challenge: z.string(),
  salt: z.string(),
  maxnumber: z.number().int(),
  flowId: z.string(),
  accessible: z.literal(true).optional(),
});

/** A masked value (`185****0901`), or null when there is none. */
export const Masked = z.string().nullable();

/** An SMS code was sent (or, to an unknown number, pretended to be): when it expires and when another may be asked for. */
export const SentCode = z.strictObject({
  expiresAt: Instant,
  resendAfterSeconds: z.number().int().nonnegative(),
  maskedPhone: z.string().optional(),
});
export type SentCode = z.infer<typeof SentCode>;

/** The same, flat beside other fields (account centre, registration step 3): the phone always named. */
export const SentCodeFlat = z.strictObject({
  maskedPhone: z.string(),
  resendAfterSeconds: z.number().int().nonnegative(),
  expiresAt: Instant,
});
export type SentCodeFlat = z.infer<typeof SentCodeFlat>;

/** The body of a 204 (or of a redirect): nothing. */
export const NoBody = null;

/** What a route answers, per status: a schema of its JSON body, or `null` for no body (204, redirects). */
export type RouteOutput = Readonly<Partial<Record<number, z.ZodType | null>>>;
