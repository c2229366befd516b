/** Chain building to configured anchors (src/certs/chain.ts) with certificates OpenSSL made. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../src/certs/chain.js';
import { parseCertificate, type ParsedCertificate } from '../../src/certs/certificate.js';
import { newIdNumber, TestCa, yearsFromNow } from '../helpers/test-ca.js';

describe('chain building', () => {
  let root: TestCa;
  let inter: TestCa;
  let other: TestCa;
  let R: ParsedCertificate;
  let I: ParsedCertificate;
  const now = new Date();
  beforeAll(() => {
    root = TestCa.root('sm2');
    inter = root.intermediate();
    other = TestCa.root('sm2');
    R = parseCertificate(root.certPem);
    I = parseCertificate(inter.certPem);
  });
  const person = () => ({ person: { name: '张三', idNumber: newIdNumber() } });

  it('builds leaf → intermediate → root when the root is the anchor, and leaf → intermediate when the intermediate is', () => {
    const leaf = parseCertificate(inter.issue(person()).certPem);
    const viaRoot = buildChain(leaf, [I], [R], now);
    expect(viaRoot.ok && viaRoot.path.map((c) => c.fingerprint)).toEqual([leaf.fingerprint, I.fingerprint, R.fingerprint]);
    const viaInter = buildChain(leaf, [], [I], now);
    expect(viaInter.ok && viaInter.path.length).toBe(2);
  });

  it('refuses a leaf whose intermediate is missing, and one from a CA nobody configured', () => {
    const leaf = parseCertificate(inter.issue(person()).certPem);
    expect(buildChain(leaf, [], [R], now)).toEqual({ ok: false, reason: 'unknown_ca' });
    const stranger = parseCertificate(other.issue(person()).certPem);
    expect(buildChain(stranger, [I], [R], now)).toEqual({ ok: false, reason: 'unknown_ca' });
  });

  it('refuses a certificate that names the right issuer but was signed by another key (a forged intermediate)', () => {
    // Same subject name as the real intermediate, another key: openssl makes one under `other`.
    const forgedCa = other.intermediate('sm2', inter.name);
    const forged = parseCertificate(forgedCa.issue(person()).certPem);
    expect(buildChain(forged, [I, parseCertificate(forgedCa.certPem)], [R], now)).toEqual({ ok: false, reason: 'unknown_ca' });
  });

  it('refuses an expired and a not-yet-valid leaf by date, at the instant given', () => {
    const expired = parseCertificate(inter.issue({ ...person(), notBefore: yearsFromNow(-3), notAfter: yearsFromNow(-1) }).certPem);
    expect(buildChain(expired, [I], [R], now)).toEqual({ ok: false, reason: 'expired' });
    const future = parseCertificate(inter.issue({ ...person(), notBefore: yearsFromNow(1), notAfter: yearsFromNow(2) }).certPem);
    expect(buildChain(future, [I], [R], now)).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(buildChain(future, [I], [R], new Date(Date.now() + 1.5 * 365 * 86400_000)).ok).toBe(true);
  });

  it('refuses a leaf without digitalSignature, and one whose extended key usage leaves out client authentication', () => {
    const encOnly = parseCertificate(inter.issue({ ...person(), keyUsage: 'keyEncipherment' }).certPem);
    expect(buildChain(encOnly, [I], [R], now)).toEqual({ ok: false, reason: 'key_usage' });
    const serverOnly = parseCertificate(inter.issue({ ...person(), extKeyUsage: 'serverAuth' }).certPem);
    expect(buildChain(serverOnly, [I], [R], now)).toEqual({ ok: false, reason: 'key_usage' });
    const client = parseCertificate(inter.issue({ ...person(), extKeyUsage: 'clientAuth,emailProtection' }).certPem);
    expect(buildChain(client, [I], [R], now).ok).toBe(true);
  });
});
