/**
 * Chain building: from a leaf, through the intermediates it came with, to one of the configured
 * anchors (roots or intermediates an operator added with `shenfen ca add`). Each link: the issuer's
 * Name matches byte for byte (and key ids where both have them), the issuer is a CA allowed to sign
 * certificates within its path length, every certificate is within its dates, and the signature
 * verifies. The leaf must allow digitalSignature and, when it has extended key usage, client
 * authentication. Pure: revocation is checked afterwards, and only for a trusted chain (revocation.ts).
 */
import { UnsupportedAlgorithm, verifyWith } from './algorithms.js';
import { maySign, maySignCerts, type ParsedCertificate } from './certificate.js';

/** Why a chain was refused, as the login's error names it. */
export type ChainFailure = 'expired' | 'not_yet_valid' | 'unknown_ca' | 'key_usage' | 'unsupported';

export type ChainResult = { ok: true; path: ParsedCertificate[] } | { ok: false; reason: ChainFailure };

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';
const MAX_DEPTH = 6;

const within = (c: ParsedCertificate, now: Date) => c.notBefore.getTime() <= now.getTime() && now.getTime() <= c.notAfter.getTime();

function signs(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  if (issuer.subjectRaw !== child.issuerRaw) return false;
  if (issuer.subjectKeyId && child.authorityKeyId && issuer.subjectKeyId !== child.authorityKeyId) return false;
  try {
    return verifyWith(issuer.publicKey, child.scheme, child.tbs, child.signature);
  } catch (err) {
    if (err instanceof UnsupportedAlgorithm) return false;
    throw err;
  }
}

export function buildChain(leaf: ParsedCertificate, intermediates: readonly ParsedCertificate[], anchors: readonly ParsedCertificate[], now: Date): ChainResult {
  if (now.getTime() > leaf.notAfter.getTime()) return { ok: false, reason: 'expired' };
  if (now.getTime() < leaf.notBefore.getTime()) return { ok: false, reason: 'not_yet_valid' };
  if (leaf.ca || !maySign(leaf)) return { ok: false, reason: 'key_usage' };
  if (leaf.extKeyUsage && !leaf.extKeyUsage.some((u) => u === CLIENT_AUTH || u === ANY_EKU)) return { ok: false, reason: 'key_usage' };

  const anchorSet = new Set(anchors.map((a) => a.fingerprint));
  // A leaf that is itself an anchor is trusted as configured (an operator pinned it).
  if (anchorSet.has(leaf.fingerprint)) return { ok: true, path: [leaf] };

  const walk = (cert: ParsedCertificate, path: ParsedCertificate[]): ParsedCertificate[] | undefined => {
    if (path.length > MAX_DEPTH) return undefined;
    // Anchors first: a path that ends at a configured anchor as soon as possible.
    for (const issuer of [...anchors, ...intermediates]) {
      if (path.some((p) => p.fingerprint === issuer.fingerprint)) continue;
      if (!issuer.ca || !maySignCerts(issuer) || !within(issuer, now)) continue;
      // pathLen: the number of intermediates below this issuer (the leaf not counted).
      const below = path.length - 1;
      if (issuer.pathLen !== undefined && below > issuer.pathLen) continue;
      if (!signs(issuer, cert)) continue;
      if (anchorSet.has(issuer.fingerprint)) return [...path, issuer];
      const found = walk(issuer, [...path, issuer]);
      if (found) return found;
    }
    return undefined;
  };
  const path = walk(leaf, [leaf]);
  return path ? { ok: true, path } : { ok: false, reason: 'unknown_ca' };
}
