/**
 * Forgot password, 第二步 验证身份 by bank four-element (银行卡验证, seed 000 银联认证找回): the person
 * types their name (姓名), a bank card number, the phone reserved at the bank, and a picture code.
 * The UnionPay four-element check (the configured authority, as the 银行卡实名认证 method asks it)
 * runs with the typed name and the account's own ID number — the ID identifies the person and must
 * be theirs — and only when it passes does an SMS code go to that reserved phone (never to the one on
 * record: the person usually comes here because that phone is lost); the code then proves the phone
 * and the flow moves on to 重置密码.
 *
 * Why the code is not sent before the check passes: a code sent to any typed phone for a known
 * account (and none for an unknown one) would tell whoever typed their own phone that the account
 * exists. So, as with the ID-number method, an unknown account, a wrong name or card, or a phone
 * that is not the reserved one all look alike — the same answer, a code made but never sent, and a
 * code typed refused as a wrong one. The authority's outcome goes to the audit log only.
 *
 * Why the answer does not wait for the check: the authority is asked only for a known account with
 * a checkable ID, and its round trip would show in the answer's time. So the step counts its limits,
 * records the try, makes the code and answers "sent" at once, whoever the account is; the check runs
 * after the answer on this node (ctx.background), and a code typed while it is pending is refused
 * as a wrong one too.
 *
 * What passed stays sealed in the flow (src/accounts/bank-identity.ts), as its record (./record.ts): the reset makes the bank-
 * verified name and phone the account's (seed 000: "找回密码成功后会将您账号的姓名、手机号修改为银联认证时
 * 的姓名和手机号"), records the check as bank4 evidence and keeps the card. A phone that is another
 * account's verified phone is refused once the code proved it, before the reset.
 */
import { RecoveryCodeSent } from '../../shared/api/recovery.js';
import { sql } from 'kysely';
import { z } from 'zod';
import { phoneHeldByAnother, sealBankIdentity, type BankVerifiedIdentity } from '../../accounts/bank-identity.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { advanceFlow, consumeCaptcha, expectState } from '../../flows/flow.js';
import { auditFailure, countTry, MAX_ANSWER_ATTEMPTS, subjectOf, type RecoveryFlow } from '../../flows/recovery/recovery-flow.js';
import { checkSmsCode, makeSmsCode, type HeldCode, type SentCode } from '../../flows/sms-code.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { Captcha, PhoneField as Phone, Pow } from '../../http/validate.js';
import { bankCard, BankCardNumber } from '../realname/bank-card.js';
import { IdentityChange } from '../realname/identity-change.js';
import type { RealNameRegistryMethod, Verdict } from '../realname/method.js';
import { hit } from '../../security/rate-limit.js';
import { beginRecord, recordOf, withRecord, type VerificationRecord, type Verifications } from '../records.js';
import { passed, recoveryStep, type RecoveryMethod } from '../recovery-step.js';
import { CodeStep, sentAnswer } from '../sms-by-id/recovery.js';
import { METHOD, type Bank4Record } from './record.js';

export const BANK4_SMS_PURPOSE = 'recovery:bank4';
/** Four-element checks (code requests) one flow may make. */
export const MAX_BANK4_CHECKS = MAX_ANSWER_ATTEMPTS;

// 姓名 as the person types it (the name rule of 变更用户信息); the ID number is the account's own.
const Bank4CodeRequest = z.strictObject({ name: IdentityChange.shape.name, cardNumber: BankCardNumber, phone: Phone, captcha: Captcha, pow: Pow });

type Bank4Input = { name: string; cardNumber: string; phone: string; captcha: string };
type PendingCheck = { flowId: string; check: number; accountId: string | null; subject: string | null; ip: string };

/**
 * The bank-verified identity a reset takes: only from a bank4 record that passed — a match that
 * another method's pass overtook is not taken.
 */
export const bankIdentityOf = (r: VerificationRecord | undefined): BankVerifiedIdentity | undefined => (r?.method === METHOD && r.status === 'passed' ? r.matched : undefined);

async function begin(_ctx: AppContext, who: { accountId: string | null }, v: Verifications | undefined): Promise<Verifications> {
  return beginRecord(v, { method: METHOD, accountId: who.accountId });
}

