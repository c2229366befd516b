/**
 * Registration by mobile number (seed 002 §2.1, Sichuan style): the number is the login name; one
 * page with nickname, password twice, image captcha, SMS code and the agreement; then the person
 * is signed in and led to ID real-name (第三步). The code proves the phone, so it is stored as
 * verified. A number that is already some account's verified phone is not revealed when the code
 * is asked for (the code goes out either way, only its owner reads it); only after the right code
 * is typed does the final step say '该手机号无法注册，请直接登录或找回密码'.
 *
 *   login_info ──sms-code (captcha)──▶ login_info ──submit (code, agree)──▶ completed
 *
 * The account (no real name or ID yet) is written in one transaction; the unique index on verified
 * phones (migration 0011) decides, so two registrations of one number cannot both succeed.
 */
import { randomInt } from 'node:crypto';
import { HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { checkPassword } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { newId } from '../../security/tokens.js';
import { isUniqueViolation, UNIQUE } from '../../store/unique.js';
import { advanceFlow, consumeCaptcha, expectState, type Flow, type CaptchaAnswer } from '../flow.js';
import { checkSmsCode, sendSmsCode, type SentCode } from '../sms-code.js';

export const KIND = 'registration_phone';
export const PURPOSE = 'registration';

export type State = 'login_info' | 'completed';
export interface Data {
  accountId?: string;
}
export type PhoneRegistrationFlow = Flow<State, Data>;

export async function requestCode(ctx: AppContext, flow: PhoneRegistrationFlow, phone: string, answer: CaptchaAnswer, ip: string): Promise<SentCode> {
  expectState(flow, 'login_info');
  await consumeCaptcha(ctx, flow, answer);
  return sendSmsCode(ctx, { purpose: PURPOSE, flowId: flow.id, phone, ip });
}

export interface PhoneRegistrationInput {
  phone: string;
  /** Already normalised (src/domain/nickname.ts): the account centre's nickname and the display name. */
  nickname: string;
  password: string;
  confirmPassword: string;
  code: string;
}

const USERNAME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A login name the person never has to type (they sign in with the number); sent by '忘记用户名'. */
function generatedUsername(): string {
  let s = 'm';
  for (let i = 0; i < 11; i++) s += USERNAME_ALPHABET[randomInt(USERNAME_ALPHABET.length)];
  return s;
}

export async function complete(
  ctx: AppContext,
  flow: PhoneRegistrationFlow,
  input: PhoneRegistrationInput,
  ip: string | null,
): Promise<{ flow: PhoneRegistrationFlow; accountId: string }> {
  expectState(flow, 'login_info');
  assertThat(input.password === input.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
  const policy = checkPassword(input.password, { username: input.phone });
  if (!policy.ok) throw new AppError(policy.code, { password: policy.code });
  await checkSmsCode(ctx, { purpose: PURPOSE, flowId: flow.id, phone: input.phone, code: input.code });
  const passwordHash = await ctx.passwords.hash(input.password);
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, input.phone);
  const now = ctx.clock.now();
  const write = ctx.db.transaction().execute(async (tx) => {
    const accountId = newId();
    const username = generatedUsername();
    await tx
      .insertInto('accounts')
      .values({ id: accountId, kind: 'person', username, username_norm: username, display_name: input.nickname, created_at: now, updated_at: now })
      .execute();
    await tx
      .insertInto('persons')
      .values({ account_id: accountId, name: null, id_type: null, id_number_enc: null, id_number_hash: null, phone_enc: ctx.vault.encrypt(input.phone), phone_hash: phoneHash, phone_verified_at: now, nickname: input.nickname })
      .execute();
    await tx.insertInto('password_credentials').values({ account_id: accountId, hash: passwordHash, updated_at: now }).execute();
    const moved = await advanceFlow(ctx, flow, 'login_info', 'completed', { accountId }, tx);
    await audit(tx, { at: now, actor: accountId, event: 'person.registered', result: 'success', ip, subject: accountId, detail: { style: 'phone' } });
    return { moved, accountId };
  });
  const result = await write.catch(async (err: unknown) => {
    // Some account's verified phone already (a suspended one's too; a deactivated one gave it up).
    if (!isUniqueViolation(err, UNIQUE.verifiedPhone)) throw err;
    await audit(ctx.db, { at: now, actor: 'anonymous', event: 'person.registered', result: 'failure', ip, detail: { style: 'phone', reason: 'phone_taken' } });
    throw new AppError('phone.registered', { phone: 'phone.registered' });
  });
  return { flow: result.moved, accountId: result.accountId };
}
