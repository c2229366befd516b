/**
 * One-time codes (SECURITY.md "Codes, SMS, recovery"): 6 digits from a CSPRNG, 5 minutes, single
 * use, bound to the flow that asked; at most 5 wrong tries, and a new code for the same flow and
 * destination keeps the count, so asking again buys no more guesses. A 60 s cooldown and daily caps
 * per destination, per IP and per number prefix defend against SMS pumping and bombing; callers
 * put an image captcha in front of `issueCode`.
 */
import { randomInt } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import { addMinutes, type AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import type { SmsOutboxTable } from '../store/schema.js';
import { hit } from './rate-limit.js';
import { newId, safeEqual } from './tokens.js';

export const OTP_MINUTES = 5;
export const OTP_MAX_FAILURES = 5;
export const OTP_COOLDOWN_SECONDS = 60;

export interface CodeRequest {
  purpose: string;
  flowId: string;
  channel: 'sms' | 'email';
  /** Normalised phone number or mail address. */
  destination: string;
  ip: string;
  /** The SMS outbox row carrying the code (src/flows/sms-outbox.ts), built from its plaintext and written with it. */
  message?: (code: string, expiresAt: Date) => Insertable<SmsOutboxTable>;
}

const destinationHash = (ctx: AppContext, channel: string, destination: string) => ctx.vault.lookupHash(`otp:${channel}`, destination);
const codeHash = (ctx: AppContext, id: string, code: string) => ctx.vault.mac('otp', `${id}:${code}`);

/** Makes a new code, or refuses (cooldown, daily caps, spent flow). The caller sends it. */
export async function issueCode(ctx: AppContext, req: CodeRequest): Promise<{ code: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const dest = destinationHash(ctx, req.channel, req.destination);
  // The newest code to this destination (the cooldown) and this flow's newest to it (the failures it
  // carries over), read in one round trip.
  const prior = await ctx.db
    .selectNoFrom((eb) => [
      eb.selectFrom('otp_codes').select('created_at').where('destination_hash', '=', dest).orderBy('created_at', 'desc').limit(1).as('last_at'),
      eb.selectFrom('otp_codes').select('failures').where('flow_id', '=', req.flowId).where('destination_hash', '=', dest).orderBy('created_at', 'desc').limit(1).as('failures'),
    ])
    .executeTakeFirstOrThrow();
  if (prior.last_at && now.getTime() - prior.last_at.getTime() < OTP_COOLDOWN_SECONDS * 1000) {
    throw new AppError('otp.cooldown', undefined, { 'retry-after': String(OTP_COOLDOWN_SECONDS) });
  }
  const failures = prior.failures ?? 0;
  if (failures >= OTP_MAX_FAILURES) throw new AppError('otp.too_many_attempts');
  for (const [limit, subject] of [
    ['otpPerIp', req.ip],
    ['otpPerDestination', dest],
    ['otpPerPrefix', `${req.channel}:${req.destination.slice(0, 7)}`],
  ] as const) {
    await hit(ctx, limit, subject).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'rate_limited' ? new AppError('otp.daily_limit') : err;
    });
  }
  const id = newId();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = addMinutes(now, OTP_MINUTES);
  const row = { id, purpose: req.purpose, flow_id: req.flowId, channel: req.channel, destination_hash: dest, code_hash: codeHash(ctx, id, code), failures, created_at: now, expires_at: expiresAt, used_at: null };
  const message = req.message?.(code, expiresAt);
  // The message that carries the code goes into the SMS outbox in the same statement: no extra round trip.
  if (message) await ctx.db.with('message', (db) => db.insertInto('sms_outbox').values(message)).insertInto('otp_codes').values(row).execute();
  else await ctx.db.insertInto('otp_codes').values(row).execute();
  return { code, expiresAt };
}

/** Checks a code typed for this flow and destination; a right code is used up, a wrong one counted (`code: null`: none may pass, counted as wrong). */
export async function checkCode(ctx: AppContext, req: Omit<CodeRequest, 'ip'> & { code: string | null }): Promise<void> {
  const now = ctx.clock.now();
  const dest = destinationHash(ctx, req.channel, req.destination);
  const latest = await ctx.db
    .selectFrom('otp_codes')
    .selectAll()
    .where('flow_id', '=', req.flowId)
    .where('destination_hash', '=', dest)
    .where('purpose', '=', req.purpose)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest || latest.used_at) throw new AppError('otp.expired');
  if (latest.failures >= OTP_MAX_FAILURES) throw new AppError('otp.too_many_attempts');
  if (latest.expires_at <= now) throw new AppError('otp.expired');
  const typed = req.code?.trim() ?? null;
  if (typed !== null && /^\d{6}$/.test(typed) && safeEqual(codeHash(ctx, latest.id, typed), latest.code_hash)) {
    // Single use, even against two requests at once: only one update finds it unused.
    const used = await ctx.db.updateTable('otp_codes').set({ used_at: now }).where('id', '=', latest.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1) return;
    throw new AppError('otp.expired');
  }
  const counted = await ctx.db
    .updateTable('otp_codes')
    .set({ failures: sql`failures + 1` })
    .where('id', '=', latest.id)
    .returning('failures')
    .executeTakeFirstOrThrow();
  throw new AppError(counted.failures >= OTP_MAX_FAILURES ? 'otp.too_many_attempts' : 'otp.invalid');
}
