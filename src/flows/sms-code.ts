/**
 * The SMS-code step every flow shares (SMS login, registration by phone, recovery, phone binding,
 * bank four-element check): make a one-time code bound to the flow and send it to the phone.
 *
 * Enumeration defence (SECURITY.md): a flow that must not reveal whether a number belongs to an
 * account calls `sendSmsCode` with `deliver: false` when it does not; the code is still made and
 * counted (same cooldown, same caps, same writes) but nothing is sent. The vendor call runs in
 * the background either way, so the answer takes the same time; a failed send is audited.
 * A flow whose decision comes after its answer (银联认证找回) makes the code with `makeSmsCode` and
 * delivers it later, or never.
 * Callers put an image captcha in front (consumeCaptcha) and say "if the details match, a code
 * has been sent".
 *
 * Shared state (SECURITY.md): the cooldown and caps a request can hit are keyed by what the
 * requester typed — the number typed, or for 忘记密码 by ID number (where no number is typed) a
 * stand-in derived from the identifier and ID number typed — and counted the same whether or not
 * an account matches. So a cooldown one flow sets is one a stranger could have set with the same
 * input, and no other flow can read an account's own phone out of it. A message that goes to a
 * number the requester did not type (`sendTo`: the account's phone) is capped there silently
 * (`otpSentToAccountPhone`): past the cap nothing is sent, and the answer is the same.
 */
import { audit } from '../audit/audit.js';
import type { SmsTemplate } from '../connectors/sms/gateway.js';
import type { AppContext } from '../context.js';
import { maskPhone } from '../domain/mask.js';
import { AppError } from '../http/errors.js';
import { hit } from '../security/rate-limit.js';
import { checkCode, issueCode, OTP_COOLDOWN_SECONDS } from '../security/otp.js';

export interface SmsCodeRequest {
  /** What the code is for (`login`, `recovery`, `bind_phone`, …): a code for one purpose never passes another. */
  purpose: string;
  flowId: string;
  /**
   * What the code is made, counted and checked under: the validated number typed, `13800138000`;
   * where no number is typed, a stand-in derived from what was (never a real number).
   */
  phone: string;
  /**
   * Where the message goes when that is not `phone`: a number found from what was typed (the
   * account's phone), or null when nothing was found (nothing is sent). Omitted: to `phone`.
   */
  sendTo?: string | null;
  ip: string;
  /** false: count and store the code but send nothing (the number matched no account). Default true. */
  deliver?: boolean;
}

export interface SentCode {
  expiresAt: Date;
  /** Seconds before another code may be asked for this number. */
  resendAfterSeconds: number;
  /** The number as the page may show it, `138****8000`. */
  maskedPhone: string;
}

/** A code made and counted for a number but not sent yet; its plaintext lives only in `deliver` (the store keeps a hash). */
export interface HeldCode {
  sent: SentCode;
  /** Sends the code (never throws: a failed send is audited). */
  deliver(): Promise<void>;
}

/** Makes a code and counts it against the number's cooldown and caps, sending nothing yet; throws as `sendSmsCode` does. */
export async function makeSmsCode(ctx: AppContext, req: Omit<SmsCodeRequest, 'deliver'>): Promise<HeldCode> {
  const { code, expiresAt } = await issueCode(ctx, { purpose: req.purpose, flowId: req.flowId, channel: 'sms', destination: req.phone, ip: req.ip });
  return {
    sent: { expiresAt, resendAfterSeconds: OTP_COOLDOWN_SECONDS, maskedPhone: maskPhone(req.phone) },
    deliver: () => deliver(ctx, { ...req, phone: req.sendTo ?? req.phone }, 'verification_code', { code }),
  };
}

/** Makes and sends a code; throws otp.cooldown / otp.daily_limit / otp.too_many_attempts. */
export async function sendSmsCode(ctx: AppContext, req: SmsCodeRequest): Promise<SentCode> {
  const held = await makeSmsCode(ctx, req);
  let deliver = req.deliver !== false;
  if (req.sendTo !== undefined) {
    // Counted for every request of this kind (against the stand-in when there is no number), so the work is the same either way.
    deliver &&= req.sendTo !== null;
    const capped = await hit(ctx, 'otpSentToAccountPhone', `sms:${deliver ? req.sendTo : req.phone}`).then(
      () => false,
      (err: unknown) => {
        if (err instanceof AppError && err.code === 'rate_limited') return true;
        throw err;
      },
    );
    deliver &&= !capped;
  }
  if (deliver) void held.deliver();
  return held.sent;
}

/**
 * Checks a typed code for the flow and number; throws otp.invalid / otp.expired / otp.too_many_attempts.
 * `code: null` when no typed code may pass (its message was never sent): refused and counted as a wrong one.
 */
export async function checkSmsCode(ctx: AppContext, req: { purpose: string; flowId: string; phone: string; code: string | null }): Promise<void> {
  await checkCode(ctx, { purpose: req.purpose, flowId: req.flowId, channel: 'sms', destination: req.phone, code: req.code });
}

/** Sends a notice (username reminder, password or phone changed) in the background; failures are audited. */
export function sendSmsNotice(ctx: AppContext, phone: string, template: Exclude<SmsTemplate, 'verification_code'>, params: Record<string, string>, ip: string | null = null): void {
  void deliver(ctx, { purpose: template, phone, ip }, template, params);
}

async function deliver(ctx: AppContext, req: { purpose: string; phone: string; ip: string | null }, template: SmsTemplate, params: Record<string, string>): Promise<void> {
  try {
    const res = await ctx.sms.send({ phone: req.phone, template, params });
    if (res.ok) return;
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'system', event: 'sms.send', result: 'failure', ip: req.ip, detail: { purpose: req.purpose, template, phone: maskPhone(req.phone), error: res.error, retryable: res.retryable } });
  } catch {
    // The store may be closing (a test ending, a node stopping); nothing else to tell.
  }
}
