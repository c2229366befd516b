/**
 * Forgot password (忘记密码), the four steps of seed 002 §2.3 with the two ways of seed 001:
 *
 *   account ──identifier + captcha──▶ verify ──security questions │ ID number + SMS code──▶ reset ──new password──▶ completed
 *   (输入帐户名)                       (验证身份)   ◀── back ──                                   (重置密码)             (修改完成)
 *
 * Step 1 never says whether the account exists: every identifier goes on to step 2 with the same
 * look (an unknown account is asked three questions derived from what was typed, and an SMS code
 * is made for it but never sent). Failure shows only at verification, with one message for wrong
 * answers and unknown accounts. Security answers get MAX_ANSWER_ATTEMPTS tries per flow; the
 * account identifier and the IP are rate-limited. The reset goes through set-password.ts (applyPassword), which signs
 * the account out everywhere and tells the owner by SMS. After 银行卡验证 the same transaction makes the
 * bank-verified name and phone the account's (../../accounts/bank-identity.ts, seed 000).
 *
 * Seam for organisations: `accountKind` is carried in the flow; 'org' resolves its identifier
 * (USCC / org username) in `findRecoverable`, is asked the org's security questions (./org.ts) and
 * reuses the reset step. Bank four-element (银行卡验证) is the third person method (./bank4.ts).
 */
import { findByIdentifier, HASH_KIND } from '../../accounts/accounts.js';
import { notifyPhoneReplaced, refusePhoneTaken, takeBankIdentity, type BankVerifiedIdentity } from '../../accounts/bank-identity.js';
import { checkSecurityAnswers, questionsToAsk, type SecurityAnswer, type SecurityQuestionId } from '../../accounts/security-questions.js';
import { applyPassword, notifyPasswordChanged, preparePassword } from '../../accounts/set-password.js';
import { audit } from '../../audit/audit.js';
import { orgQuestionsToAsk } from '../../orgs/security-questions.js';
import type { AppContext } from '../../context.js';
import { AppError, assertThat } from '../../http/errors.js';
import { liftLocks } from '../../security/login-guards.js';
import { hit } from '../../security/rate-limit.js';
import { advanceFlow, consumeCaptcha, countTry as countFlowTry, expectState, flowView, type Flow, type CaptchaAnswer } from '../flow.js';
import { checkSmsCode, sendSmsCode, sendSmsNotice, type SentCode } from '../sms-code.js';

export const KIND = 'recovery';
export const SMS_PURPOSE = 'recovery';
export const MAX_ANSWER_ATTEMPTS = 3;
export const RECOVERY_METHODS = ['security_questions', 'sms', 'bank4'] as const;
export const RECOVERABLE_KINDS = ['person', 'org'] as const;
/** The org variant (./org.ts) verifies by the org's security questions (set in the org centre). */
export const ORG_RECOVERY_METHODS = ['org_security_questions'] as const;
export type AccountKind = (typeof RECOVERABLE_KINDS)[number];

export type State = 'account' | 'verify' | 'reset' | 'completed';

export interface Data {
  accountKind?: AccountKind;
  /** Null when the identifier named no recoverable account; never shown. */
  accountId?: string | null;
  /** Keyed hash of the typed identifier: rate-limit subject and decoy seed. */
  identifierKey?: string;
  questionIds?: SecurityQuestionId[];
  /** Wrong security-answer tries in this flow (kept across '上一步'). */
  attempts?: number;
  /** Where the SMS code went (encrypted), and whether the typed ID number matched. */
  smsDestinationEnc?: string;
  idMatched?: boolean;
  verifiedBy?: (typeof RECOVERY_METHODS)[number] | (typeof ORG_RECOVERY_METHODS)[number];
  /** Bank four-element (./bank4.ts): the reserved phone the code is for (encrypted), what a passing check proved (sealed), the check still running after its answer (its number), checks made in this flow. */
  bankDestinationEnc?: string;
  bankVerified?: BankVerifiedIdentity;
  bankCheckPending?: number;
  bankAttempts?: number;
  /** 修改完成 after 银行卡验证: the name and phone the account now has, masked. */
  bankIdentity?: { nameMasked: string; phoneMasked: string };
  /** Org variant: the question texts asked (the org's own, or the org centre's defaults). */
  orgQuestions?: string[];
}

export type RecoveryFlow = Flow<State, Data>;

/**
 * What the SPA sees: the methods and, at step 2, the questions to answer. Nothing about the account
 * but, after 银行卡验证, the masked name and phone the bank verified (what the person typed), which
 * the reset makes the account's: `bankIdentity: { nameMasked, phoneMasked }`.
 */