/** Asks the authority with the typed name and the account's ID number; no verdict for an unknown account or a person without a checkable ID. */
async function checkFourElements(ctx: AppContext, accountId: string | null, typed: { name: string; cardNumber: string; phone: string }): Promise<{ verdict: Verdict | null; outcome: string }> {
  if (!accountId) return { verdict: null, outcome: 'unknown_account' };
  const person = await ctx.db.selectFrom('persons').select(['id_type', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  if (!person?.id_type || !person.id_number_enc || !(bankCard.idTypes as readonly string[]).includes(person.id_type)) return { verdict: null, outcome: 'no_identity' };
  const identity = { accountId, name: typed.name, idType: person.id_type, idNumber: ctx.vault.decrypt(person.id_number_enc) };
  const verdict = await bankCard.verify(ctx, identity, { cardNumber: typed.cardNumber }, { phone: typed.phone });
  return { verdict, outcome: verdict.ok ? 'match' : verdict.reason };
}

/**
 * Name + card + reserved phone + picture code: counts the check, makes a code for the typed phone
 * and answers at once; the four-element check runs after the answer (`finishBank4Check`), and only
 * a pass seals the bank identity into the flow's record and sends the code.
 */
export async function requestBank4Code(ctx: AppContext, flow: RecoveryFlow, input: Bank4Input, ip: string): Promise<SentCode> {
  expectState(flow, 'verify');
  await consumeCaptcha(ctx, flow, input);
  const d = flow.data;
  assertThat(d.accountKind !== 'org', 'flow.wrong_state');
  const record = recordOf(d.verifications, METHOD) ?? { method: METHOD, accountId: d.accountId ?? null, status: 'open', tries: 0 };
  if (record.tries >= MAX_BANK4_CHECKS) throw new AppError('recovery.too_many_attempts');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  // The authority costs and answers about a card: the real-name limits apply, counted apart from the account's own real-name checks.
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', `recovery:${subjectOf(d)}`);
  const counted = await countTry(ctx, flow, record, MAX_BANK4_CHECKS);
  // The code is made for the typed number whatever the outcome (it is typed, not looked up, so this
  // says nothing), and delivered only on a match: its cooldown and caps then count the same for an
  // unknown account as for a known one, and cannot tell them apart.
  const destination = input.phone;
  const held = await makeSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: destination, ip });
  // A new request replaces what an earlier one proved; its own check is pending until it ends.
  const { matched: _earlier, ...rest } = counted.record;
  const next: Bank4Record = { ...rest, destinationEnc: ctx.vault.encrypt(destination), pendingCheck: counted.count };
  await advanceFlow(ctx, counted.flow, 'verify', 'verify', { ...counted.flow.data, verifications: withRecord(counted.flow.data.verifications, next) });
  const check = { flowId: flow.id, check: counted.count, accountId: d.accountId ?? null, subject: d.accountId ?? d.identifierKey ?? null, ip };
  ctx.background.run(
    () => finishBank4Check(ctx, check, input, held),
    (err) => bank4CheckAudit(ctx, check, 'failure', { outcome: 'error', error: err instanceof Error ? err.name : 'unknown' }),
  );
  return held.sent;
}

const bank4CheckAudit = (ctx: AppContext, c: PendingCheck, result: 'success' | 'failure', detail: Record<string, unknown>, db = ctx.db) =>
  audit(db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.bank4_check', result, ip: c.ip, subject: c.subject, detail: { ...detail, check: c.check } });

/**
 * After the answer: asks the authority, then ends the record's pending check with its audit row — a
 * pass sealed into it — and, once that is stored, sends the code. A check a newer request (or 上一步,
 * or another method) has overtaken changes nothing and sends nothing.
 */
async function finishBank4Check(ctx: AppContext, c: PendingCheck, input: Bank4Input, held: HeldCode): Promise<void> {
  const { verdict, outcome } = await checkFourElements(ctx, c.accountId, input);
  const matched = verdict?.ok ? sealBankIdentity(ctx, input, verdict) : undefined;
  const current = await ctx.db.transaction().execute(async (tx) => {
    const ended = await tx
      .updateTable('flows')
      .set({
        data: sql`jsonb_set(data, '{verifications,bank4}', ((data #> '{verifications,bank4}') - 'pendingCheck') || ${JSON.stringify(matched ? { matched } : {})}::jsonb)`,
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', c.flowId)
      .where('state', '=', 'verify')
      .where(sql<boolean>`(data #>> '{verifications,bank4,pendingCheck}')::int = ${c.check}`)
      .executeTakeFirst();
    const current = Number(ended.numUpdatedRows) === 1;
    await bank4CheckAudit(ctx, c, matched ? 'success' : 'failure', { outcome, ...(current ? {} : { overtaken: true }) }, tx);
    return current;
  });
  if (current && matched) await held.deliver();
}

/**
 * The code sent to the reserved phone; passes only when the four elements matched. A phone that is
 * another account's verified phone is refused here, once the code proved the person holds it, so
 * the reset never starts on a change it cannot make.
 */
export async function submitBank4Code(ctx: AppContext, flow: RecoveryFlow, code: string, ip: string) {
  expectState(flow, 'verify');
  const d = flow.data;
  const record = recordOf(d.verifications, METHOD);
  if (!record?.destinationEnc) throw new AppError('otp.expired');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  // While the check is pending, or after it failed, the code was never sent: any code typed is refused as a wrong one, and counted.
  const matched = record.pendingCheck === undefined && record.accountId ? record.matched : undefined;
  const fail = (reason: string) => auditFailure(ctx, flow, ip, { method: METHOD, reason });
  await checkSmsCode(ctx, { purpose: BANK4_SMS_PURPOSE, flowId: flow.id, phone: ctx.vault.decrypt(record.destinationEnc), code: matched ? code : null }).catch(async (err: unknown) => {
    await fail(err instanceof AppError ? err.code : 'error');
    throw err;
  });
  if (!matched || !record.accountId || record.accountId !== d.accountId) throw new AppError('otp.invalid');
  if (await phoneHeldByAnother(ctx, record.accountId, matched.phoneEnc)) {
    await fail('phone_taken');
    throw new AppError('recovery.phone_taken');
  }
  return passed(flow, { ...record, accountId: record.accountId });
}

/**
 * 银行卡验证 in the registry: recovery (these steps) and real-name (银行卡实名认证, whose steps are the
 * real-name routes', ../realname/bank-card.ts) — one method, one id.
 */
export const bank4: RecoveryMethod & RealNameRegistryMethod = {
  id: METHOD,
  kind: 'code_then_form',
  purposes: ['recovery', 'real_name'],
  accountKinds: ['person'],
  steps: {
    recovery: [
      recoveryStep('bank4-code', Bank4CodeRequest, async ({ ctx, flow, body, ip }) => sentAnswer(await requestBank4Code(ctx, flow, body, ip)), RecoveryCodeSent),
      recoveryStep('bank4', CodeStep, ({ ctx, flow, body, ip }) => submitBank4Code(ctx, flow, body.code, ip)),
    ],
  },
  recovery: { begin },
  realName: bankCard,
};
