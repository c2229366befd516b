/**
 * Person registration as a stored flow (seed 001: 填写登录信息 → 填写身份信息 → 验证/协议).
 *
 *   login_info ──login-info──▶ identity_info ──identity-info──▶ agreement ──agreement──▶ completed
 *        ▲                          │  ▲                              │
 *        └────────── back ──────────┘  └──────────── back ────────────┘
 *
 * The account is written only at the last step, in one transaction with its password and evidence.
 *
 * '用户名已被使用' and '该证件号码已注册' are said, as the seeds ask, so each such answer costs a fresh
 * image captcha: step 1 takes one every time; step 2's first answer rides on step 1's captcha and
 * every later one (after a 'taken' answer, or after 上一步 from step 3) needs a new picture
 * (`summary.captchaRequired`). A flow gets MAX_TAKEN_CHECKS answers of each kind, and each username
 * or ID number typed is counted across flows (`registrationPerIdentifier`), for a free and a taken one
 * alike. What an attacker can still learn, and how fast: docs/security.md.
 */
import { HASH_KIND, normaliseUsername } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { checkPassword, maskIdNumber, maskPhone, type AssuranceLevel } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { insertPerson } from '../../accounts/create-person.js';
import { checkSmsCode } from '../sms-code.js';
import { advanceFlow, consumeCaptcha, countTry, expectState, type Flow, type CaptchaAnswer } from '../flow.js';
import { hit } from '../../security/rate-limit.js';
import { declaredIdentity, type RegistrationVerifier } from './verification.js';
import { isUniqueViolation, UNIQUE } from '../../store/unique.js';

export const KIND = 'registration';

export type State = 'login_info' | 'identity_info' | 'agreement' | 'completed';

export interface Data {
  username?: string;
  passwordHash?: string;
  name?: string;
  idType?: string;
  idNumberEnc?: string;
  idNumberHash?: string;
  idNumberMasked?: string;
  phoneEnc?: string;
  phoneHash?: string;
  phoneMasked?: string;
  accountId?: string;
  /** Step 3 in the Shenzhen manner: the keyed hash of the phone an SMS code proved in this flow. */
  bankPhoneProvenHash?: string;
  /** Answers given in this flow to "is this username / ID number taken" (kept across steps). */
  usernameChecks?: number;
  idChecks?: number;
}

export type RegistrationFlow = Flow<State, Data>;

export const INITIAL_STATE: State = 'login_info';

/** Answers a flow may give to "is this username taken" and to "is this ID number taken", each. */
export const MAX_TAKEN_CHECKS = 5;

/** What a step keeps of the flow whatever else it changes: the checks counted so far. */
const checksOf = (d: Data): Pick<Data, 'usernameChecks' | 'idChecks'> => ({
  ...(d.usernameChecks ? { usernameChecks: d.usernameChecks } : {}),
  ...(d.idChecks ? { idChecks: d.idChecks } : {}),
});

/** Step 2 needs a new picture once it has answered in this flow. */
export const identityNeedsCaptcha = (d: Data) => (d.idChecks ?? 0) > 0;

const PREVIOUS: Partial<Record<State, State>> = { identity_info: 'login_info', agreement: 'identity_info' };

/** What the SPA may show of the flow: never a hash or ciphertext. */
export function summary(flow: RegistrationFlow) {
  const d = flow.data;
  return {
    ...(d.username ? { username: d.username } : {}),
    ...(d.name ? { name: d.name, idType: d.idType, idNumberMasked: d.idNumberMasked, phoneMasked: d.phoneMasked } : {}),
    ...(d.bankPhoneProvenHash ? { bankPhoneProven: true } : {}),
    ...(flow.state === 'identity_info' && identityNeedsCaptcha(d) ? { captchaRequired: true } : {}),
  };
}

/** Counts a "taken" check of the flow and of the value typed, for a free and a taken one alike. */
async function countCheck(ctx: AppContext, flow: RegistrationFlow, key: 'usernameChecks' | 'idChecks', typed: string): Promise<RegistrationFlow> {
  await hit(ctx, 'registrationPerIdentifier', `${key}:${typed}`);
  return (await countTry(ctx, flow, key, MAX_TAKEN_CHECKS, 'registration.too_many_attempts')).flow;
}

async function usernameTaken(ctx: AppContext, username: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(username)).executeTakeFirst();
  return row !== undefined;
}

