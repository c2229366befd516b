/**
 * 银行卡实名认证 (seed 002 §2.9.1.2; seed 001's registration check): UnionPay four elements —
 * name, ID number, card number and the bank-reserved phone, which first proves itself by SMS (L4).
 */
import { z } from 'zod';
import { maskBankCard, validateBankCard } from '../../domain/index.js';
import { HASH_KIND } from '../../accounts/accounts.js';
import { text } from '../../http/validate.js';
import { CHECKABLE_ID_TYPES, type RealNameMethod } from './method.js';
import { verdictOf } from './outcome.js';

/** A typed bank card number: trimmed, digits, Luhn-checked (`bank_card.format`, `bank_card.checksum`). */
export const BankCardNumber = text(40, 'bank_card.format').transform((raw, c) => {
  const r = validateBankCard(raw);
  if (r.ok) return r.value;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});

/** Keyed-hash kind of a person's verified bank card. */
export const BANK_CARD_HASH_KIND = 'bank_card';

export const bankCard: RealNameMethod<{ cardNumber: string }> = {
  id: 'bank4',
  level: 'L4',
  kind: 'sms_form',
  smsTo: 'checked_phone',
  validityDays: 365,
  idTypes: CHECKABLE_ID_TYPES,
  input: z.strictObject({ cardNumber: BankCardNumber }),

  async verify(ctx, person, input, proof) {
    const phone = proof.phone!;
    const fingerprint = ctx.vault.lookupHash('realname:bank4', `${person.idNumber}\0${input.cardNumber}\0${phone}`);
    const answer = await ctx.realName.bankCard.checkFourElements({ name: person.name, idNumber: person.idNumber, cardNumber: input.cardNumber, phone });
    // A card the bank does not know is told like any other mismatch (seed 001's one message).
    return verdictOf(answer, fingerprint, 'realname.bank_mismatch', { phone_mismatch: 'realname.bank_phone_mismatch' });
  },

  async afterPass(ctx, tx, person, input, proof) {
    await saveBankCard(ctx, tx, person.accountId, input.cardNumber, proof.phone!);
  },
};

/** Keeps the card that passed (encrypted, hashed, masked) as the person's bank card. */
export async function saveBankCard(ctx: Parameters<NonNullable<RealNameMethod['afterPass']>>[0], tx: Parameters<NonNullable<RealNameMethod['afterPass']>>[1], accountId: string, card: string, bankPhone: string) {
  const row = {
    card_enc: ctx.vault.encrypt(card),
    card_hash: ctx.vault.lookupHash(BANK_CARD_HASH_KIND, card),
    card_masked: maskBankCard(card),
    bank_phone_enc: ctx.vault.encrypt(bankPhone),
    bank_phone_hash: ctx.vault.lookupHash(HASH_KIND.phone, bankPhone),
    updated_at: ctx.clock.now(),
  };
  await tx
    .insertInto('person_bank_cards')
    .values({ account_id: accountId, ...row })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(row))
    .execute();
}
