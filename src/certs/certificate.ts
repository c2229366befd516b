/**
 * X.509 certificates as Shenfen reads them (@peculiar/asn1-x509 for the structure, der.ts for the
 * signed bytes): dates, key, key usage, extended key usage, CA constraints, CRL distribution points,
 * and whose certificate it is — a person's ID number or an org's USCC (identity.ts).
 */
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  type Name,
} from '@peculiar/asn1-x509';
import { readPublicKey, schemeOf, UnsupportedAlgorithm, type PublicKeyInfo, type SignatureAlgorithm, type Scheme } from './algorithms.js';
import { children, readTlv, splitSigned, toHex } from './der.js';
import { identityOf, type CertIdentity } from './identity.js';

export class BadCertificate extends Error {}

export interface ParsedCertificate {
  der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex: how audit and bindings name a certificate. */
  fingerprint: string;
  serialHex: string;
  subject: string;
  issuer: string;
  /** The Names exactly as encoded (chain building compares issuer to subject byte for byte). */
  subjectRaw: string;
  issuerRaw: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithm;
  scheme: Scheme;
  tbs: Uint8Array;
  signature: Uint8Array;
  ca: boolean;
  pathLen: number | undefined;
  /** KeyUsageFlags bits; undefined when the extension is absent. */
  keyUsage: number | undefined;
  /** Extended key usage OIDs; undefined when absent. */
  extKeyUsage: string[] | undefined;
  subjectKeyId: string | undefined;
  authorityKeyId: string | undefined;
  /** http(s) URLs of the CRL distribution points, in order. */
  crlUrls: string[];
  identity: CertIdentity;
}

const EXT = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  crlDp: '2.5.29.31',
  aki: '2.5.29.35',
  ski: '2.5.29.14',
} as const;

/** Critical extensions we understand (or that only restrict what we never use); any other critical one refuses the certificate (RFC 5280 4.2). */
const KNOWN_CRITICAL = new Set<string>([...Object.values(EXT), '2.5.29.17', '2.5.29.32', '2.5.29.18']);

const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'E',
};

/** The Name's attributes as [type OID, text] in order. */
export function nameAttributes(name: Name): [string, string][] {
  const out: [string, string][] = [];
  for (const rdn of name) for (const atv of rdn) out.push([atv.type, atv.value.toString()]);
  return out;
}

export const nameText = (name: Name) =>
  nameAttributes(name)
    .map(([t, v]) => `${NAME_LABELS[t] ?? t}=${v}`)
    .join(', ');

/** Accepts PEM (one certificate) or DER. */
export function certificateDer(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') {
    const head = Buffer.from(input.subarray(0, 30)).toString('latin1');
    if (!head.includes('-----BEGIN')) return input;
    input = Buffer.from(input).toString('latin1');
  }
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(input);
  if (!m) throw new BadCertificate('not a PEM certificate');
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Every certificate in a PEM bundle. */
export function pemCertificates(text: string): Uint8Array[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')),
  );
}

export const toPem = (der: Uint8Array, label = 'CERTIFICATE') =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** The raw issuer and subject Names of a tbsCertificate. */
function rawNames(tbs: Uint8Array): { issuer: string; subject: string } {
  const fields = children(tbs, readTlv(tbs, 0));
  const at = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  const issuer = fields[at + 2];
  const subject = fields[at + 4];
  if (!issuer || !subject) throw new BadCertificate('tbsCertificate too short');
  return { issuer: toHex(tbs.subarray(issuer.start, issuer.end)), subject: toHex(tbs.subarray(subject.start, subject.end)) };
}

