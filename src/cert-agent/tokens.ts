/**
 * The agent's soft tokens — the stand-in for a UKey: a certificate (with its chain) and its private
 * key, sealed under the token's PIN (scrypt → AES-256-GCM), with the PIN retry counter a UKey keeps
 * (locked after `maxTries` wrong PINs, default 6) and the initial PIN 12345678 until 修改口令.
 * One JSON file per token in `<dir>/tokens/`, written atomically. The private key is decrypted only
 * for one signature and never leaves this process.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, randomUUID, scryptSync, sign as nodeSign } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { sm2 } from 'sm-crypto-v2';
import { schemeByName, SM2_DEFAULT_ID, verifyWith } from '../certs/algorithms.js';
import { parseCertificate, type ParsedCertificate } from '../certs/certificate.js';

export const INITIAL_PIN = '12345678';
export const DEFAULT_MAX_TRIES = 6;

interface Sealed {
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

export interface TokenFile {
  version: 1;
  id: string;
  label: string;
  algorithm: 'sm2-sm3' | 'rsa-pkcs1-sha256' | 'ecdsa-sha256' | 'ecdsa-sha384';
  certificate: string;
  chain: string[];
  key: Sealed;
  maxTries: number;
  triesLeft: number;
  initialPin: boolean;
}

export type PinOutcome = { ok: true } | { ok: false; reason: 'pin_wrong'; triesLeft: number } | { ok: false; reason: 'pin_locked' };

const SCRYPT = { N: 16384, r: 8, p: 1 };
const kek = (pin: string, salt: Buffer) => scryptSync(Buffer.from(pin, 'utf8'), salt, 32, SCRYPT);

function seal(pin: string, plain: Uint8Array): Sealed {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek(pin, salt), iv);
  const data = Buffer.concat([c.update(plain), c.final()]);
  return { salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function unseal(pin: string, s: Sealed): Uint8Array | undefined {
  try {
    const d = createDecipheriv('aes-256-gcm', kek(pin, Buffer.from(s.salt, 'base64')), Buffer.from(s.iv, 'base64'));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    return new Uint8Array(Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]));
  } catch {
    return undefined;
  }
}

export class TokenStore {
  readonly dir: string;
  constructor(root: string) {
    this.dir = join(root, 'tokens');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  list(): TokenFile[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => {
        try {
          return [JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as TokenFile];
        } catch {
          return [];
        }
      });
  }

  get(id: string): TokenFile | undefined {
    return this.list().find((t) => t.id === id);
  }

  private save(t: TokenFile) {
    const file = join(this.dir, `${t.id}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(t, null, 2), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /** Imports a key (PKCS#8 DER) with its certificate as a new token under the initial PIN 12345678. */
  import(pkcs8: Uint8Array, certificate: Uint8Array, chain: Uint8Array[], label?: string, maxTries = DEFAULT_MAX_TRIES): TokenFile {
    const cert = parseCertificate(certificate);
    const algorithm = cert.publicKey.kind === 'sm2' ? 'sm2-sm3' : cert.publicKey.kind === 'rsa' ? 'rsa-pkcs1-sha256' : cert.publicKey.kind === 'ecdsa-p256' ? 'ecdsa-sha256' : 'ecdsa-sha384';
    const t: TokenFile = {
      version: 1,
      id: randomUUID(),
      label: label ?? (cert.identity.name ?? cert.subject),
      algorithm,
      certificate: Buffer.from(certificate).toString('base64'),
      chain: chain.map((c) => Buffer.from(c).toString('base64')),
      key: seal(INITIAL_PIN, pkcs8),
      maxTries,
      triesLeft: maxTries,
      initialPin: true,
    };
    // The key must sign for the certificate's public key: checked once, with the initial PIN.
    const probe = Buffer.from('shenfen-cert-agent import check');
    if (!verifyWith(cert.publicKey, schemeByName(algorithm), probe, signWith(t, pkcs8, probe, cert))) throw new Error('the private key does not belong to the certificate');
    this.save(t);
    return t;
  }

  /** Checks the PIN against the token's counter; a right PIN resets it, the last wrong one locks the token. */
  private open(t: TokenFile, pin: string): { outcome: PinOutcome; key?: Uint8Array } {
    if (t.triesLeft <= 0) return { outcome: { ok: false, reason: 'pin_locked' } };
    const key = unseal(pin, t.key);
    if (!key) {
      t.triesLeft -= 1;
      this.save(t);
      return { outcome: t.triesLeft <= 0 ? { ok: false, reason: 'pin_locked' } : { ok: false, reason: 'pin_wrong', triesLeft: t.triesLeft } };
    }
    if (t.triesLeft !== t.maxTries) {
      t.triesLeft = t.maxTries;
      this.save(t);
    }
    return { outcome: { ok: true }, key };
  }

  /** Signs `data` with the token after the PIN; base64 DER signature. */
  sign(id: string, pin: string, data: Uint8Array): { outcome: PinOutcome; signature?: string } {
    const t = this.get(id);
    if (!t) throw new Error('no such token');
    const { outcome, key } = this.open(t, pin);
    if (!key) return { outcome };
    const sig = signWith(t, key, data, parseCertificate(Buffer.from(t.certificate, 'base64')));
    key.fill(0);
    return { outcome, signature: sig.toString('base64') };
  }

  /** 修改口令: the old PIN (counted like any), then the key sealed anew under the new one. */
  changePin(id: string, oldPin: string, newPin: string): PinOutcome | { ok: false; reason: 'pin_weak' } {
    const t = this.get(id);
    if (!t) throw new Error('no such token');
    if (!/^.{6,16}$/u.test(newPin) || newPin === INITIAL_PIN) return { ok: false, reason: 'pin_weak' };
    const { outcome, key } = this.open(t, oldPin);
    if (!key) return outcome;
    t.key = seal(newPin, key);
    t.initialPin = false;
    key.fill(0);
    this.save(t);
    return { ok: true };
  }
}

/** SM2 with SM3 and the default id (GM/T 0009), or RSA PKCS#1 v1.5 / ECDSA by node:crypto; DER signatures. */
function signWith(t: TokenFile, pkcs8: Uint8Array, data: Uint8Array, cert: ParsedCertificate): Buffer {
  if (t.algorithm === 'sm2-sm3') {
    const pki = AsnConvert.parse(pkcs8, PrivateKeyInfo);
    const ec = AsnConvert.parse(pki.privateKey.buffer, ECPrivateKey);
    const d = Buffer.from(new Uint8Array(ec.privateKey.buffer)).toString('hex').padStart(64, '0');
    const hex = sm2.doSignature(data, d, { hash: true, der: true, publicKey: cert.publicKey.sm2Point!, userId: SM2_DEFAULT_ID });
    return Buffer.from(hex, 'hex');
  }
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const hash = t.algorithm === 'ecdsa-sha384' ? 'sha384' : 'sha256';
  return nodeSign(hash, data, key);
}
