/**
 * What a certificate login or binding checks, in this order: the certificate and the chain it came
 * with parse; the chain reaches a configured anchor (chain.ts: dates, key usage, signatures); the
 * signature over the challenge verifies with the certificate's key; only then revocation
 * (revocation.ts), which may fetch a CRL. Each refusal names its reason for the person's message.
 */
import type { AppContext } from '../context.js';
import { schemeByName, UnsupportedAlgorithm, verifyWith } from './algorithms.js';
import { loadAnchors } from './anchors.js';
import { buildChain } from './chain.js';
import { BadCertificate, parseCertificate, type ParsedCertificate } from './certificate.js';
import { checkRevocation, type CrlFetcher } from './revocation.js';

export type CertRefusal = 'bad_certificate' | 'unsupported' | 'expired' | 'not_yet_valid' | 'unknown_ca' | 'key_usage' | 'bad_signature' | 'revoked' | 'revocation_unknown';

export interface Presented {
  /** The signer's certificate and the intermediates the agent sent with it (base64 DER or PEM). */
  certificate: string;
  chain: readonly string[];
  /** With a signature over the challenge (login, online binding); without, the certificate alone (现场绑定). */
  algorithm?: string;
  /** base64 of the signature over `data`. */
  signature?: string;
}

export type Verified =
  | { ok: true; leaf: ParsedCertificate; path: ParsedCertificate[]; revocation: 'good' | 'unchecked' }
  | { ok: false; reason: CertRefusal; leaf?: ParsedCertificate; detail?: string };

const decode = (s: string) => (s.includes('-----BEGIN') ? s : new Uint8Array(Buffer.from(s, 'base64')));

/** Verifies the certificate (and with `data` the signature over it by the certificate's key). */
export async function verifyPresented(ctx: AppContext, p: Presented, data: Uint8Array | undefined, fetcher?: CrlFetcher): Promise<Verified> {
  let leaf: ParsedCertificate;
  let chain: ParsedCertificate[];
  try {
    leaf = parseCertificate(decode(p.certificate));
    chain = p.chain.map((c) => parseCertificate(decode(c)));
  } catch (err) {
    if (err instanceof UnsupportedAlgorithm) return { ok: false, reason: 'unsupported', detail: err.message };
    if (err instanceof BadCertificate) return { ok: false, reason: 'bad_certificate', detail: err.message };
    throw err;
  }
  const built = buildChain(leaf, chain, await loadAnchors(ctx), ctx.clock.now());
  if (!built.ok) return { ok: false, reason: built.reason, leaf };
  if (data) try {
    if (!p.algorithm || !p.signature) return { ok: false, reason: 'bad_signature', leaf };
    if (!verifyWith(leaf.publicKey, schemeByName(p.algorithm), data, Buffer.from(p.signature, 'base64'))) return { ok: false, reason: 'bad_signature', leaf };
  } catch (err) {
    if (err instanceof UnsupportedAlgorithm) return { ok: false, reason: 'unsupported', leaf, detail: err.message };
    throw err;
  }
  const revocation = await checkRevocation(ctx, built.path, fetcher);
  if (revocation.status === 'revoked') return { ok: false, reason: 'revoked', leaf };
  if (revocation.status === 'unknown') {
    if (ctx.config.certs.uncheckedRevocation === 'refuse') return { ok: false, reason: 'revocation_unknown', leaf, detail: revocation.why };
    return { ok: true, leaf, path: built.path, revocation: 'unchecked' };
  }
  return { ok: true, leaf, path: built.path, revocation: 'good' };
}