export function recoveryView(flow: RecoveryFlow & { captcha?: string }) {
  if (flow.data.accountKind === 'org') return flowView(flow, { summary: { accountKind: 'org', methods: ORG_RECOVERY_METHODS, ...(flow.data.orgQuestions ? { orgQuestions: flow.data.orgQuestions } : {}) } });
  const bank = flow.data.bankIdentity ?? (flow.state === 'reset' ? bankIdentityToTake(flow.data) : undefined);
  return flowView(flow, {
    summary: {
      methods: RECOVERY_METHODS,
      ...(flow.data.questionIds ? { questions: flow.data.questionIds } : {}),
      ...(bank ? { bankIdentity: { nameMasked: bank.nameMasked, phoneMasked: bank.phoneMasked } } : {}),
    },
  });
}

async function findRecoverable(ctx: AppContext, kind: AccountKind, identifier: string): Promise<string | null> {
  // Org: its username or USCC (findByIdentifier's org lookup).
  const candidate = await findByIdentifier(ctx, identifier, kind);
  if (!candidate || candidate.status !== 'active') return null;
  const row = await ctx.db.selectFrom('accounts').select('kind').where('id', '=', candidate.id).executeTakeFirst();
  return row?.kind === kind ? candidate.id : null;
}

/** 第一步 输入帐户名. */
export async function submitAccount(ctx: AppContext, flow: RecoveryFlow, input: { identifier: string; accountKind: AccountKind } & CaptchaAnswer, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'account');
  await consumeCaptcha(ctx, flow, input);
  const identifierKey = ctx.vault.lookupHash(HASH_KIND.identifier, `${input.accountKind}:${input.identifier.trim().toLowerCase()}`);
  await hit(ctx, 'recoveryPerAccount', identifierKey);
  const accountId = await findRecoverable(ctx, input.accountKind, input.identifier);
  const questions = input.accountKind === 'org' ? { orgQuestions: await orgQuestionsToAsk(ctx, accountId) } : { questionIds: await questionsToAsk(ctx, accountId, identifierKey) };
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.started', result: 'success', ip, subject: identifierKey, detail: { known: accountId !== null } });
  return advanceFlow(ctx, flow, 'account', 'verify', { accountKind: input.accountKind, accountId, identifierKey, ...questions, attempts: flow.data.attempts ?? 0, bankAttempts: flow.data.bankAttempts ?? 0 });
}

/** '上一步' from 验证身份 to 输入帐户名; the failed-answer count stays. */
export async function goBack(ctx: AppContext, flow: RecoveryFlow): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  return advanceFlow(ctx, flow, 'verify', 'account', { attempts: flow.data.attempts ?? 0, bankAttempts: flow.data.bankAttempts ?? 0 });
}

/**
 * What the recovery limits of a flow count against: the identifier typed at step 1, known account
 * or not. Not the account: a count shared by its username, ID number and phone would show that
 * they are one account (the same person can thus try once per identifier they have; docs/security.md).
 */
export const subjectOf = (d: Data) => d.identifierKey ?? 'unknown';

export async function verified(ctx: AppContext, flow: RecoveryFlow, method: (typeof RECOVERY_METHODS)[number] | (typeof ORG_RECOVERY_METHODS)[number], ip: string): Promise<RecoveryFlow> {
  // The step and its audit entry together: no "verified" in the log for a step another request took.
  return ctx.db.transaction().execute(async (tx) => {
    const next = await advanceFlow(ctx, flow, 'verify', 'reset', { ...flow.data, verifiedBy: method }, tx);
    await audit(tx, { at: ctx.clock.now(), actor: flow.data.accountId ?? 'anonymous', event: 'recovery.verified', result: 'success', ip, subject: flow.data.accountId ?? null, detail: { method } });
    return next;
  });
}

/** Counts one try (security answers, a bank check) of the flow at 验证身份; past `max`, recovery.too_many_attempts (flow.countTry). */
export const countTry = (ctx: AppContext, flow: RecoveryFlow, key: 'attempts' | 'bankAttempts', max: number) => {
  expectState(flow, 'verify');
  return countFlowTry(ctx, flow, key, max, 'recovery.too_many_attempts');
};

/** 第二步 验证身份, by security questions. */
export async function answerQuestions(ctx: AppContext, flow: RecoveryFlow, answers: SecurityAnswer[], ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  const d = flow.data;
  if ((d.attempts ?? 0) >= MAX_ANSWER_ATTEMPTS) throw new AppError('recovery.too_many_attempts');
  const asked = new Set(d.questionIds ?? []);
  assertThat(answers.length === asked.size && answers.every((a) => asked.has(a.questionId)), 'security_questions.invalid');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  const counted = await countTry(ctx, flow, 'attempts', MAX_ANSWER_ATTEMPTS);
  const ok = await checkSecurityAnswers(ctx, d.accountId ?? null, answers);
  if (ok && d.accountId) return verified(ctx, counted.flow, 'security_questions', ip);
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: d.accountId ?? d.identifierKey ?? null, detail: { method: 'security_questions', attempt: counted.count } });
  throw new AppError(counted.count >= MAX_ANSWER_ATTEMPTS ? 'recovery.too_many_attempts' : 'recovery.verification_failed');
}

