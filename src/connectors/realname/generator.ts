/** Deterministic generator of sandbox people (valid GB 11643 IDs and residence permits, Luhn-valid cards) plus the fixed edge cases. */
import { createHash } from 'node:crypto';
import { gb11643CheckDigit, type Sex } from '../../domain/gb11643.js';
import { luhnCheckDigit } from '../../domain/bank-card.js';

export type Carrier = 'china_mobile' | 'china_unicom' | 'china_telecom';
export type Region = 'mainland' | 'hk' | 'mo' | 'tw';

/** One person of the sandbox registry, in plain values (the registry itself stores them hashed/encrypted). */
export interface SandboxPerson {
  key: string;
  name: string;
  idType: 'resident_id' | 'hmt_residence_permit';
  idNumber: string;
  sex: Sex;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  status: 'alive' | 'deceased';
  region: Region;
  phone: string | null;
  carrier: Carrier | null;
  bankCard: string | null;
  bankName: string | null;
  /** The bank-reserved phone; usually `phone`, sometimes an older number. */
  bankPhone: string | null;
  socialSecurityNumber: string;
  housingFundCard: string | null;
  /** Driver's licence file number (档案编号), 12 digits. */
  driverLicenceFile: string | null;
  /** What makes a fixed person special. */
  note: string | null;
}

const CARRIER_PREFIXES: Record<Carrier, readonly string[]> = {
  china_mobile: ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '198'],
  china_unicom: ['130', '131', '132', '155', '156', '166', '185', '186'],
  china_telecom: ['133', '153', '180', '181', '189', '199'],
};
const CARRIERS = Object.keys(CARRIER_PREFIXES) as Carrier[];

/** Carrier of a mainland mobile number in the sandbox (by its 3-digit prefix; no number portability). */
export function carrierOf(phone: string): Carrier | null {
  return CARRIERS.find((c) => CARRIER_PREFIXES[c].includes(phone.slice(0, 3))) ?? null;
}

const BANKS: readonly { bin: string; name: string; length: number }[] = [
  { bin: '622202', name: '中国工商银行', length: 19 },
  { bin: '621700', name: '中国建设银行', length: 19 },
  { bin: '622848', name: '中国农业银行', length: 19 },
  { bin: '621661', name: '中国银行', length: 19 },
  { bin: '622588', name: '招商银行', length: 16 },
];
/** Housing fund joint cards are bank cards too (a co-branded BIN in the sandbox). */
const HOUSING_FUND_BIN = '621081';

/** Real county-level address codes (GB/T 2260) the generator draws from. */
const REGION_CODES = ['110105', '110108', '310115', '440106', '440304', '440305', '510104', '510107', '330106', '420106', '320102', '500103', '610113', '350203'];
const HMT_PREFIX: Record<Exclude<Region, 'mainland'>, string> = { hk: '810000', mo: '820000', tw: '830000' };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌辉玉兰志红梅海峰晓燕宇欣怡浩然子涵雨婷俊杰佳琪';

