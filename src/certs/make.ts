/**
 * Making SM2 certificates in code (sm-crypto-v2 signs, @peculiar/asn1-x509 encodes): the second
 * SM2 implementation beside OpenSSL that the tests prove interoperates (OpenSSL verifies what this
 * makes), and the test CA of the benchmark, which runs where no openssl command is at hand.
 * Not used to issue real certificates: Shenfen trusts CAs, it is none.
 */
import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { sm2 } from 'sm-crypto-v2';
import { OID, SM2_DEFAULT_ID } from './algorithms.js';

export interface Sm2KeyPair {
  privateKey: string;
  /** 04‖x‖y, hex. */
  publicKey: string;
}

export const sm2KeyPair = (): Sm2KeyPair => {
  const k = sm2.generateKeyPairHex();
  return { privateKey: k.privateKey, publicKey: k.publicKey };
};

/** A Name from [OID, value] pairs, one attribute per RDN (serialNumber and C as PrintableString, the rest UTF8String). */
export function makeName(attrs: [string, string][]): Name {
  const printable = new Set(['2.5.4.5', '2.5.4.6']);
  return new Name(
    attrs.map(([type, v]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue(printable.has(type) ? { printableString: v } : { utf8String: v }) })])),
  );
}

export interface MakeCertificate {
  subject: [string, string][];
  issuer: [string, string][];
  subjectKey: string;
  issuerKey: Sm2KeyPair;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** An SM2-with-SM3 certificate (GM/T 0015 profile: basicConstraints, keyUsage), DER. */
export function makeSm2Certificate(m: MakeCertificate): Uint8Array {
  const sigAlg = new AlgorithmIdentifier({ algorithm: OID.sm2WithSm3 });
  const ext = (id: string, value: unknown) => new Extension({ extnID: id, critical: true, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.length),
    signature: sigAlg,
    issuer: makeName(m.issuer),
    validity: new Validity({ notBefore: m.notBefore, notAfter: m.notAfter }),
    subject: makeName(m.subject),
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: AsnConvert.serialize(new ECParameters({ namedCurve: OID.sm2Curve })) }),
      subjectPublicKey: new Uint8Array(Buffer.from(m.subjectKey, 'hex')).buffer,
    }),
    extensions: new Extensions([
      ext('2.5.29.19', new BasicConstraints({ cA: m.ca })),
      ext('2.5.29.15', new KeyUsage(m.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const sig = Buffer.from(sm2.doSignature(tbsDer, m.issuerKey.privateKey, { hash: true, der: true, publicKey: m.issuerKey.publicKey, userId: SM2_DEFAULT_ID }), 'hex');
  return new Uint8Array(AsnConvert.serialize(new Certificate({ tbsCertificate: tbs, signatureAlgorithm: sigAlg, signatureValue: sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.length) })));
}

/** SM2 signature (DER) over `data` with the default id, as a UKey makes it. */
export const sm2Sign = (key: Sm2KeyPair, data: Uint8Array): Buffer => Buffer.from(sm2.doSignature(data, key.privateKey, { hash: true, der: true, publicKey: key.publicKey, userId: SM2_DEFAULT_ID }), 'hex');
