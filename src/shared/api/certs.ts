/**
 * 数字证书 (issue 15): the certificate login's and the bindings' requests and answers, for the
 * server (src/certs/method.ts, src/http/routes/certs.ts) and the pages a later session builds
 * (docs/certificates.md walks through them with the agent's).
 */
import { z } from 'zod';
import { AccountKind, Instant } from './common.js';

/** The signature algorithms the agent names and the server verifies. */
export const CERT_SIGNATURE_ALGORITHMS = ['sm2-sm3', 'rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pkcs1-sha512', 'rsa-pss', 'ecdsa-sha256', 'ecdsa-sha384', 'ecdsa-sha512'] as const;

/** A certificate as the agent sends it: base64 DER (a few KB) or PEM. */
const CertificateText = z.string('cert.bad_certificate').min(100, 'cert.bad_certificate').max(16_384, 'cert.bad_certificate');

/** A challenge to sign: `toBeSigned` is the exact UTF-8 text the agent signs (it names the origin and the nonce). */
export const CertChallenge = z.strictObject({ id: z.uuid(), toBeSigned: z.string(), origin: z.string(), expiresAt: Instant });
/** POST /api/flows/login/:id/cert-challenge and POST /api/account/certs/challenge. */
export const CertChallengeIssued = z.strictObject({ challenge: CertChallenge });

/** What the agent's signature brings: the certificate, the intermediates on the token, the algorithm, the signature (base64). */
export const CertSignature = z.strictObject({
  challengeId: z.uuid('cert.challenge_invalid'),
  certificate: CertificateText,
  chain: z.array(CertificateText).max(5, 'cert.bad_certificate').default([]),
  algorithm: z.enum(CERT_SIGNATURE_ALGORITHMS, 'cert.unsupported'),
  signature: z.string('cert.bad_signature').min(16, 'cert.bad_signature').max(2048, 'cert.bad_signature').regex(/^[A-Za-z0-9+/]+={0,2}$/, 'cert.bad_signature'),
});
/** POST /api/flows/login/:id/cert: 个人 数字证书登录 (`person`) or 法人登录 → CA登录 (`org`). Answers SignedIn. */
export const CertSignIn = CertSignature.extend({ accountKind: AccountKind });

/** POST /api/flows/login/:id/cert-tls: reverse-proxy mode, the certificate the TLS proxy verified (no challenge: the TLS handshake proved the key). */
export const CertTlsSignIn = z.strictObject({ accountKind: AccountKind });

/** One bound certificate, as 证书管理 lists it (no key, no ID number: the subject as the CA wrote it). */
export const CertBinding = z.strictObject({
  id: z.uuid(),
  kind: AccountKind,
  subject: z.string(),
  issuer: z.string(),
  serial: z.string(),
  fingerprint: z.string(),
  notAfter: Instant,
  via: z.enum(['online', 'counter']),
  ssCode: z.string().nullable(),
  boundAt: Instant,
  lastUsedAt: Instant.nullable(),
});
/** GET /api/account/certs. `expiringSoon`: bindings whose certificate expires within 30 days (the page warns). */
export const CertBindings = z.strictObject({ bindings: z.array(CertBinding), expiringSoon: z.array(z.uuid()) });
/** POST /api/account/certs: bind the certificate that signed the account's binding challenge (optionally for one social-security code). */
export const CertBind = CertSignature.extend({ ssCode: z.string().max(32, 'cert.ss_code_unknown').optional() });
export const CertBound = z.strictObject({ binding: CertBinding });
/** POST /api/staff/certs/bind: 现场绑定 at the counter — the certificate (read from the UKey there), no signature. */
export const CertCounterBind = z.strictObject({
  accountKind: AccountKind,
  certificate: CertificateText,
  chain: z.array(CertificateText).max(5, 'cert.bad_certificate').default([]),
  ssCode: z.string().max(32, 'cert.ss_code_unknown').optional(),
  /** The staff member checked the clerk's ID card original and the UKey (seed 004: 携带身份证原件及CA证书UKey). */
  documentChecked: z.literal(true, 'request.invalid'),
});
export const CertUnbound = z.strictObject({ unbound: z.literal(true) });
