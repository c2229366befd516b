/** The real-name authorities Shenfen asks, one small interface per kind; sandbox and HTTP connectors implement them. */

/**
 * What an authority answers, and no more than it would say:
 * - `match`: every element agrees with its records.
 * - `mismatch`: name, document type or number disagree (UnionPay: 人员姓名或证件类型或证件号与银行登记不匹配).
 * - `phone_mismatch`: UnionPay only — the phone is not the bank-reserved one (手机号与银行预留手机号不一致).
 * - `not_found`: no record of the number asked about (ID, card, phone, file number).
 * - `deceased`: the authority records the person as deceased (public security, social security).
 * - `unavailable`: no trustworthy answer (network, timeout, refused or badly signed response).
 */
export type CheckOutcome = 'match' | 'mismatch' | 'phone_mismatch' | 'not_found' | 'deceased' | 'unavailable';

export const CHECK_OUTCOMES: readonly CheckOutcome[] = ['match', 'mismatch', 'phone_mismatch', 'not_found', 'deceased', 'unavailable'];

export interface CheckResult {
  outcome: CheckOutcome;
  /** Who answered, e.g. `sandbox:public_security` or the bridge's provider name. */
  source: string;
  /** The authority's transaction reference, for the evidence record and disputes. */
  reference?: string;
}

/** Name and number of the identity document (resident ID or HK/Macau/Taiwan residence permit). */
export interface IdentityInput {
  name: string;
  idNumber: string;
}

/** 公安 ID two-element check (name + ID number). */
export interface PublicSecurityAuthority {
  checkIdentity(input: IdentityInput): Promise<CheckResult>;
}

/** UnionPay bank card four-element check; `phone` is compared with the bank-reserved phone. */
export interface BankCardAuthority {
  checkFourElements(input: IdentityInput & { cardNumber: string; phone: string }): Promise<CheckResult>;
}

/** Telecom operator three-element check (the phone's registered subscriber). */
export interface TelecomAuthority {
  checkThreeElements(input: IdentityInput & { phone: string }): Promise<CheckResult>;
}

/** Social security card check (社会保障号码 / 社保编号). */
export interface SocialSecurityAuthority {
  checkCard(input: IdentityInput & { socialSecurityNumber: string }): Promise<CheckResult>;
}

/** Housing fund joint card check (公积金联名卡号). */
export interface HousingFundAuthority {
  checkCard(input: IdentityInput & { cardNumber: string }): Promise<CheckResult>;
}

/** Driver's licence check (档案编号, 12 digits). */
export interface DriverLicenceAuthority {
  checkLicence(input: IdentityInput & { fileNumber: string }): Promise<CheckResult>;
}

/** Every authority the real-name methods may ask. */
export interface RealNameAuthorities {
  publicSecurity: PublicSecurityAuthority;
  bankCard: BankCardAuthority;
  telecom: TelecomAuthority;
  socialSecurity: SocialSecurityAuthority;
  housingFund: HousingFundAuthority;
  driverLicence: DriverLicenceAuthority;
}

/** Folds the harmless variations of a typed name (full-width, spaces, the middle dot of minority names). */
export function normaliseName(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/gu, ' ').replace(/[•・．.]/gu, '·');
}

/** Digits only, full-width folded, spaces and dashes dropped (card, phone, file numbers). */
export function normaliseDigits(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]+/gu, '');
}
