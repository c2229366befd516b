/**
 * A minimal DER reader: the exact bytes of a certificate's or CRL's signed part (tbsCertificate,
 * tbsCertList) and of a public key's bit string, which the ASN.1 library decodes into objects but a
 * signature is checked over byte for byte (re-encoding would hide a non-DER encoding).
 */

export interface Tlv {
  tag: number;
  /** The whole element, header included. */
  start: number;
  end: number;
  /** Where the contents begin. */
  body: number;
}

/** Reads the element at `at`; throws on a truncated or indefinite-length encoding. */
export function readTlv(buf: Uint8Array, at: number): Tlv {
  if (at + 2 > buf.length) throw new Error('der: truncated');
  const tag = buf[at]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('der: long tags are not used here');
  let len = buf[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('der: bad length');
    if (body + n > buf.length) throw new Error('der: truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i]!;
    body += n;
    if (len < 0x80 || (n > 1 && buf[at + 2] === 0)) throw new Error('der: length not minimal');
  }
  const end = body + len;
  if (end > buf.length) throw new Error('der: truncated');
  return { tag, start: at, end, body };
}

/** The elements inside a constructed element. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const el = readTlv(buf, at);
    out.push(el);
    at = el.end;
  }
  return out;
}

/**
 * A signed structure (Certificate, CertificateList): SEQUENCE { tbs, algorithm, BIT STRING signature }.
 * Returns the tbs bytes as they were signed and the signature value; throws when there is more or less.
 */
export function splitSigned(der: Uint8Array): { tbs: Uint8Array; signature: Uint8Array } {
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new Error('der: not one SEQUENCE');
  const [tbs, alg, sig, ...rest] = children(der, outer);
  if (!tbs || !alg || !sig || rest.length > 0 || tbs.tag !== 0x30 || alg.tag !== 0x30 || sig.tag !== 0x03) throw new Error('der: not a signed structure');
  if (der[sig.body] !== 0) throw new Error('der: signature with unused bits');
  return { tbs: der.subarray(tbs.start, tbs.end), signature: der.subarray(sig.body + 1, sig.end) };
}

export const toHex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
