/** HTTP real-name connector: the authorities over the signed JSON protocol of docs/connectors.md (client side). */
import { CHECK_OUTCOMES, type CheckResult, type RealNameAuthorities } from './authority.js';
import { parseOutcome, postSigned, type SignedClientOptions } from './signing.js';

export { verifySignedRequest, signRequest, signResponse, memoryNonceStore, pgNonceStore, stringToSign } from './signing.js';
export type { NonceStore, SignedRequest, VerifyOptions, VerifyResult, VerifyFailure } from './signing.js';

/** The path of each check, under `${baseUrl}`. */
export const CHECK_PATHS = {
  identity: '/v1/public-security/identity',
  bankCard: '/v1/unionpay/four-elements',
  telecom: '/v1/telecom/three-elements',
  socialSecurity: '/v1/social-security/card',
  housingFund: '/v1/housing-fund/card',
  driverLicence: '/v1/driver-licence/licence',
} as const;

export type HttpConnectorOptions = SignedClientOptions;

/** The authorities over HTTP. Any failure to get a well-signed, well-formed answer is `unavailable`; POSTs are never retried. */
export function createHttpAuthorities(opts: HttpConnectorOptions): RealNameAuthorities {
  const source = `http:${new URL(opts.baseUrl).host}`;
  const call = async (check: keyof typeof CHECK_PATHS, payload: Record<string, string>): Promise<CheckResult> =>
    parseOutcome(await postSigned(opts, CHECK_PATHS[check], payload), CHECK_OUTCOMES) ?? { outcome: 'unavailable', source };

  return {
    publicSecurity: { checkIdentity: (i) => call('identity', { name: i.name, idNumber: i.idNumber }) },
    bankCard: { checkFourElements: (i) => call('bankCard', { name: i.name, idNumber: i.idNumber, cardNumber: i.cardNumber, phone: i.phone }) },
    telecom: { checkThreeElements: (i) => call('telecom', { name: i.name, idNumber: i.idNumber, phone: i.phone }) },
    socialSecurity: { checkCard: (i) => call('socialSecurity', { name: i.name, idNumber: i.idNumber, socialSecurityNumber: i.socialSecurityNumber }) },
    housingFund: { checkCard: (i) => call('housingFund', { name: i.name, idNumber: i.idNumber, cardNumber: i.cardNumber }) },
    driverLicence: { checkLicence: (i) => call('driverLicence', { name: i.name, idNumber: i.idNumber, fileNumber: i.fileNumber }) },
  };
}

