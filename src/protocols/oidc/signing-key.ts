/**
 * A token signing key held as node:crypto KeyObjects, handed to oidc-provider as an
 * ExternalSigningKey (its `externalSigningSupport` feature). oidc-provider otherwise signs every
 * token through jose and WebCrypto, which costs a JWK import check, Web IDL argument handling and a
 * thread-pool round trip per signature; here one `crypto.sign` call does it on keys parsed once.
 * The same seam later takes an HSM or a cloud KMS key: only `sign` and `keyObject` change.
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';

/** The algorithms Shenfen signs with (src/protocols/oidc/keys.ts), and their digest. */
const DIGEST: Record<string, string> = { ES256: 'sha256', RS256: 'sha256' };

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
    return cryptoSign(this.#digest, data, this.#ec ? { key: this.#private, dsaEncoding: 'ieee-p1363' } : this.#private);
  }
}
