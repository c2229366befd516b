/**
 * Signature verification for the algorithms Chinese CAs issue: SM2 with SM3 (GM/T 0003, 0009:
 * the Z value over the distinguishing id 1234567812345678, by `sm-crypto-v2`, because Node's
 * built-in SM2 uses another id and does not interoperate), RSA PKCS#1 v1.5 and PSS, and ECDSA on
 * P-256 and P-384 (node:crypto). A wrong signature answers false; an algorithm or key we do not
 * take throws UnsupportedAlgorithm, which callers turn into 'unknown algorithm'.
 */
import { createPublicKey, verify as nodeVerify, constants, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { sm2 } from 'sm-crypto-v2';
import { toHex } from './der.js';

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  sm2Curve: '1.2.156.10197.1.301',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  sm2WithSm3: '1.2.156.10197.1.501',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

/** GM/T 0009's default distinguishing id (ENTL‖ID in the Z value). */
export const SM2_DEFAULT_ID = '1234567812345678';
/** The order n of the SM2 curve: r and s must lie in [1, n-1]. */
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

export class UnsupportedAlgorithm extends Error {}

export type KeyKind = 'sm2' | 'rsa' | 'ecdsa-p256' | 'ecdsa-p384';

/** A certificate's public key, ready to verify with. */
export interface PublicKeyInfo {
  kind: KeyKind;
  /** SM2: the uncompressed point 04‖x‖y in hex. */
  sm2Point?: string;
  /** RSA and ECDSA: the key as node:crypto holds it. */
  key?: KeyObject;
  /** RSA modulus size in bits; 256 or 384 for the curves. */
  bits: number;
}

/** Reads a SubjectPublicKeyInfo (DER). SM2 keys come as id-ecPublicKey on the SM2 curve, or (older CAs) as the SM2 OID itself. */
export function readPublicKey(spkiDer: Uint8Array): PublicKeyInfo {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const alg = spki.algorithm.algorithm;
  const curve = alg === OID.ecPublicKey && spki.algorithm.parameters ? AsnConvert.parse(spki.algorithm.parameters, ECParameters).namedCurve : undefined;
  if (alg === OID.sm2Curve || curve === OID.sm2Curve) {
    const point = new Uint8Array(spki.subjectPublicKey);
    if (point.length !== 65 || point[0] !== 4) throw new UnsupportedAlgorithm('SM2 public key not an uncompressed point');
    return { kind: 'sm2', sm2Point: toHex(point), bits: 256 };
  }
  if (alg === OID.rsaEncryption || alg === OID.rsaPss || (alg === OID.ecPublicKey && (curve === OID.p256 || curve === OID.p384))) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
    } catch {
      throw new UnsupportedAlgorithm('public key not readable');
    }
    if (alg === OID.ecPublicKey) return curve === OID.p256 ? { kind: 'ecdsa-p256', key, bits: 256 } : { kind: 'ecdsa-p384', key, bits: 384 };
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw new UnsupportedAlgorithm(`RSA key of ${bits} bits`);
    return { kind: 'rsa', key, bits };
  }
  throw new UnsupportedAlgorithm(`public key algorithm ${alg}${curve ? ` on ${curve}` : ''}`);
}

const HASH_OF: Record<string, string> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

/** The signature algorithms we verify, by name (the agent's answers and the API speak these). */
export type SignatureAlgorithm = 'sm2-sm3' | 'rsa-pkcs1-sha256' | 'rsa-pkcs1-sha384' | 'rsa-pkcs1-sha512' | 'rsa-pss' | 'ecdsa-sha256' | 'ecdsa-sha384' | 'ecdsa-sha512';

export interface Scheme {
  family: 'sm2' | 'rsa' | 'ecdsa';
  hash: string;
  pss?: { saltLength: number };
}

/** The scheme an X.509 AlgorithmIdentifier names (certificate and CRL signatures). */
export function schemeOf(alg: AlgorithmIdentifier): { name: SignatureAlgorithm; scheme: Scheme } {
  switch (alg.algorithm) {
    case OID.sm2WithSm3:
      return { name: 'sm2-sm3', scheme: { family: 'sm2', hash: 'sm3' } };
    case OID.sha256WithRsa:
      return { name: 'rsa-pkcs1-sha256', scheme: { family: 'rsa', hash: 'sha256' } };
    case OID.sha384WithRsa:
      return { name: 'rsa-pkcs1-sha384', scheme: { family: 'rsa', hash: 'sha384' } };
    case OID.sha512WithRsa:
      return { name: 'rsa-pkcs1-sha512', scheme: { family: 'rsa', hash: 'sha512' } };
    case OID.ecdsaSha256:
      return { name: 'ecdsa-sha256', scheme: { family: 'ecdsa', hash: 'sha256' } };
    case OID.ecdsaSha384:
      return { name: 'ecdsa-sha384', scheme: { family: 'ecdsa', hash: 'sha384' } };
    case OID.ecdsaSha512:
      return { name: 'ecdsa-sha512', scheme: { family: 'ecdsa', hash: 'sha512' } };
    case OID.rsaPss: {
      if (!alg.parameters) throw new UnsupportedAlgorithm('RSA-PSS without parameters');
      const p = AsnConvert.parse(alg.parameters, RsaSaPssParams);
      const hash = HASH_OF[p.hashAlgorithm.algorithm];
      const mgfHash = p.maskGenAlgorithm.parameters ? AsnConvert.parse(p.maskGenAlgorithm.parameters, AlgorithmIdentifier).algorithm : undefined;
      // SHA-1 PSS (the defaults) and a mask hash other than the message hash are refused.
      if (!hash || p.maskGenAlgorithm.algorithm !== OID.mgf1 || HASH_OF[mgfHash ?? ''] !== hash) throw new UnsupportedAlgorithm('RSA-PSS parameters');
      return { name: 'rsa-pss', scheme: { family: 'rsa', hash, pss: { saltLength: p.saltLength } } };
    }
    default:
      throw new UnsupportedAlgorithm(`signature algorithm ${alg.algorithm}`);
  }
}

