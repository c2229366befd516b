/**
 * The SMS-code step every flow shares (SMS login, registration by phone, recovery, phone binding,
 * bank four-element check): make a one-time code bound to the flow and send it to the phone.
 *
 * Every message goes through the SMS outbox (src/flows/sms-outbox.ts): its row is written before the
 * answer — a code's in the statement that makes the code — and the vendor is called in the
 * background, retried if it fails, and every failure audited and counted.
 *
 * Enumeration defence (SECURITY.md): a flow that must not reveal whether a number belongs to an
 * account calls `sendSmsCode` with `deliver: false` when it does not; the code is still made and
 * counted (same cooldown, same caps, same statements) but nothing is written to the outbox or sent.
 * The vendor call runs in the background either way, so the answer takes the same time.
 * A flow whose decision comes after the code is made (the account's phone past its cap; 银联认证找回,
 * after its answer) makes the code with `makeSmsCode`: the message is written `held` with it, and
 * delivered later or dropped.
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
import type { SmsTemplate } from '../connectors/sms/gateway.js';
import type { AppContext } from '../context.js';
import { maskPhone } from '../domain/mask.js';
import { AppError } from '../shared/app-error.js';
import { hit } from '../security/rate-limit.js';
import { checkCode, issueCode, OTP_COOLDOWN_SECONDS } from '../security/otp.js';
import { newId } from '../security/tokens.js';
import { dropHeld, enqueueSms, kick, outboxRow, releaseHeld, type OutgoingSms, type Queued } from './sms-outbox.js';

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

/** A code made and counted for a number but not sent yet; its message is `held` in the outbox, its plaintext in memory (the store keeps a hash and the sealed message). */
export interface HeldCode {
  sent: SentCode;
  /** Sends the code, unless it expired meanwhile (never throws: a failed send is retried, audited and counted). */
  deliver(): Promise<void>;
  /** The code will not be sent: its held message goes. */
  drop(): Promise<void>;
}

const codeMessage = (req: Omit<SmsCodeRequest, 'deliver'>, code: string, expiresAt: Date): OutgoingSms => ({
  template: 'verification_code',
  params: { code },
  phone: req.sendTo === undefined ? req.phone : req.sendTo,
  purpose: req.purpose,
  ip: req.ip,
  expiresAt,
});

const sentCode = (req: { phone: string }, expiresAt: Date): SentCode => ({ expiresAt, resendAfterSeconds: OTP_COOLDOWN_SECONDS, maskedPhone: maskPhone(req.phone) });

/** Makes a code and counts it against the number's cooldown and caps, its message held, sending nothing yet; throws as `sendSmsCode` does. */
export async function makeSmsCode(ctx: AppContext, req: Omit<SmsCodeRequest, 'deliver'>): Promise<HeldCode> {
  const id = newId();
  const out: { held?: Queued } = {};
  const { expiresAt } = await issueCode(ctx, {
    purpose: req.purpose,
    flowId: req.flowId,
    channel: 'sms',
    destination: req.phone,
    ip: req.ip,
    message: (code, expires) => {
      const { row, queued } = outboxRow(ctx, id, codeMessage(req, code, expires), 'held');
      out.held = queued;
      return row;
    },
  });
  const held = out.held!;
  return {
    sent: sentCode(req, expiresAt),
    // The store may be closing (a test ending, a node stopping): the held row then expires unsent.
    deliver: () => releaseHeld(ctx, held).catch(() => {}),
    drop: () => dropHeld(ctx, id),
  };
}

/** Makes and sends a code; throws otp.cooldown / otp.daily_limit / otp.too_many_attempts. */
export async function sendSmsCode(ctx: AppContext, req: SmsCodeRequest): Promise<SentCode> {
  if (req.sendTo === undefined) {
    // Known before the code is made: the message is written with it, claimed by this node, sent at once.
    const out: { queued?: Queued } = {};
    const message = (code: string, expires: Date) => {
      const { row, queued } = outboxRow(ctx, newId(), codeMessage(req, code, expires), 'pending');
      out.queued = queued;
      return row;
    };
    const { expiresAt } = await issueCode(ctx, { purpose: req.purpose, flowId: req.flowId, channel: 'sms', destination: req.phone, ip: req.ip, ...(req.deliver !== false ? { message } : {}) });
    if (out.queued) kick(ctx, out.queued);
    return sentCode(req, expiresAt);
  }
  // Sent to a number found from what was typed: whether it goes is known only after its cap is
  // counted, so the message is held with the code (also when there is no number: the same writes),
  // then released or dropped.
  const held = await makeSmsCode(ctx, req);
  // Counted for every request of this kind (against the stand-in when there is no number), so the work is the same either way.
  let deliver = req.deliver !== false && req.sendTo !== null;
  const capped = await hit(ctx, 'otpSentToAccountPhone', `sms:${deliver ? req.sendTo : req.phone}`).then(
    () => false,
    (err: unknown) => {
      if (err instanceof AppError && err.code === 'rate_limited') return true;
      throw err;
    },
  );
  deliver &&= !capped;
  await (deliver ? held.deliver() : held.drop());
  return held.sent;
}

/**
 * Checks a typed code for the flow and number; throws otp.invalid / otp.expired / otp.too_many_attempts.
 * `code: null` when no typed code may pass (its message was never sent): refused and counted as a wrong one.
 */
export async function checkSmsCode(ctx: AppContext, req: { purpose: string; flowId: string; phone: string; code: string | null }): Promise<void> {
  await checkCode(ctx, { purpose: req.purpose, flowId: req.flowId, channel: 'sms', destination: req.phone, code: req.code });
}

/** Writes a notice to the outbox (resolves once stored) and sends it at once; failures are retried, audited and counted. */
export async function enqueueSmsNotice(ctx: AppContext, phone: string, template: Exclude<SmsTemplate, 'verification_code'>, params: Record<string, string>, ip: string | null = null): Promise<void> {
  await enqueueSms(ctx, newId(), { template, params, phone, purpose: template, ip });
}
