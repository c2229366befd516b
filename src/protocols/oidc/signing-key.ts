/**
 * A token signing key held as node:crypto KeyObjects, handed to oidc-provider as an
 * ExternalSigningKey (its `externalSigningSupport` feature). oidc-provider otherwise signs every
 * token through jose and WebCrypto, which costs a JWK import check, Web IDL argument handling and a
 * thread-pool round trip per signature; here one `crypto.sign` call does it on keys parsed once.
 * The same seam later takes an HSM or a cloud KMS key: only `sign` and `keyObject` change.
 *
 * EC signatures come from OpenSSL in DER and are turned into JWS's r‖s form here: asking node:crypto
 * for that form (`dsaEncoding: 'ieee-p1363'`) takes a key-options path that on Node.js 24 costs more
 * than the signature itself (2.3× slower per ES256 token signature, measured with bench/sign.ts).
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';

/** The algorithms Shenfen signs with (src/protocols/oidc/keys.ts), and their digest. */
const DIGEST: Record<string, string> = { ES256: 'sha256', RS256: 'sha256' };

/** P-256's r and s are 32 bytes each. */
const EC_PART = 32;

/**
 * The DER ECDSA signature `SEQUENCE { INTEGER r, INTEGER s }` as r‖s, each left-padded to `size` bytes
 * (RFC 7518 §3.4). DER integers carry a leading zero when their top bit is set and drop leading zeros.
 */
export function derToJose(der: Uint8Array, size = EC_PART): Uint8Array {
  const fail = () => {
    throw new Error('malformed ECDSA signature');
  };
  let at = 0;
  const length = () => {
    let n = der[at++]!;
    if (n & 0x80) {
      const bytes = n & 0x7f;
      if (bytes < 1 || bytes > 2) fail();
      n = 0;
      for (let i = 0; i < bytes; i++) n = (n << 8) | der[at++]!;
    }
    return n;
  };
  if (der[at++] !== 0x30) fail();
  if (length() !== der.length - at) fail();
  const out = new Uint8Array(size * 2);
  for (const offset of [0, size]) {
    if (der[at++] !== 0x02) fail();
    let n = length();
    let start = at;
    at += n;
    if (at > der.length) fail();
    while (n > size && der[start] === 0) {
      start++;
      n--;
    }
    if (n > size) fail();
    out.set(der.subarray(start, start + n), offset + size - n);
  }
  if (at !== der.length) fail();
  return out;
}

/** The value and version oidc-provider asks for to switch the experimental feature on. */
export const EXTERNAL_SIGNING_FEATURE = { enabled: true, ack: 'experimental-01' } as const;

export class LocalSigningKey extends ExternalSigningKey {
  readonly #private: KeyObject;
  readonly #public: KeyObject;
  readonly #digest: string;
  readonly #kid: string;
  readonly #alg: string;
  readonly #ec: boolean;

  /** `jwk` is a private JWK with `kid` and `alg` as stored in `signing_keys`. */
  constructor(jwk: Record<string, unknown>) {
    super();
    const alg = String(jwk.alg);
    const digest = DIGEST[alg];
    if (!digest || typeof jwk.kid !== 'string') throw new Error(`unsupported signing key ${String(jwk.kid)} (${alg})`);
    this.#private = createPrivateKey({ key: jwk as never, format: 'jwk' });
    this.#public = createPublicKey(this.#private);
    this.#digest = digest;
    this.#kid = jwk.kid;
    this.#alg = alg;
    this.#ec = jwk.kty === 'EC';
  }

  override get kid(): string {
    return this.#kid;
  }

  override get alg(): string {
    return this.#alg;
  }

  override keyObject(): KeyObject {
    return this.#public;
  }

  /** JWS signature bytes: for EC the raw r‖s form JWS uses (RFC 7518 §3.4), not DER. */
  override sign(data: Uint8Array): Uint8Array {
    const signature = cryptoSign(this.#digest, data, this.#private);
    return this.#ec ? derToJose(signature) : signature;
  }
}