/** The scheme for a signature named by the agent (login challenges); PSS uses the hash's length as salt. */
export function schemeByName(name: string): Scheme {
  const table: Record<string, Scheme> = {
    'sm2-sm3': { family: 'sm2', hash: 'sm3' },
    'rsa-pkcs1-sha256': { family: 'rsa', hash: 'sha256' },
    'rsa-pkcs1-sha384': { family: 'rsa', hash: 'sha384' },
    'rsa-pkcs1-sha512': { family: 'rsa', hash: 'sha512' },
    'rsa-pss': { family: 'rsa', hash: 'sha256', pss: { saltLength: 32 } },
    'ecdsa-sha256': { family: 'ecdsa', hash: 'sha256' },
    'ecdsa-sha384': { family: 'ecdsa', hash: 'sha384' },
    'ecdsa-sha512': { family: 'ecdsa', hash: 'sha512' },
  };
  const s = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!s) throw new UnsupportedAlgorithm(`signature algorithm ${name}`);
  return s;
}

/** Reads the r, s of a DER Ecdsa-Sig-Value strictly; undefined when it is not one. */
function derIntegers(sig: Uint8Array): [bigint, bigint] | undefined {
  if (sig.length < 8 || sig[0] !== 0x30) return undefined;
  if (sig[1]! & 0x80 && sig[1] !== 0x81) return undefined;
  let at = sig[1] === 0x81 ? 3 : 2;
  const len = sig[1] === 0x81 ? sig[2]! : sig[1]!;
  if (at + len !== sig.length) return undefined;
  const out: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (sig[at] !== 0x02) return undefined;
    const l = sig[at + 1]!;
    if (l === 0 || l > 33 || at + 2 + l > sig.length) return undefined;
    const bytes = sig.subarray(at + 2, at + 2 + l);
    if (bytes[0]! & 0x80) return undefined; // negative
    if (l > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) return undefined; // not minimal
    out.push(BigInt(`0x${toHex(bytes)}`));
    at += 2 + l;
  }
  if (at !== sig.length) return undefined;
  return [out[0]!, out[1]!];
}

type Sm2Point = ReturnType<typeof sm2.precomputePublicKey>;
const PRECOMPUTED_MAX = 512;
const precomputed = new Map<string, Sm2Point | 'seen'>();

/**
 * The public key for sm-crypto-v2, precomputed (window 4: 5 ms once, then a verify takes a quarter
 * of the time) from the second time it is seen — the CA keys that sign every certificate, and the
 * keys of people who sign in again. A bounded cache of derived values (least recently used out),
 * the same on every node whatever it holds: no state.
 */
function publicPoint(hex: string): string | Sm2Point {
  const known = precomputed.get(hex);
  precomputed.delete(hex);
  const value = known === undefined ? 'seen' : known === 'seen' ? sm2.precomputePublicKey(hex, 4) : known;
  precomputed.set(hex, value);
  if (precomputed.size > PRECOMPUTED_MAX) precomputed.delete(precomputed.keys().next().value!);
  return value === 'seen' ? hex : value;
}

/** SM2 with SM3 over `data` with the distinguishing id (default 1234567812345678); the signature is DER (r, s). */
export function verifySm2(pointHex: string, data: Uint8Array, signature: Uint8Array, id = SM2_DEFAULT_ID): boolean {
  const rs = derIntegers(signature);
  if (!rs) return false;
  const [r, s] = rs;
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  const sigHex = r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0');
  try {
    return sm2.doVerifySignature(data, sigHex, publicPoint(pointHex), { hash: true, der: false, userId: id });
  } catch {
    return false;
  }
}

/**
 * Verifies `signature` over `data` by `publicKey` with `scheme`. The key must fit the scheme
 * (an SM2 key only with SM2-SM3, ECDSA keys with ECDSA, RSA with RSA): a mismatch throws.
 */
export function verifyWith(publicKey: PublicKeyInfo, scheme: Scheme, data: Uint8Array, signature: Uint8Array): boolean {
  const family = publicKey.kind === 'sm2' ? 'sm2' : publicKey.kind === 'rsa' ? 'rsa' : 'ecdsa';
  if (family !== scheme.family) throw new UnsupportedAlgorithm(`a ${publicKey.kind} key with a ${scheme.family} signature`);
  if (family === 'sm2') return verifySm2(publicKey.sm2Point!, data, signature);
  try {
    if (family === 'rsa') {
      const padding = scheme.pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
      return nodeVerify(scheme.hash, data, { key: publicKey.key!, padding, ...(scheme.pss ? { saltLength: scheme.pss.saltLength } : {}) }, signature);
    }
    return nodeVerify(scheme.hash, data, { key: publicKey.key!, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}
