/**
 * The certificate crypto core against OpenSSL 3's command line (issue 15): certificates, CRLs and
 * signatures OpenSSL makes with SM2/SM3 (distid 1234567812345678), RSA PKCS#1 v1.5 and PSS, and
 * ECDSA P-256/P-384 verify; tampered ones do not; identities are read from the subject.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPublicKey, schemeByName, verifySm2, verifyWith, UnsupportedAlgorithm } from '../../src/certs/algorithms.js';
import { parseCertificate, BadCertificate, toPem } from '../../src/certs/certificate.js';
import { makeSm2Certificate, sm2KeyPair, sm2Sign } from '../../src/certs/make.js';
import { parseCrl } from '../../src/certs/crl.js';
import { newIdNumber, newUscc, openssl, opensslDoesSm2, opensslSign, TestCa, type Alg } from '../helpers/test-ca.js';

const flip = (b: Uint8Array, at: number) => {
  const c = new Uint8Array(b);
  c[at] = c[at]! ^ 0x01;
  return c;
};

it('this machine’s openssl makes SM2 certificates (OpenSSL 3)', () => {
  expect(opensslDoesSm2()).toBe(true);
});

describe.each<[Alg, Alg]>([
  ['sm2', 'sm2'],
  ['rsa', 'rsa'],
  ['rsa-pss', 'rsa-pss'],
  ['p384', 'p256'],
])('%s CA with %s leaves, made by openssl', (caAlg, leafAlg) => {
  let root: TestCa;
  let inter: TestCa;
  beforeAll(() => {
    root = TestCa.root(caAlg);
    inter = root.intermediate();
  });

  it('the root, intermediate and leaf signatures verify, and a flipped bit in the signed part or the signature does not', () => {
    const idNumber = newIdNumber();
    const leaf = inter.issue({ person: { name: '张三', idNumber } }, leafAlg);
    const r = parseCertificate(root.certPem);
    const i = parseCertificate(inter.certPem);
    const l = parseCertificate(leaf.certPem);
    expect(verifyWith(r.publicKey, r.scheme, r.tbs, r.signature)).toBe(true);
    expect(verifyWith(r.publicKey, i.scheme, i.tbs, i.signature)).toBe(true);
    expect(verifyWith(i.publicKey, l.scheme, l.tbs, l.signature)).toBe(true);
    expect(l.issuerRaw).toBe(i.subjectRaw);
    expect(i.ca).toBe(true);
    expect(l.ca).toBe(false);
    expect(l.identity).toEqual({ kind: 'person', idNumber, name: '张三' });
    // Tampering: the last byte of the validity/extension area, and the signature.
    expect(verifyWith(i.publicKey, l.scheme, flip(l.tbs, l.tbs.length - 5), l.signature)).toBe(false);
    expect(verifyWith(i.publicKey, l.scheme, l.tbs, flip(l.signature, l.signature.length - 3))).toBe(false);
    // The root's key did not sign the leaf.
    expect(verifyWith(r.publicKey, l.scheme, l.tbs, l.signature)).toBe(false);
  });

  it('a signature made by `openssl dgst` with the leaf key verifies over the data and not over other data', () => {
    const leaf = inter.issue({ org: { name: '成都某某科技有限公司', uscc: newUscc() } }, leafAlg);
    const l = parseCertificate(leaf.certPem);
    expect(l.identity.kind).toBe('org');
    const data = Buffer.from('shenfen-cert-login\nchallenge=abc');
    const sig = opensslSign(leaf, data);
    const name = { sm2: 'sm2-sm3', rsa: 'rsa-pkcs1-sha256', 'rsa-pss': 'rsa-pss', p256: 'ecdsa-sha256', p384: 'ecdsa-sha384' }[leafAlg];
    expect(verifyWith(l.publicKey, schemeByName(name), data, sig)).toBe(true);
    expect(verifyWith(l.publicKey, schemeByName(name), Buffer.from('shenfen-cert-login\nchallenge=abd'), sig)).toBe(false);
  });

  it('a CRL made by `openssl ca -gencrl` verifies by its issuer only, lists the revoked serial, and a tampered one fails', () => {
    const revoked = inter.issue({ person: { name: '李四', idNumber: newIdNumber() } }, leafAlg);
    const kept = inter.issue({ person: { name: '王五', idNumber: newIdNumber() } }, leafAlg);
    inter.revoke(revoked);
    const crl = parseCrl(inter.crl());
    const i = parseCertificate(inter.certPem);
    expect(crl.verifyBy(i)).toBe(true);
    expect(crl.verifyBy(parseCertificate(root.certPem))).toBe(false);
    expect(crl.revoked.has(parseCertificate(revoked.certPem).serialHex)).toBe(true);
    expect(crl.revoked.has(parseCertificate(kept.certPem).serialHex)).toBe(false);
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(crl.thisUpdate.getTime());
    const der = crl.der;
    // A flipped bit in the signed part: either no longer a CRL, or one its issuer did not sign.
    for (const at of [40, 60, der.length - 80]) {
      const usable = (() => {
        try {
          return parseCrl(flip(der, at)).verifyBy(i);
        } catch {
          return false;
        }
      })();
      expect(usable).toBe(false);
    }
  });
});

it('an SM2 key only verifies SM2-SM3 and an RSA key never verifies an SM2 signature', () => {
  const root = TestCa.root('sm2');
  const r = parseCertificate(root.certPem);
  expect(() => verifyWith(r.publicKey, schemeByName('ecdsa-sha256'), r.tbs, r.signature)).toThrow(UnsupportedAlgorithm);
  const rsa = parseCertificate(TestCa.root('rsa').certPem);
  expect(() => verifyWith(rsa.publicKey, schemeByName('sm2-sm3'), r.tbs, r.signature)).toThrow(UnsupportedAlgorithm);
});

it('SM2 verification takes the GM/T 0009 default id: the same signature under another id fails', () => {
  const root = TestCa.root('sm2');
  const r = parseCertificate(root.certPem);
  expect(verifySm2(r.publicKey.sm2Point!, r.tbs, r.signature)).toBe(true);
  expect(verifySm2(r.publicKey.sm2Point!, r.tbs, r.signature, '1234567812345679')).toBe(false);
  // Out-of-range r (zero) is refused, not passed to the curve.
  expect(verifySm2(r.publicKey.sm2Point!, r.tbs, Buffer.from('3006020100020101', 'hex'))).toBe(false);
});

it('refuses what is not a certificate, and a certificate with trailing bytes', () => {
  expect(() => parseCertificate(Buffer.from('not a certificate'))).toThrow(BadCertificate);
  const der = parseCertificate(TestCa.root('p256').certPem).der;
  expect(() => parseCertificate(Buffer.concat([der, Buffer.from([0])]))).toThrow(BadCertificate);
  expect(() => readPublicKey(Buffer.from('3000', 'hex'))).toThrow();
});

it('reads the USCC from organizationIdentifier and the ID number from serialNumber, never an invalid one', () => {
  const ca = TestCa.root('p256');
  const uscc = newUscc();
  expect(parseCertificate(ca.issue({ org: { name: '某单位', uscc, clerk: '张三' } }).certPem).identity).toEqual({ kind: 'org', uscc, name: '某单位' });
  const bad = `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`;
  expect(parseCertificate(ca.issue({ org: { name: '某单位', uscc: bad } }).certPem).identity.kind).toBe('none');
});

it('SM2 certificates made in code (sm-crypto-v2) verify with `openssl verify -vfyopt distid:…` and with ours; a tampered one fails both', () => {
  const caKey = sm2KeyPair();
  const leafKey = sm2KeyPair();
  const caName: [string, string][] = [['2.5.4.6', 'CN'], ['2.5.4.3', 'Code SM2 Root']];
  const now = Date.now();
  const ca = makeSm2Certificate({ subject: caName, issuer: caName, subjectKey: caKey.publicKey, issuerKey: caKey, ca: true, notBefore: new Date(now - 86400_000), notAfter: new Date(now + 86400_000 * 365) });
  const idNumber = newIdNumber();
  const leaf = makeSm2Certificate({ subject: [['2.5.4.3', '张三'], ['2.5.4.5', idNumber]], issuer: caName, subjectKey: leafKey.publicKey, issuerKey: caKey, ca: false, notBefore: new Date(now - 86400_000), notAfter: new Date(now + 86400_000 * 30) });
  const dir = mkdtempSync(join(tmpdir(), 'shenfen-code-ca-'));
  writeFileSync(join(dir, 'ca.pem'), toPem(ca));
  writeFileSync(join(dir, 'leaf.pem'), toPem(leaf));
  const tamperedDer = new Uint8Array(leaf);
  tamperedDer[tamperedDer.length - 80] = tamperedDer[tamperedDer.length - 80]! ^ 1;
  writeFileSync(join(dir, 'bad.pem'), toPem(tamperedDer));
  const verify = (f: string) => {
    try {
      return openssl(['verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', join(dir, 'ca.pem'), join(dir, f)]).toString().includes(': OK');
    } catch {
      return false;
    }
  };
  expect(verify('leaf.pem')).toBe(true);
  expect(verify('bad.pem')).toBe(false);
  const parsed = parseCertificate(leaf);
  expect(parsed.identity).toEqual({ kind: 'person', idNumber, name: '张三' });
  expect(verifyWith(parseCertificate(ca).publicKey, parsed.scheme, parsed.tbs, parsed.signature)).toBe(true);
  const data = Buffer.from('challenge');
  expect(verifyWith(parsed.publicKey, schemeByName('sm2-sm3'), data, sm2Sign(leafKey, data))).toBe(true);
});