/** A number that is never a phone (no mainland number starts 10), so a decoy code can be counted like a real one. */
export const decoyDestination = (identifierKey: string) => `10${[...Buffer.from(identifierKey, 'base64url').subarray(0, 9)].map((b) => b % 10).join('')}`;

/**
 * 第二步 验证身份, by ID number + SMS code: send the code to the bound phone if the ID number is the account's (empty for a person without one).
 *
 * No number is typed here, so the code is made, counted and checked under a stand-in derived from
 * what was typed (the identifier of step 1 and this ID number), for every account and for none:
 * its cooldown and caps are the same for a known account as for an unknown one, and no other flow
 * (SMS login for the account's number) can see that a code went to that number. Only a matching
 * ID number sends the message, to the account's phone (sms-code.ts caps that number silently).
 */
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
  await advanceFlow(ctx, flow, 'verify', 'verify', { ...d, smsDestinationEnc: ctx.vault.encrypt(standIn), idMatched });
  return sent;
}

/** 第二步 验证身份: the SMS code. */
export async function submitSmsCode(ctx: AppContext, flow: RecoveryFlow, code: string, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  const d = flow.data;
  if (!d.smsDestinationEnc) throw new AppError('otp.expired');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  await checkSmsCode(ctx, { purpose: SMS_PURPOSE, flowId: flow.id, phone: ctx.vault.decrypt(d.smsDestinationEnc), code }).catch(async (err: unknown) => {
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: d.accountId ?? d.identifierKey ?? null, detail: { method: 'sms', reason: err instanceof AppError ? err.code : 'error' } });
    throw err;
  });
  // Only a guessed code for an unsent message reaches here without a match.
  if (!d.idMatched || !d.accountId) throw new AppError('recovery.verification_failed');
  return verified(ctx, flow, 'sms', ip);
}

/** The bank-verified identity the reset takes: only when 银行卡验证 is what verified this flow. */
const bankIdentityToTake = (d: Data) => (d.verifiedBy === 'bank4' ? d.bankVerified : undefined);

/** 第三步 重置密码 → 第四步 修改完成. */
export async function resetPassword(ctx: AppContext, flow: RecoveryFlow, input: { password: string; confirmPassword: string }, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'reset');
  const d = flow.data;
  assertThat(d.accountId && d.verifiedBy, 'flow.wrong_state');
  const accountId = d.accountId;
  assertThat(input.password === input.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
  // Checks and hashing first: a refused password changes nothing and the step stays open.
  const prepared = await preparePassword(ctx, accountId, input.password);
  const bank = bankIdentityToTake(d);
  // Claiming the step (so one verification resets the password once), the new password, the
  // lifted login lock and, after 银行卡验证, the bank-verified name and phone are one transaction;
  // a second submission waits on the flow's row and then finds it claimed.
  const { claimed, tellSystems, replaced } = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const done = { accountKind: d.accountKind, verifiedBy: d.verifiedBy, ...(bank ? { bankIdentity: { nameMasked: bank.nameMasked, phoneMasked: bank.phoneMasked } } : {}) };
      const claimed = await advanceFlow(ctx, flow, 'reset', 'completed', done, tx);
      const tellSystems = await applyPassword(ctx, tx, prepared, { reason: 'password_reset', ip });
      // A reset lifts every login lock of the account (each identifier's, the one kept after 100
      // consecutive failures, its phone's SMS login): the owner always has a way back in.
      await liftLocks(ctx, accountId, tx);
      const replaced = bank ? await takeBankIdentity(ctx, tx, accountId, bank, ip) : null;
      return { claimed, tellSystems, replaced };
    })
    .catch((err: unknown) => refusePhoneTaken(ctx, err, accountId, ip));
  // The password notice goes to the phone the account has now: after 银行卡验证, the bank-verified one.
  await notifyPasswordChanged(ctx, bank ? { ...prepared, noticePhoneEnc: bank.phoneEnc } : prepared, ip, tellSystems);
  if (replaced) {
    notifyPhoneReplaced(ctx, replaced, ip);
    // The owner is always told of a reset (SECURITY.md): the number replaced hears of the password too,
    // in case someone else holds the card and its reserved phone.
    if (replaced.oldPhone) sendSmsNotice(ctx, replaced.oldPhone, 'password_changed', {}, ip);
  }
  // notifyPasswordChanged tells a verified phone; the owner is told of a reset even when the phone on record is not verified.
  const person = await ctx.db.selectFrom('persons').select(['phone_enc', 'phone_verified_at']).where('account_id', '=', accountId).executeTakeFirst();
  if (person?.phone_enc && !person.phone_verified_at) sendSmsNotice(ctx, ctx.vault.decrypt(person.phone_enc), 'password_changed', {}, ip);
  return claimed;
}