/** Parses a certificate; throws BadCertificate (structure) or UnsupportedAlgorithm (key or signature we do not take). */
export function parseCertificate(input: string | Uint8Array): ParsedCertificate {
  const der = certificateDer(input);
  let cert: Certificate;
  let signed: { tbs: Uint8Array; signature: Uint8Array };
  try {
    signed = splitSigned(der);
    cert = AsnConvert.parse(der, Certificate);
  } catch (err) {
    throw new BadCertificate(`not a certificate: ${(err as Error).message}`);
  }
  const tbs = cert.tbsCertificate;
  if (tbs.signature.algorithm !== cert.signatureAlgorithm.algorithm) throw new BadCertificate('signature algorithms differ');
  const { name, scheme } = schemeOf(cert.signatureAlgorithm);
  const spki = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const publicKey = readPublicKey(spki);

  let ca = false;
  let pathLen: number | undefined;
  let keyUsage: number | undefined;
  let extKeyUsage: string[] | undefined;
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  const crlUrls: string[] = [];
  const seen = new Set<string>();
  for (const ext of tbs.extensions ?? []) {
    if (seen.has(ext.extnID)) throw new BadCertificate(`extension ${ext.extnID} twice`);
    seen.add(ext.extnID);
    const value = ext.extnValue.buffer;
    try {
      switch (ext.extnID) {
        case EXT.basicConstraints: {
          const bc = AsnConvert.parse(value, BasicConstraints);
          ca = bc.cA;
          pathLen = bc.pathLenConstraint;
          break;
        }
        case EXT.keyUsage:
          keyUsage = AsnConvert.parse(value, KeyUsage).toNumber();
          break;
        case EXT.extKeyUsage:
          extKeyUsage = [...AsnConvert.parse(value, ExtendedKeyUsage)];
          break;
        case EXT.ski:
          subjectKeyId = toHex(new Uint8Array(AsnConvert.parse(value, SubjectKeyIdentifier).buffer));
          break;
        case EXT.aki: {
          const id = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
          if (id) authorityKeyId = toHex(new Uint8Array(id.buffer));
          break;
        }
        case EXT.crlDp:
          for (const dp of AsnConvert.parse(value, CRLDistributionPoints)) {
            for (const gn of dp.distributionPoint?.fullName ?? []) if (gn.uniformResourceIdentifier) crlUrls.push(gn.uniformResourceIdentifier);
          }
          break;
        default:
          if (ext.critical && !KNOWN_CRITICAL.has(ext.extnID)) throw new BadCertificate(`unsupported critical extension ${ext.extnID}`);
      }
    } catch (err) {
      if (err instanceof BadCertificate) throw err;
      throw new BadCertificate(`extension ${ext.extnID} not readable`);
    }
  }
  const names = rawNames(signed.tbs);
  return {
    der,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    serialHex: toHex(new Uint8Array(tbs.serialNumber)).replace(/^(00)+(?=.)/, ''),
    subject: nameText(tbs.subject),
    issuer: nameText(tbs.issuer),
    subjectRaw: names.subject,
    issuerRaw: names.issuer,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    publicKey,
    signatureAlgorithm: name,
    scheme,
    tbs: signed.tbs,
    signature: signed.signature,
    ca,
    pathLen,
    keyUsage,
    extKeyUsage,
    subjectKeyId,
    authorityKeyId,
    crlUrls,
    identity: identityOf(nameAttributes(tbs.subject), tbs.extensions ?? []),
  };
}

/** Whether the key may sign (keyUsage digitalSignature or nonRepudiation-free digitalSignature; absent = any use). */
export const maySign = (c: ParsedCertificate) => c.keyUsage === undefined || (c.keyUsage & KeyUsageFlags.digitalSignature) !== 0;
/** Whether a CA certificate may sign certificates / CRLs (keyUsage absent = allowed, as RFC 5280 leaves it). */
export const maySignCerts = (c: ParsedCertificate) => c.keyUsage === undefined || (c.keyUsage & KeyUsageFlags.keyCertSign) !== 0;
export const maySignCrls = (c: ParsedCertificate) => c.keyUsage === undefined || (c.keyUsage & KeyUsageFlags.cRLSign) !== 0;

export { UnsupportedAlgorithm };