/** A small deterministic PRNG (sha256 in counter mode) so a seed always gives the same people. */
class Rng {
  private buf = Buffer.alloc(0);
  private counter = 0;
  constructor(private readonly seed: string) {}
  private bytes(n: number): Buffer {
    while (this.buf.length < n) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.buf = Buffer.concat([this.buf, block]);
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  int(max: number): number {
    return this.bytes(4).readUInt32BE() % max;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** An 18-character GB 11643 number: 6-digit address code, birth date, sequence with the sex parity, check digit. */
export function makeIdNumber(address: string, birth: string, seq2: string, sex: Sex, parityDigit: number): string {
  const seventeenth = sex === 'male' ? (parityDigit % 5) * 2 + 1 : (parityDigit % 5) * 2;
  const first17 = `${address}${birth.replaceAll('-', '')}${seq2}${seventeenth}`;
  return first17 + gb11643CheckDigit(first17);
}

/** A Luhn-valid card number of `length` digits starting with `bin`. */
export function makeCardNumber(bin: string, length: number, body: string): string {
  const partial = (bin + body).slice(0, length - 1).padEnd(length - 1, '0');
  return partial + luhnCheckDigit(partial);
}

/**
 * The fixed edge-case people, always in the registry (documented in docs/connectors.md):
 * demo (everything matches), phone-mismatch (bank-reserved phone is an old number), deceased,
 * and one Hong Kong, one Macau, one Taiwan resident (residence permits 810000/820000/830000).
 */
export function fixedSandboxPeople(): SandboxPerson[] {
  const base = { status: 'alive', region: 'mainland', idType: 'resident_id', note: null } as const;
  const person = (p: Omit<SandboxPerson, 'carrier' | 'bankName' | 'status' | 'region' | 'idType' | 'note'> & Partial<SandboxPerson>): SandboxPerson => ({
    ...base,
    carrier: p.phone ? carrierOf(p.phone) : null,
    bankName: p.bankCard ? (BANKS.find((b) => p.bankCard!.startsWith(b.bin))?.name ?? null) : null,
    ...p,
  });
  const hmt = (region: 'hk' | 'mo' | 'tw', birth: string, seq: string, sex: Sex, parity: number) => makeIdNumber(HMT_PREFIX[region], birth, seq, sex, parity);
  const demoId = makeIdNumber('440106', '1985-06-15', '12', 'male', 3);
  const mismatchId = makeIdNumber('440304', '1990-03-08', '25', 'female', 4);
  const deceasedId = makeIdNumber('110105', '1938-11-02', '07', 'male', 1);
  const hkId = hmt('hk', '1992-07-01', '00', 'female', 2);
  const moId = hmt('mo', '1988-12-20', '00', 'male', 3);
  const twId = hmt('tw', '1979-10-10', '00', 'male', 4);
  return [
    person({ key: 'fixed-demo', name: '王建国', idNumber: demoId, sex: 'male', birthDate: '1985-06-15', phone: '13800138001', bankCard: makeCardNumber('622202', 19, '000000000001'), bankPhone: '13800138001', socialSecurityNumber: demoId, housingFundCard: makeCardNumber(HOUSING_FUND_BIN, 19, '000000000001'), driverLicenceFile: '440100000001', note: 'demo: every element matches' }),
    person({ key: 'fixed-phone-mismatch', name: '李秀英', idNumber: mismatchId, sex: 'female', birthDate: '1990-03-08', phone: '13900139002', bankCard: makeCardNumber('621700', 19, '000000000002'), bankPhone: '13700137002', socialSecurityNumber: mismatchId, housingFundCard: null, driverLicenceFile: null, note: 'phone mismatch: the bank-reserved phone is an older number, not her current phone' }),
    person({ key: 'fixed-deceased', name: '赵德明', idNumber: deceasedId, sex: 'male', birthDate: '1938-11-02', status: 'deceased', phone: null, bankCard: null, bankPhone: null, socialSecurityNumber: deceasedId, housingFundCard: null, driverLicenceFile: null, note: 'deceased: phone, cards and licence cancelled' }),
    person({ key: 'fixed-hk', name: '陈嘉欣', idType: 'hmt_residence_permit', region: 'hk', idNumber: hkId, sex: 'female', birthDate: '1992-07-01', phone: '18600186003', bankCard: makeCardNumber('621661', 19, '000000000003'), bankPhone: '18600186003', socialSecurityNumber: hkId, housingFundCard: null, driverLicenceFile: null, note: 'Hong Kong resident (810000 residence permit)' }),
    person({ key: 'fixed-mo', name: '何家豪', idType: 'hmt_residence_permit', region: 'mo', idNumber: moId, sex: 'male', birthDate: '1988-12-20', phone: '18900189004', bankCard: makeCardNumber('622848', 19, '000000000004'), bankPhone: '18900189004', socialSecurityNumber: moId, housingFundCard: makeCardNumber(HOUSING_FUND_BIN, 19, '000000000004'), driverLicenceFile: null, note: 'Macau resident (820000 residence permit)' }),
    person({ key: 'fixed-tw', name: '林志明', idType: 'hmt_residence_permit', region: 'tw', idNumber: twId, sex: 'male', birthDate: '1979-10-10', phone: '13300133005', bankCard: makeCardNumber('622588', 16, '0000000005'), bankPhone: '13300133005', socialSecurityNumber: twId, housingFundCard: null, driverLicenceFile: '350200000005', note: 'Taiwan resident (830000 residence permit)' }),
  ];
}

/**
 * `count` generated people for `seed` (same seed, same people). About 1 in 25 is deceased (no
 * phone, cards or licence), 1 in 20 a HK/Macau/Taiwan resident, 1 in 10 has an older
 * bank-reserved phone, about 6 in 10 have a housing fund card and 5 in 10 a driver's licence.
 */
export function generateSandboxPeople(count: number, seed: string | number = 1): SandboxPerson[] {
  const rng = new Rng(`shenfen-sandbox:${seed}`);
  const seen = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const v = make();
      if (!seen.has(v)) {
        seen.add(v);
        return v;
      }
    }
  };
  const people: SandboxPerson[] = [];
  for (let i = 0; i < count; i++) {
    const sex: Sex = rng.int(2) === 0 ? 'male' : 'female';
    const region: Region = rng.int(20) === 0 ? rng.pick(['hk', 'mo', 'tw'] as const) : 'mainland';
    const birthDate = `${1945 + rng.int(60)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
    const address = region === 'mainland' ? rng.pick(REGION_CODES) : HMT_PREFIX[region];
    const idNumber = unique(() => makeIdNumber(address, birthDate, rng.digits(2), sex, rng.int(10)));
    const deceased = rng.int(25) === 0;
    const name = rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.int(3) === 0 ? '' : rng.pick([...GIVEN]));
    const newPhone = () => unique(() => rng.pick(CARRIER_PREFIXES[rng.pick(CARRIERS)]) + rng.digits(8));
    const phone = deceased ? null : newPhone();
    const bank = rng.pick(BANKS);
    const bankCard = deceased ? null : unique(() => makeCardNumber(bank.bin, bank.length, rng.digits(bank.length)));
    const bankPhone = phone === null ? null : rng.int(10) === 0 ? newPhone() : phone;
    const housingFundCard = deceased || rng.int(10) >= 6 ? null : unique(() => makeCardNumber(HOUSING_FUND_BIN, 19, rng.digits(19)));
    const driverLicenceFile = deceased || rng.int(2) === 0 ? null : unique(() => address.slice(0, 4) + rng.digits(8));
    people.push({
      key: `gen-${seed}-${i}`,
      name,
      idType: region === 'mainland' ? 'resident_id' : 'hmt_residence_permit',
      idNumber,
      sex,
      birthDate,
      status: deceased ? 'deceased' : 'alive',
      region,
      phone,
      carrier: phone ? carrierOf(phone) : null,
      bankCard,
      bankName: bankCard ? bank.name : null,
      bankPhone,
      socialSecurityNumber: idNumber,
      housingFundCard,
      driverLicenceFile,
      note: null,
    });
  }
  return people;
}
