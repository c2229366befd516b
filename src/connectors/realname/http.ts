/** HTTP real-name connector: the authorities over the signed JSON protocol of docs/connectors.md (client side). */
import type { Clock } from '../../context.js';
import { CHECK_OUTCOMES, type CheckOutcome, type CheckResult, type RealNameAuthorities } from './authority.js';
import { HEADER, RESPONSE_METHOD, sign, signaturesEqual, signRequest, timestampFresh } from './signing.js';

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

export interface HttpConnectorOptions {
  /** e.g. `https://realname-bridge.internal:8443` (a path prefix is kept and signed). */
  baseUrl: string;
  keyId: string;
  /** Shared HMAC secret (UTF-8 bytes), at least 32 characters. */
  secret: string;
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  clock?: Clock;
}

/** The authorities over HTTP. Any failure to get a well-signed, well-formed answer is `unavailable`; POSTs are never retried. */
export function createHttpAuthorities(opts: HttpConnectorOptions): RealNameAuthorities {
  const base = new URL(opts.baseUrl);
  const prefix = base.pathname.replace(/\/+$/u, '');
  const clock = opts.clock ?? { now: () => new Date() };
  const source = `http:${base.host}`;

  async function call(check: keyof typeof CHECK_PATHS, payload: Record<string, string>): Promise<CheckResult> {
    const path = prefix + CHECK_PATHS[check];
    const body = JSON.stringify(payload);
    const headers = signRequest({ keyId: opts.keyId, secret: opts.secret, method: 'POST', path, body, now: clock.now() });
    const unavailable: CheckResult = { outcome: 'unavailable', source };
    try {
      const res = await fetch(new URL(path, base), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      const text = await res.text();
      if (res.status !== 200) return unavailable;
      const ts = res.headers.get(HEADER.timestamp) ?? '';
      const signature = res.headers.get(HEADER.signature) ?? '';
      if (res.headers.get(HEADER.nonce) !== headers['X-Shenfen-Nonce'] || !timestampFresh(ts, clock.now())) return unavailable;
      const expected = sign(opts.secret, RESPONSE_METHOD, path, ts, headers['X-Shenfen-Nonce']!, text);
      if (!signaturesEqual(expected, signature)) return unavailable;
      return parseAnswer(JSON.parse(text) as unknown) ?? unavailable;
    } catch {
      return unavailable;
    }
  }

  return {
    publicSecurity: { checkIdentity: (i) => call('identity', { name: i.name, idNumber: i.idNumber }) },
    bankCard: { checkFourElements: (i) => call('bankCard', { name: i.name, idNumber: i.idNumber, cardNumber: i.cardNumber, phone: i.phone }) },
    telecom: { checkThreeElements: (i) => call('telecom', { name: i.name, idNumber: i.idNumber, phone: i.phone }) },
    socialSecurity: { checkCard: (i) => call('socialSecurity', { name: i.name, idNumber: i.idNumber, socialSecurityNumber: i.socialSecurityNumber }) },
    housingFund: { checkCard: (i) => call('housingFund', { name: i.name, idNumber: i.idNumber, cardNumber: i.cardNumber }) },
    driverLicence: { checkLicence: (i) => call('driverLicence', { name: i.name, idNumber: i.idNumber, fileNumber: i.fileNumber }) },
  };
}

/** `{ outcome, source, reference? }` with a known outcome, short strings, or null. */
function parseAnswer(json: unknown): CheckResult | null {
  if (typeof json !== 'object' || json === null) return null;
  const { outcome, source, reference } = json as Record<string, unknown>;
  if (!CHECK_OUTCOMES.includes(outcome as CheckOutcome)) return null;
  if (typeof source !== 'string' || source.length === 0 || source.length > 100) return null;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 128)) return null;
  return { outcome: outcome as CheckOutcome, source, ...(reference === undefined ? {} : { reference }) };
}
