/**
 * The methods that check one more element with an authority after an SMS code (seed 002
 * §2.9.1.3–2.9.1.6): social security card (社保编号), housing fund joint card (公积金联名卡号),
 * telecom operator three elements (the phone the code reached), driver's licence (档案编号). All L3.
 */
import { z } from 'zod';
import { normaliseIdInput } from '../../domain/gb11643.js';
import { validateBankCard } from '../../domain/index.js';
import { text } from '../../http/validate.js';
import { CHECKABLE_ID_TYPES, type RealNameMethod } from './method.js';
import { verdictOf } from './outcome.js';

const SOCIAL_SECURITY_NUMBER = text(32, 'social_security.format')
  .transform((s) => normaliseIdInput(s))
  .pipe(z.string().regex(/^[0-9A-Z]{8,20}$/, 'social_security.format'));

const FILE_NUMBER = text(20, 'file_number.format')
  .transform((s) => s.normalize('NFKC').replace(/\s+/gu, ''))
  .pipe(z.string().regex(/^\d{12}$/, 'file_number.format'));

const CARD = text(40, 'bank_card.format').transform((raw, c) => {
  const r = validateBankCard(raw);
  if (r.ok) return r.value;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});

export const socialSecurityCard: RealNameMethod<{ socialSecurityNumber: string }> = {
  id: 'social_security',
  level: 'L3',
  kind: 'sms_form',
  smsTo: 'account_phone',
  validityDays: 365,
  idTypes: CHECKABLE_ID_TYPES,
  input: z.strictObject({ socialSecurityNumber: SOCIAL_SECURITY_NUMBER }),
  async verify(ctx, person, input) {
    const fingerprint = ctx.vault.lookupHash('realname:social_security', `${person.idNumber}\0${input.socialSecurityNumber}`);
    const answer = await ctx.realName.socialSecurity.checkCard({ name: person.name, idNumber: person.idNumber, socialSecurityNumber: input.socialSecurityNumber });
    return verdictOf(answer, fingerprint, 'realname.social_security_mismatch');
  },
};

export const housingFundCard: RealNameMethod<{ cardNumber: string }> = {
  id: 'housing_fund',
  level: 'L3',
  kind: 'sms_form',
  smsTo: 'account_phone',
  validityDays: 365,
  idTypes: CHECKABLE_ID_TYPES,
  input: z.strictObject({ cardNumber: CARD }),
  async verify(ctx, person, input) {
    const fingerprint = ctx.vault.lookupHash('realname:housing_fund', `${person.idNumber}\0${input.cardNumber}`);
    const answer = await ctx.realName.housingFund.checkCard({ name: person.name, idNumber: person.idNumber, cardNumber: input.cardNumber });
    return verdictOf(answer, fingerprint, 'realname.housing_fund_mismatch');
  },
};

export const telecomThreeElements: RealNameMethod<Record<string, never>> = {
  id: 'telecom3',
  level: 'L3',
  kind: 'sms_form',
  smsTo: 'checked_phone',
  // Numbers change hands: a shorter validity than the card checks.
  validityDays: 180,
  idTypes: CHECKABLE_ID_TYPES,
  input: z.strictObject({}),
  async verify(ctx, person, _input, proof) {
    const phone = proof.phone!;
    const fingerprint = ctx.vault.lookupHash('realname:telecom3', `${person.idNumber}\0${phone}`);
    const answer = await ctx.realName.telecom.checkThreeElements({ name: person.name, idNumber: person.idNumber, phone });
    return verdictOf(answer, fingerprint, 'realname.telecom_mismatch');
  },
};

export const driversLicence: RealNameMethod<{ fileNumber: string }> = {
  id: 'drivers_licence',
  level: 'L3',
  kind: 'sms_form',
  smsTo: 'account_phone',
  validityDays: 365,
  idTypes: CHECKABLE_ID_TYPES,
  input: z.strictObject({ fileNumber: FILE_NUMBER }),
  async verify(ctx, person, input) {
    const fingerprint = ctx.vault.lookupHash('realname:drivers_licence', `${person.idNumber}\0${input.fileNumber}`);
    const answer = await ctx.realName.driverLicence.checkLicence({ name: person.name, idNumber: person.idNumber, fileNumber: input.fileNumber });
    return verdictOf(answer, fingerprint, 'realname.drivers_licence_mismatch');
  },
};
