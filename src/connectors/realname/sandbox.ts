/** Sandbox real-name authorities answering from the local registry `sandbox_people`, and its seeding. */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { normaliseIdInput } from '../../domain/gb11643.js';
import { validatePhone } from '../../domain/phone.js';
import type { SandboxPeopleTable } from '../../store/schema.js';
import { normaliseDigits, normaliseName, type CheckOutcome, type CheckResult, type IdentityInput, type RealNameAuthorities } from './authority.js';
import { fixedSandboxPeople, generateSandboxPeople, type SandboxPerson } from './generator.js';

/** Keyed-hash kinds of the registry (distinct from the account tables' kinds). */
const KIND = {
  idNumber: 'sandbox.id_number',
  phone: 'sandbox.phone',
  bankCard: 'sandbox.bank_card',
  socialSecurity: 'sandbox.social_security_number',
  housingFund: 'sandbox.housing_fund_card',
  driverLicence: 'sandbox.driver_licence_file',
} as const;

type Ctx = Pick<AppContext, 'db' | 'vault' | 'clock'>;
type Row = Pick<SandboxPeopleTable, 'name' | 'id_number_hash' | 'status' | 'bank_phone_hash' | 'carrier'>;
type Column = 'id_number_hash' | 'phone_hash' | 'bank_card_hash' | 'social_security_number_hash' | 'housing_fund_card_hash' | 'driver_licence_file_hash';

const normalisePhone = (raw: string): string => {
  const r = validatePhone(raw);
  return r.ok ? r.value : normaliseDigits(raw);
};

/**
 * Inserts the fixed edge-case people and `count` generated ones for `seed` (default 1) into the
 * registry; people already there (same key or number) are left alone. Returns the generated people
 * followed by the fixed ones (so `people[0]` differs between seeds), in plain values.
 */
