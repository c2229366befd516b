/**
 * Reading the soft tokens the agent imports: PKCS#12 files (RSA, ECDSA) as OpenSSL 3 and CA tools
 * write them — PBES2 (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/192/256-CBC) for the key and the
 * certificates, MAC checked with the PKCS#12 key derivation (RFC 7292 appendix B) — and SM2 keys
 * as PKCS#8 (`openssl genpkey -algorithm SM2`), plain or PBES2-encrypted. Legacy RC2/3DES PBEs
 * are refused with a message (re-export with `openssl pkcs12 -export` of OpenSSL 3).
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ContentInfo, EncryptedContentInfo } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, PFX, SafeContents, PKCS8ShroudedKeyBag } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { children, readTlv } from '../certs/der.js';

export class WrongPassword extends Error {}
export class UnsupportedFile extends Error {}

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
};
const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
};
const DIGESTS: Record<string, { name: string; block: number; size: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', block: 64, size: 20 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', block: 64, size: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', block: 128, size: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', block: 128, size: 64 },
};

const u8 = (b: ArrayBuffer | Uint8Array) => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** PBES2 decryption; a wrong password shows as bad padding (or, rarely, garbage the caller cannot parse). */
function pbes2Decrypt(alg: AlgorithmIdentifier, data: Uint8Array, password: string): Uint8Array {
  if (alg.algorithm !== OIDS.pbes2 || !alg.parameters) throw new UnsupportedFile(`encryption ${alg.algorithm} is not PBES2: re-export the file with OpenSSL 3 (openssl pkcs12 -export)`);
  const params = u8(alg.parameters);
  const [kdfEl, encEl] = children(params, readTlv(params, 0));
  const kdf = AsnConvert.parse(params.subarray(kdfEl!.start, kdfEl!.end), AlgorithmIdentifier);
  const enc = AsnConvert.parse(params.subarray(encEl!.start, encEl!.end), AlgorithmIdentifier);
  if (kdf.algorithm !== OIDS.pbkdf2 || !kdf.parameters) throw new UnsupportedFile('key derivation is not PBKDF2');
  const cipher = CIPHERS[enc.algorithm];
  if (!cipher || !enc.parameters) throw new UnsupportedFile(`cipher ${enc.algorithm} is not AES-CBC`);
  const kp = u8(kdf.parameters);
  const [saltEl, iterEl, ...rest] = children(kp, readTlv(kp, 0));
  const salt = kp.subarray(saltEl!.body, saltEl!.end);
  const iterations = Number(BigInt(`0x${Buffer.from(kp.subarray(iterEl!.body, iterEl!.end)).toString('hex')}`));
  let prf = 'sha1';
  for (const el of rest) if (el.tag === 0x30) prf = PRF[AsnConvert.parse(kp.subarray(el.start, el.end), AlgorithmIdentifier).algorithm] ?? 'unknown';
  if (prf === 'unknown' || iterations > 10_000_000) throw new UnsupportedFile('PBKDF2 parameters');
  const ivTlv = u8(enc.parameters);
  const iv = ivTlv.subarray(readTlv(ivTlv, 0).body);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
  try {
    const d = createDecipheriv(cipher.name, key, iv);
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch {
    throw new WrongPassword('wrong password');
  }
}

/** RFC 7292 appendix B.2 key derivation (ID 3: MAC key), for the PFX MAC. */
function pkcs12Kdf(password: string, salt: Uint8Array, iterations: number, digest: { name: string; block: number; size: number }): Buffer {
  const v = digest.block;
  const pw = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (b: Uint8Array) => (b.length === 0 ? Buffer.alloc(0) : Buffer.from(Array.from({ length: v * Math.ceil(b.length / v) }, (_, i) => b[i % b.length]!)));
  const D = Buffer.alloc(v, 3);
  let A = createHash(digest.name).update(Buffer.concat([D, fill(salt), fill(pw)])).digest();
  for (let i = 1; i < iterations; i++) A = createHash(digest.name).update(A).digest();
  return A.subarray(0, digest.size);
}

export interface SoftKey {
  /** PKCS#8 DER of the private key. */
  pkcs8: Uint8Array;
  /** The certificate that goes with the key, then any others in the file (the chain), DER. */
  certificate: Uint8Array;
  chain: Uint8Array[];
}

/** Reads a PKCS#12 file with its password: the key, its certificate and the chain. */
export function readPkcs12(file: Uint8Array, password: string): SoftKey {
  let pfx: PFX;
  try {
    pfx = AsnConvert.parse(file, PFX);
  } catch {
    throw new UnsupportedFile('not a PKCS#12 file');
  }
  if (pfx.authSafe.contentType !== OIDS.data) throw new UnsupportedFile('PKCS#12 with public-key integrity is not supported');
  const authSafeBytes = u8(AsnConvert.parse(pfx.authSafe.content, OctetString).buffer);
  if (pfx.macData) {
    const digest = DIGESTS[pfx.macData.mac.digestAlgorithm.algorithm];
    if (!digest) throw new UnsupportedFile('MAC digest');
    const key = pkcs12Kdf(password, u8(pfx.macData.macSalt.buffer), pfx.macData.iterations ?? 1, digest);
    const mac = createHmac(digest.name, key).update(authSafeBytes).digest();
    const want = Buffer.from(u8(pfx.macData.mac.digest.buffer));
    if (mac.length !== want.length || !timingSafeEqual(mac, want)) throw new WrongPassword('wrong password');
  }
  const keys: { id: string; pkcs8: Uint8Array }[] = [];
  const certs: { id: string; der: Uint8Array }[] = [];
  const localId = (attrs: { attrId: string; attrValues: ArrayBuffer[] }[] | undefined) =>
    Buffer.from(u8(attrs?.find((a) => a.attrId === OIDS.localKeyId)?.attrValues[0] ?? new ArrayBuffer(0))).toString('hex');
  for (const ci of AsnConvert.parse(authSafeBytes, AuthenticatedSafe)) {
    let contents: Uint8Array;
    if (ci.contentType === OIDS.data) contents = u8(AsnConvert.parse(ci.content, OctetString).buffer);
    else if (ci.contentType === OIDS.encryptedData) {
      const ed = u8(ci.content);
      const [, eciEl] = children(ed, readTlv(ed, 0));
      const eci = AsnConvert.parse(ed.subarray(eciEl!.start, eciEl!.end), EncryptedContentInfo);
      const enc = eci.encryptedContent?.value ? u8(eci.encryptedContent.value.buffer) : new Uint8Array(Buffer.concat((eci.encryptedContent?.constructedValue ?? []).map((o) => u8(o.buffer))));
      contents = pbes2Decrypt(eci.contentEncryptionAlgorithm, enc, password);
    } else throw new UnsupportedFile(`PKCS#12 content ${ci.contentType}`);
    let bags: SafeContents;
    try {
      bags = AsnConvert.parse(contents, SafeContents);
    } catch {
      throw new WrongPassword('wrong password');
    }
    for (const bag of bags) {
      if (bag.bagId === OIDS.shroudedKeyBag) {
        const epki = AsnConvert.parse(bag.bagValue, PKCS8ShroudedKeyBag);
        keys.push({ id: localId(bag.bagAttributes), pkcs8: pbes2Decrypt(epki.encryptionAlgorithm, u8(epki.encryptedData.buffer), password) });
      } else if (bag.bagId === OIDS.keyBag) {
        keys.push({ id: localId(bag.bagAttributes), pkcs8: u8(bag.bagValue) });
      } else if (bag.bagId === OIDS.certBag) {
        const cb = AsnConvert.parse(bag.bagValue, CertBag);
        if (cb.certId === OIDS.x509Certificate) certs.push({ id: localId(bag.bagAttributes), der: u8(AsnConvert.parse(cb.certValue, OctetString).buffer) });
      }
    }
  }
  const key = keys[0];
  if (!key || keys.length > 1) throw new UnsupportedFile('the file must hold exactly one private key');
  const own = certs.find((c) => c.id !== '' && c.id === key.id) ?? certs[0];
  if (!own) throw new UnsupportedFile('no certificate in the file');
  return { pkcs8: key.pkcs8, certificate: own.der, chain: certs.filter((c) => c !== own).map((c) => c.der) };
}

/** A PKCS#8 private key from PEM: `PRIVATE KEY` as is, `ENCRYPTED PRIVATE KEY` with the password. */
export function readPkcs8Pem(pem: string, password?: string): Uint8Array {
  const plain = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(pem);
  if (plain) return new Uint8Array(Buffer.from(plain[1]!.replace(/\s+/g, ''), 'base64'));
  const enc = /-----BEGIN ENCRYPTED PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END ENCRYPTED PRIVATE KEY-----/.exec(pem);
  if (!enc) throw new UnsupportedFile('not a PKCS#8 private key (PEM)');
  if (password === undefined) throw new WrongPassword('the key file is encrypted: give its password');
  const epki = AsnConvert.parse(Buffer.from(enc[1]!.replace(/\s+/g, ''), 'base64'), EncryptedPrivateKeyInfo);
  return pbes2Decrypt(epki.encryptionAlgorithm, u8(epki.encryptedData.buffer), password);
}
