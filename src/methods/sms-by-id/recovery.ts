/**
 * 忘记密码, 第二步 验证身份 by ID number + SMS code: the code goes to the bound phone if the ID number
 * typed is the account's (empty for a person registered by phone who has none yet).
 *
 * No number is typed here, so the code is made, counted and checked under a stand-in derived from
 * what was typed (the identifier of step 1 and this ID number), for every account and for none:
 * its cooldown and caps are the same for a known account as for an unknown one, and no other flow
 * (SMS login for the account's number) can see that a code went to that number. Only a matching
 * ID number sends the message, to the account's phone (sms-code.ts caps that number silently).
 */
import { RecoveryCodeSent } from '../../shared/api/recovery.js';
import { z } from 'zod';
import { HASH_KIND } from '../../accounts/accounts.js';
import type { AppContext } from '../../context.js';
import { advanceFlow, consumeCaptcha, expectState, type CaptchaAnswer } from '../../flows/flow.js';
import { auditFailure, subjectOf, type RecoveryFlow } from '../../flows/recovery/recovery-flow.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../../flows/sms-code.js';
import { AppError } from '../../shared/app-error.js';
import { Captcha, Pow, text } from '../../http/validate.js';
import { hit } from '../../security/rate-limit.js';
import { beginRecord, recordOf, withRecord, type Verifications } from '../records.js';
import { passed, recoveryStep, type RecoveryMethod } from '../recovery-step.js';
import { METHOD, type SmsByIdRecord } from './record.js';

export const SMS_PURPOSE = 'recovery';

export const SmsCodeRequest = z.strictObject({ idNumber: text(32, 'id_number.format').default(''), captcha: Captcha, pow: Pow });
/** The code typed (also the bank card method's second step). */
export const CodeStep = z.strictObject({ code: text(12, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid')) });

/** A number that is never a phone (no mainland number starts 10), so a decoy code can be counted like a real one. */
export const decoyDestination = (identifierKey: string) => `10${[...Buffer.from(identifierKey, 'base64url').subarray(0, 9)].map((b) => b % 10).join('')}`;

/** What the code request answers, whoever the account is. */
export const sentAnswer = (sent: SentCode) => ({ answer: { sent: { expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds } } });

async function begin(_ctx: AppContext, who: { accountId: string | null }, v: Verifications | undefined): Promise<Verifications> {
  return beginRecord(v, { method: METHOD, accountId: who.accountId });
}

/** The ID number and a picture code: a code made under the stand-in, sent to the bound phone only when the ID number is the account's. */
export async function requestSmsCode(ctx: AppContext, flow: RecoveryFlow, input: { idNumber: string } & CaptchaAnswer, ip: string): Promise<SentCode> {
  expectState(flow, 'verify');
  await consumeCaptcha(ctx, flow, input);
  const d = flow.data;
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  const person = d.accountId
    ? await ctx.db.selectFrom('persons').select(['id_number_hash', 'phone_enc']).where('account_id', '=', d.accountId).executeTakeFirst()
    : undefined;
  const typed = input.idNumber.trim().toUpperCase();
  const phone = person?.phone_enc ? ctx.vault.decrypt(person.phone_enc) : null;
  // A person registered by phone who has no ID yet leaves the ID number empty: the phone is all they have.
  const idMatched = !!person && phone !== null && (person.id_number_hash ? person.id_number_hash === ctx.vault.lookupHash(HASH_KIND.idNumber, typed) : typed === '');
  const standIn = decoyDestination(ctx.vault.mac('recovery-sms', `${d.identifierKey ?? flow.id}:${typed}`));
  const sent = await sendSmsCode(ctx, { purpose: SMS_PURPOSE, flowId: flow.id, phone: standIn, ip, sendTo: idMatched ? phone : null });
  const record: SmsByIdRecord = { ...(recordOf(d.verifications, METHOD) ?? { method: METHOD, status: 'open', tries: 0 }), accountId: d.accountId ?? null, destinationEnc: ctx.vault.encrypt(standIn), idMatched };
  await advanceFlow(ctx, flow, 'verify', 'verify', { ...d, verifications: withRecord(d.verifications, record) });
  return sent;
}

/** The code: passes only when the ID number matched (only a guessed code for an unsent message reaches the end without). */
export async function submitSmsCode(ctx: AppContext, flow: RecoveryFlow, code: string, ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  const record = recordOf(d.verifications, METHOD);
  if (!record?.destinationEnc) throw new AppError('otp.expired');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  await checkSmsCode(ctx, { purpose: SMS_PURPOSE, flowId: flow.id, phone: ctx.vault.decrypt(record.destinationEnc), code }).catch(async (err: unknown) => {
    await auditFailure(ctx, flow, ip, { method: METHOD, reason: err instanceof AppError ? err.code : 'error' });
    throw err;
  });
  if (!record.idMatched || !record.accountId || record.accountId !== d.accountId) throw new AppError('recovery.verification_failed');
  return passed(flow, { ...record, accountId: record.accountId });
}

export const smsById: RecoveryMethod = {
  id: METHOD,
  kind: 'code_then_form',
  purposes: ['recovery'],
  accountKinds: ['person'],
  steps: {
    recovery: [
      recoveryStep('sms-code', SmsCodeRequest, async ({ ctx, flow, body, ip }) => sentAnswer(await requestSmsCode(ctx, flow, body, ip)), RecoveryCodeSent),
      recoveryStep('sms', CodeStep, ({ ctx, flow, body, ip }) => submitSmsCode(ctx, flow, body.code, ip)),
    ],
  },
  recovery: { begin },
};