export async function seedSandboxRegistry(ctx: Ctx, opts: { count: number; seed?: string | number }): Promise<SandboxPerson[]> {
  const fixed = fixedSandboxPeople();
  const generated = generateSandboxPeople(opts.count, opts.seed ?? 1);
  // The fixed people go in first: a generated number colliding with theirs is the one dropped.
  const people = [...fixed, ...generated];
  const { vault } = ctx;
  const sealed = (kind: string, value: string | null) => (value === null ? [null, null] : [vault.lookupHash(kind, value), vault.encrypt(value)]);
  const now = ctx.clock.now();
  for (let i = 0; i < people.length; i += 200) {
    const rows = people.slice(i, i + 200).map((p) => {
      const [phoneHash, phoneEnc] = sealed(KIND.phone, p.phone);
      const [cardHash, cardEnc] = sealed(KIND.bankCard, p.bankCard);
      const [bankPhoneHash, bankPhoneEnc] = sealed(KIND.phone, p.bankPhone);
      const [hfHash, hfEnc] = sealed(KIND.housingFund, p.housingFundCard);
      const [dlHash, dlEnc] = sealed(KIND.driverLicence, p.driverLicenceFile);
      return {
        id: p.key,
        name: p.name,
        id_type: p.idType,
        id_number_hash: vault.lookupHash(KIND.idNumber, p.idNumber),
        id_number_enc: vault.encrypt(p.idNumber),
        sex: p.sex,
        birth_date: p.birthDate,
        status: p.status,
        region: p.region,
        phone_hash: phoneHash ?? null,
        phone_enc: phoneEnc ?? null,
        carrier: p.carrier,
        bank_card_hash: cardHash ?? null,
        bank_card_enc: cardEnc ?? null,
        bank_name: p.bankName,
        bank_phone_hash: bankPhoneHash ?? null,
        bank_phone_enc: bankPhoneEnc ?? null,
        social_security_number_hash: vault.lookupHash(KIND.socialSecurity, p.socialSecurityNumber),
        social_security_number_enc: vault.encrypt(p.socialSecurityNumber),
        housing_fund_card_hash: hfHash ?? null,
        housing_fund_card_enc: hfEnc ?? null,
        driver_licence_file_hash: dlHash ?? null,
        driver_licence_file_enc: dlEnc ?? null,
        note: p.note,
        created_at: now,
      };
    });
    await ctx.db.insertInto('sandbox_people').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }
  // The face registry (src/connectors/face/sandbox.ts): the demo person has the built-in portrait of person a.
  const demo = fixed.find((p) => p.key === 'fixed-demo')!;
  await ctx.db
    .insertInto('sandbox_portraits')
    .values({ id_number_hash: vault.lookupHash(KIND.idNumber, demo.idNumber), name: demo.name, portrait: 'a', created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return [...generated, ...fixed];
}

/**
 * The registry person's bank now has `phone` as the card's reserved phone, as after 去对应银行网点修改预留手机号
 * (a bank-checked phone change is tried with it).
 */
export async function setSandboxBankPhone(ctx: Ctx, key: string, phone: string): Promise<void> {
  const res = await ctx.db
    .updateTable('sandbox_people')
    .set({ bank_phone_hash: ctx.vault.lookupHash(KIND.phone, phone), bank_phone_enc: ctx.vault.encrypt(phone) })
    .where('id', '=', key)
    .where('bank_card_hash', 'is not', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`no sandbox person ${key} with a bank card`);
}

/** The sandbox authorities: same answers the real ones give, from the registry. */
export function createSandboxAuthorities(ctx: Ctx): RealNameAuthorities {
  const { vault } = ctx;
  const find = (column: Column, kind: string, value: string): Promise<Row | undefined> =>
    ctx.db
      .selectFrom('sandbox_people')
      .select(['name', 'id_number_hash', 'status', 'bank_phone_hash', 'carrier'])
      .where(column, '=', vault.lookupHash(kind, value))
      .executeTakeFirst();
  const result = (authority: string, outcome: CheckOutcome): CheckResult => ({
    outcome,
    source: `sandbox:${authority}`,
    reference: `SBX${randomBytes(8).toString('hex').toUpperCase()}`,
  });
  /** Whether name and ID number agree with the record found by the other element. */
  const samePerson = (row: Row, input: IdentityInput) =>
    normaliseName(row.name) === normaliseName(input.name) && row.id_number_hash === vault.lookupHash(KIND.idNumber, normaliseIdInput(input.idNumber));
  /** Checks keyed by a card/number other than the ID: unknown number → not_found, else compare the person. */
  const byElement = async (authority: string, column: Column, kind: string, value: string, input: IdentityInput, reportDeath: boolean) => {
    const row = await find(column, kind, value);
    if (!row) return result(authority, 'not_found');
    if (!samePerson(row, input)) return result(authority, 'mismatch');
    return result(authority, reportDeath && row.status === 'deceased' ? 'deceased' : 'match');
  };

  return {
    publicSecurity: {
      async checkIdentity(input) {
        const row = await find('id_number_hash', KIND.idNumber, normaliseIdInput(input.idNumber));
        if (!row) return result('public_security', 'not_found');
        if (normaliseName(row.name) !== normaliseName(input.name)) return result('public_security', 'mismatch');
        return result('public_security', row.status === 'deceased' ? 'deceased' : 'match');
      },
    },
    bankCard: {
      async checkFourElements(input) {
        const row = await find('bank_card_hash', KIND.bankCard, normaliseDigits(input.cardNumber));
        if (!row) return result('unionpay', 'not_found');
        if (!samePerson(row, input)) return result('unionpay', 'mismatch');
        if (row.bank_phone_hash !== vault.lookupHash(KIND.phone, normalisePhone(input.phone))) return result('unionpay', 'phone_mismatch');
        return result('unionpay', 'match');
      },
    },
    telecom: {
      async checkThreeElements(input) {
        const row = await find('phone_hash', KIND.phone, normalisePhone(input.phone));
        const carrier = row?.carrier ?? 'unknown';
        if (!row) return result('telecom', 'not_found');
        return result(`telecom:${carrier}`, samePerson(row, input) ? 'match' : 'mismatch');
      },
    },
    socialSecurity: {
      checkCard: (input) => byElement('social_security', 'social_security_number_hash', KIND.socialSecurity, normaliseIdInput(input.socialSecurityNumber), input, true),
    },
    housingFund: {
      checkCard: (input) => byElement('housing_fund', 'housing_fund_card_hash', KIND.housingFund, normaliseDigits(input.cardNumber), input, false),
    },
    driverLicence: {
      checkLicence: (input) => byElement('driver_licence', 'driver_licence_file_hash', KIND.driverLicence, normaliseDigits(input.fileNumber), input, false),
    },
  };
}
