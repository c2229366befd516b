/** Every real-name method Shenfen offers, in the order the '我要升级' list shows them (seed 002 §2.9.1). */
import { driversLicence, housingFundCard, socialSecurityCard, telecomThreeElements } from './authority-methods.js';
import { bankCard } from './bank-card.js';
import { idCard } from './id-card.js';
import type { RealNameMethod } from './method.js';
import { face } from './face.js';
import { alipay, counter } from './not-online.js';

export const REAL_NAME_METHODS: readonly RealNameMethod<any>[] = [idCard, bankCard, socialSecurityCard, housingFundCard, telecomThreeElements, driversLicence, alipay, face, counter];

export function findMethod(id: string): RealNameMethod<any> | undefined {
  return REAL_NAME_METHODS.find((m) => m.id === id);
}
