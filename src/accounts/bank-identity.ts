/**
 * 银联认证找回 (seed 000): "找回密码成功后会将您账号的姓名、手机号修改为银联认证时的姓名和手机号".
 * What the bank four-element check of password recovery proved — the name as the person typed it,
 * the card, and the bank-reserved phone (proven by an SMS code) with the account's own ID number —
 * waits sealed in the recovery flow, and the reset writes it in its own transaction:
 *
 * - the name becomes the bank-verified one; evidence about the old name is revoked (all but the
 *   declared identity, as for 变更用户信息), and the display name follows when it was the old name;
 * - the phone becomes the bank-reserved one, verified (so it signs in by 短信验证码登录 and gets the
 *   notices); evidence that vouched for the old number (telecom3, bank4) is revoked;
 * - the card is kept as the person's bank card and the check is recorded as bank4 evidence (L4),
 *   as the 银行卡实名认证 method does.
 *
 * A phone that is another account's verified phone is refused (`recovery.phone_taken`): before the
 * reset by `phoneHeldByAnother`, and at the write by the unique index of migration 0011.
 */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { maskBankCard, maskName, maskPhone } from '../domain/index.js';
import { enqueueSmsNotice } from '../flows/sms-code.js';
import { AppError } from '../shared/app-error.js';
import { bankCard, saveBankCard } from '../methods/realname/bank-card.js';
import { completeRealName, realNameOutcome } from '../methods/realname/complete.js';
import type { Verdict } from '../methods/realname/method.js';
import { PHONE_BOUND_METHODS } from '../methods/realname/revoke-phone-evidence.js';
import type { DB } from '../store/db.js';
import { isUniqueViolation, UNIQUE } from '../store/unique.js';
import { normaliseName } from '../connectors/realname/authority.js';
import { HASH_KIND } from './accounts.js';

/** A passed check as the flow keeps it: the personal data encrypted, the authority's answer as the evidence needs it. */
export interface BankVerifiedIdentity {
  /** For the page (重置密码 says what will change, 修改完成 what did): `张*丰`, `138****8000`. */
  nameMasked: string;
  phoneMasked: string;
  nameEnc: string;
  phoneEnc: string;
  cardEnc: string;
  source: string;
  fingerprint: string;
  reference: string | null;
}

/** Seals a check that passed (`verdict.ok`) for the flow. */
export function sealBankIdentity(ctx: AppContext, typed: { name: string; phone: string; cardNumber: string }, verdict: Extract<Verdict, { ok: true }>): BankVerifiedIdentity {
  return {
    nameMasked: maskName(typed.name),
    phoneMasked: maskPhone(typed.phone),
    nameEnc: ctx.vault.encrypt(typed.name),
    phoneEnc: ctx.vault.encrypt(typed.phone),
    cardEnc: ctx.vault.encrypt(typed.cardNumber),
    source: verdict.source,
    fingerprint: verdict.fingerprint,
    reference: verdict.reference ?? null,
  };
}

/** Whether the phone is the verified phone of another account (a suspended one's too). */
export async function phoneHeldByAnother(ctx: AppContext, accountId: string, phoneEnc: string): Promise<boolean> {
  const holder = await ctx.db
    .selectFrom('persons')
    .select('account_id')
    .where('phone_hash', '=', ctx.vault.lookupHash(HASH_KIND.phone, ctx.vault.decrypt(phoneEnc)))
    .where('phone_verified_at', 'is not', null)
    .where('account_id', '!=', accountId)
    .executeTakeFirst();
  return holder !== undefined;
}

/** Whom to tell once the change is committed. */
export interface IdentityReplaced {
  phone: string;
  /** The number replaced, when it was another one. */
  oldPhone: string | null;
}

/**
 * Writes the bank-verified name and phone inside the caller's transaction `tx` (nothing else but
 * `tx` in there). A unique violation on the verified phone is left to `refusePhoneTaken`, after
 * the transaction rolled back.
 */
export async function takeBankIdentity(ctx: AppContext, tx: DB, accountId: string, b: BankVerifiedIdentity, ip: string): Promise<IdentityReplaced> {
  const now = ctx.clock.now();
  const name = ctx.vault.decrypt(b.nameEnc);
  const phone = ctx.vault.decrypt(b.phoneEnc);
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, phone);
  const card = ctx.vault.decrypt(b.cardEnc);
  const old = await tx.selectFrom('persons').select(['name', 'phone_enc', 'phone_hash']).where('account_id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
  // The same name written with another middle dot (张·三, 张•三) is the same name to the authority: no change.
  const nameChanged = old.name === null || normaliseName(old.name) !== normaliseName(name);
  const phoneChanged = old.phone_hash !== phoneHash;

  // What was verified about the old name, the old number or the old card no longer holds.
  let revoke = tx.updateTable('evidence').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
  revoke = nameChanged ? revoke.where('method', '!=', 'declared_identity') : revoke.where('method', 'in', phoneChanged ? PHONE_BOUND_METHODS : [bankCard.id]);
  const revoked = Number((await revoke.executeTakeFirst()).numUpdatedRows);

  await tx.updateTable('persons').set({ name: nameChanged ? name : old.name, phone_enc: b.phoneEnc, phone_hash: phoneHash, phone_verified_at: now }).where('account_id', '=', accountId).execute();
  await tx.updateTable('accounts').set({ updated_at: now }).where('id', '=', accountId).execute();
  // A person shown by nickname (registered by phone) keeps it.
  if (nameChanged && old.name !== null) await tx.updateTable('accounts').set({ display_name: name }).where('id', '=', accountId).where('display_name', '=', old.name).execute();
  await saveBankCard(ctx, tx, accountId, card, phone);
  await completeRealName(ctx, realNameOutcome(ctx, accountId, bankCard, { ok: true, source: b.source, fingerprint: b.fingerprint, ...(b.reference !== null ? { reference: b.reference } : {}) }), tx);
  await audit(tx, {
    at: now,
    actor: accountId,
    event: 'recovery.identity_replaced',
    result: 'success',
    ip,
    subject: accountId,
    detail: { nameChanged, name: maskName(name), phoneChanged, phone: maskPhone(phone), card: maskBankCard(card), revokedEvidence: revoked },
  });
  return { phone, oldPhone: phoneChanged && old.phone_enc ? ctx.vault.decrypt(old.phone_enc) : null };
}

/** Turns the verified-phone unique violation of `takeBankIdentity`'s transaction into its 409; rethrows anything else. */
export async function refusePhoneTaken(ctx: AppContext, err: unknown, accountId: string, ip: string): Promise<never> {
  if (!isUniqueViolation(err, UNIQUE.verifiedPhone)) throw err;
  await audit(ctx.db, { at: ctx.clock.now(), actor: accountId, event: 'recovery.identity_replaced', result: 'failure', ip, subject: accountId, detail: { reason: 'phone_taken' } });
  throw new AppError('recovery.phone_taken');
}

/** After the commit: the number replaced is told so (the `phone_changed` notice of 手机绑定). */
export async function notifyPhoneReplaced(ctx: AppContext, r: IdentityReplaced, ip: string): Promise<void> {
  if (r.oldPhone) await enqueueSmsNotice(ctx, r.oldPhone, 'phone_changed', { phone: maskPhone(r.phone) }, ip);
}
