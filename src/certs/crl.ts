/**
 * Certificate revocation lists: parsing, the issuer's signature over them, and whether a serial
 * is on one. Where CRLs come from (configured or fetched) is revocation.ts.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { schemeOf, verifyWith } from './algorithms.js';
import { maySignCrls, nameText, type ParsedCertificate } from './certificate.js';
import { children, readTlv, splitSigned, toHex } from './der.js';

export class BadCrl extends Error {}

export interface ParsedCrl {
  der: Uint8Array;
  issuer: string;
  issuerRaw: string;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Revoked serial numbers, lower-case hex without leading zeros. */
  revoked: Set<string>;
  verifyBy(issuer: ParsedCertificate): boolean;
}

/** Critical CRL extensions we do not process (delta CRLs, issuing distribution points) make the CRL unusable. */
const HANDLED_CRITICAL = new Set<string>();

export function parseCrl(input: Uint8Array | string): ParsedCrl {
  let der: Uint8Array;
  if (typeof input === 'string' || Buffer.from(input.subarray(0, 20)).toString('latin1').includes('-----BEGIN')) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    const m = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+)-----END X509 CRL-----/.exec(text);
    if (!m) throw new BadCrl('not a PEM CRL');
    der = new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  } else der = input;
  let list: CertificateList;
  let signed: { tbs: Uint8Array; signature: Uint8Array };
  try {
    signed = splitSigned(der);
    list = AsnConvert.parse(der, CertificateList);
  } catch (err) {
    throw new BadCrl(`not a CRL: ${(err as Error).message}`);
  }
  const tbs = list.tbsCertList;
  if (tbs.signature.algorithm !== list.signatureAlgorithm.algorithm) throw new BadCrl('signature algorithms differ');
  for (const ext of tbs.crlExtensions ?? []) if (ext.critical && !HANDLED_CRITICAL.has(ext.extnID)) throw new BadCrl(`unsupported critical CRL extension ${ext.extnID}`);
  const revoked = new Set<string>();
  for (const r of tbs.revokedCertificates ?? []) {
    for (const ext of r.crlEntryExtensions ?? []) if (ext.critical) throw new BadCrl('critical CRL entry extension (indirect CRL)');
    revoked.add(toHex(new Uint8Array(r.userCertificate)).replace(/^(00)+(?=.)/, ''));
  }
  const fields = children(signed.tbs, readTlv(signed.tbs, 0));
  const at = fields[0]?.tag === 0x02 ? 1 : 0; // version INTEGER
  const issuerEl = fields[at + 1]!;
  const { scheme } = schemeOf(list.signatureAlgorithm);
  return {
    der,
    issuer: nameText(tbs.issuer),
    issuerRaw: toHex(signed.tbs.subarray(issuerEl.start, issuerEl.end)),
    thisUpdate: tbs.thisUpdate.getTime(),
    nextUpdate: tbs.nextUpdate?.getTime(),
    revoked,
    verifyBy(issuer) {
      if (issuer.subjectRaw !== this.issuerRaw || !maySignCrls(issuer)) return false;
      try {
        return verifyWith(issuer.publicKey, scheme, signed.tbs, signed.signature);
      } catch {
        return false;
      }
    },
  };
}