export async function submitLoginInfo(
  ctx: AppContext,
  flow: RegistrationFlow,
  input: { username: string; password: string; confirmPassword: string } & CaptchaAnswer,
): Promise<RegistrationFlow> {
  expectState(flow, 'login_info');
  await consumeCaptcha(ctx, flow, input);
  assertThat(input.password === input.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
  const policy = checkPassword(input.password, { username: input.username });
  if (!policy.ok) throw new AppError(policy.code, { password: policy.code });
  const counted = await countCheck(ctx, flow, 'usernameChecks', normaliseUsername(input.username));
  if (await usernameTaken(ctx, input.username)) throw new AppError('username.taken', { username: 'username.taken' });
  const passwordHash = await ctx.passwords.hash(input.password);
  return advanceFlow(ctx, counted, 'login_info', 'identity_info', { ...checksOf(counted.data), username: input.username, passwordHash });
}

export async function submitIdentityInfo(
  ctx: AppContext,
  flow: RegistrationFlow,
  input: { name: string; idType: string; idNumber: string; phone: string; captcha?: string; pow?: string | undefined },
): Promise<RegistrationFlow> {
  expectState(flow, 'identity_info');
  if (identityNeedsCaptcha(flow.data)) {
    // No answer at all is a wrong one (the page shows the picture once summary.captchaRequired says so).
    assertThat(input.captcha, 'captcha.invalid', { captcha: 'captcha.invalid' });
    await consumeCaptcha(ctx, flow, { captcha: input.captcha, pow: input.pow });
  }
  const idNumberHash = ctx.vault.lookupHash(HASH_KIND.idNumber, input.idNumber);
  const counted = await countCheck(ctx, flow, 'idChecks', idNumberHash);
  const taken = await ctx.db.selectFrom('persons').select('account_id').where('id_number_hash', '=', idNumberHash).executeTakeFirst();
  if (taken) throw new AppError('id_number.taken', { idNumber: 'id_number.taken' });
  const data: Data = {
    ...checksOf(counted.data),
    username: flow.data.username,
    passwordHash: flow.data.passwordHash,
    name: input.name,
    idType: input.idType,
    idNumberEnc: ctx.vault.encrypt(input.idNumber),
    idNumberHash,
    idNumberMasked: maskIdNumber(input.idNumber),
    phoneEnc: ctx.vault.encrypt(input.phone),
    phoneHash: ctx.vault.lookupHash(HASH_KIND.phone, input.phone),
    phoneMasked: maskPhone(input.phone),
    ...(flow.data.bankPhoneProvenHash ? { bankPhoneProvenHash: flow.data.bankPhoneProvenHash } : {}),
  };
  return advanceFlow(ctx, counted, 'identity_info', 'agreement', data);
}

export async function goBack(ctx: AppContext, flow: RegistrationFlow): Promise<RegistrationFlow> {
  const previous = PREVIOUS[flow.state];
  assertThat(previous, 'flow.wrong_state');
  return advanceFlow(ctx, flow, flow.state, previous, flow.data);
}

/**
 * Step 3 in the Shenzhen manner: the phone for the bank check is proven by an SMS code bound to
 * this flow, once; a failed bank check keeps the proof, so fixing the name ('上一步') or the card
 * needs no new code. A different phone needs its own code.
 */
export async function proveBankPhone(ctx: AppContext, flow: RegistrationFlow, phone: string, code: string | undefined): Promise<RegistrationFlow> {
  expectState(flow, 'agreement');
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, phone);
  if (flow.data.bankPhoneProvenHash === phoneHash) return flow;
  if (!code) throw new AppError('realname.sms_required', { code: 'realname.sms_required' });
  await checkSmsCode(ctx, { purpose: BANK_SMS_PURPOSE, flowId: flow.id, phone, code });
  return advanceFlow(ctx, flow, 'agreement', 'agreement', { ...flow.data, bankPhoneProvenHash: phoneHash });
}

export const BANK_SMS_PURPOSE = 'registration:bank4';

/** Agreement accepted: run the verification seam, then write the account in one transaction. */
export async function complete(
  ctx: AppContext,
  flow: RegistrationFlow,
  client: { ip: string | null },
  verifier: RegistrationVerifier = declaredIdentity,
): Promise<{ flow: RegistrationFlow; account: { username: string; assuranceLevel: AssuranceLevel } }> {
  expectState(flow, 'agreement');
  const d = flow.data;
  assertThat(d.username && d.passwordHash && d.name && d.idType && d.idNumberEnc && d.idNumberHash && d.phoneEnc, 'flow.wrong_state');
  const verdict = await verifier.verify({
    name: d.name,
    idType: d.idType,
    idNumber: ctx.vault.decrypt(d.idNumberEnc),
    phone: ctx.vault.decrypt(d.phoneEnc),
  });
  if (!verdict.ok) throw new AppError(verdict.code);
  const now = ctx.clock.now();
  const username = d.username;
  const write = () =>
    ctx.db.transaction().execute(async (tx) => {
      const accountId = await insertPerson(ctx, tx, {
        username,
        passwordHash: d.passwordHash!,
        name: d.name!,
        idType: d.idType!,
        idNumberEnc: d.idNumberEnc!,
        idNumberHash: d.idNumberHash!,
        phoneEnc: d.phoneEnc!,
        phoneHash: d.phoneHash!,
        evidence: verdict.evidence,
      });
      if (verdict.persist) await verdict.persist(tx, accountId);
      const moved = await advanceFlow(ctx, flow, 'agreement', 'completed', { username, accountId }, tx);
      return { moved, accountId };
    });
  try {
    // A verified phone written by `persist` (the bank-reserved one) may have been taken by another
    // account in between: the second try sees it and keeps the phone unverified.
    const { moved, accountId } = await write().catch((err: unknown) => {
      if (isUniqueViolation(err, UNIQUE.verifiedPhone)) return write();
      throw err;
    });
    await audit(ctx.db, { at: now, actor: accountId, event: 'person.registered', result: 'success', ip: client.ip, subject: accountId });
    const level = verdict.evidence.reduce<AssuranceLevel>((best, e) => (e.level > best ? e.level : best), 'L1');
    return { flow: moved, account: { username, assuranceLevel: level } };
  } catch (err) {
    // Someone took the username or ID number since the earlier step: send the user back to it.
    if (isUniqueViolation(err) && !isUniqueViolation(err, UNIQUE.verifiedPhone)) {
      const detail = String((err as { constraint?: string; detail?: string }).constraint ?? (err as Error).message);
      if (detail.includes('username')) {
        await advanceFlow(ctx, flow, 'agreement', 'login_info', checksOf(d));
        throw new AppError('username.taken', { username: 'username.taken' });
      }
      await advanceFlow(ctx, flow, 'agreement', 'identity_info', { ...checksOf(d), username: d.username, passwordHash: d.passwordHash });
      throw new AppError('id_number.taken', { idNumber: 'id_number.taken' });
    }
    throw err;
  }
}
