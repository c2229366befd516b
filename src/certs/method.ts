/**
 * 数字证书登录 as a sign-in method (seed 000's 数字证书登录, seed 004's 法人登录 → 四川CA登录):
 * `cert-challenge` gives this browser's login flow a challenge; the page hands its text to the
 * certificate agent on the same computer (shenfen cert-agent), which asks for the PIN in its own
 * prompt and signs; `cert` verifies the certificate, its chain to a configured CA, the signature
 * and revocation, finds the binding by ID number or USCC, and passes — the completion statement
 * uses the challenge up with the flow step, history, audit (with the certificate's fingerprint),
 * L5 evidence and the session, once. Every refusal uses the challenge up too and is recorded.
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import { loginAttemptCtes, recordLoginAttempt } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { clientInfo } from '../http/client.js';
import { CHOOSING, loginFlowIn } from '../methods/login-flow.js';
import type { ClientInfo } from '../methods/password/authenticate.js';
import type { Method, MethodStep, Pass } from '../methods/registry.js';
import { CertChallengeIssued, CertSignIn, CertTlsSignIn } from '../shared/api/certs.js';
import { AppError } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/errors.js';
import { boundAccount, evidenceInsert, shownSubject } from './bindings.js';
import { CERT_USED, issueChallenge, liveChallenge, spendChallenge, toBeSigned, useChallengeCte } from './challenges.js';
import { verifyPresented, type CertRefusal, type Verified } from './verify.js';

export const CERT_METHOD = 'cert';

export const refusalCode = (r: CertRefusal): ErrorCode => `cert.${r}` as ErrorCode;

const challengeStep: MethodStep<undefined> = {
  name: 'cert-challenge',
  output: CertChallengeIssued,
  async run({ ctx, req, flowId }) {
    const flow = await loginFlowIn(ctx, req, flowId, 'certPerIp');
    const c = await issueChallenge(ctx, 'sign_in', { flowId: flow.id });
    return { answer: { challenge: { id: c.id, toBeSigned: toBeSigned(c), origin: c.origin, expiresAt: c.expiresAt.toISOString() } } };
  },
};

function refused(ctx: AppContext, client: ClientInfo, reason: string, fingerprint: string | null, accountId: string | null = null) {
  const at = ctx.clock.now();
  return recordLoginAttempt(
    ctx.db,
    { accountId, at, ...client, method: CERT_METHOD, result: 'failure', reason },
    { at, event: `login.${CERT_METHOD}`, result: 'failure', actor: accountId ?? 'anonymous', ip: client.ip, subject: fingerprint, detail: { method: CERT_METHOD, reason, fingerprint } },
  );
}

const signInStep: MethodStep<z.infer<typeof CertSignIn>> = {
  name: 'cert',
  body: CertSignIn,
  async run({ ctx, req, flowId, body }) {
    const flow = await loginFlowIn(ctx, req, flowId, 'certPerIp');
    const client = clientInfo(req);
    const challenge = await liveChallenge(ctx, body.challengeId, 'sign_in', { flowId: flow.id });
    if (!challenge) {
      await refused(ctx, client, 'challenge_invalid', null);
      throw new AppError('cert.challenge_invalid');
    }
    // Tried once, whatever the outcome: a refusal spends it here, a pass in the completion statement.
    const fail = async (code: ErrorCode, reason: string, fingerprint: string | null, accountId: string | null = null): Promise<never> => {
      await spendChallenge(ctx, challenge.id);
      await refused(ctx, client, reason, fingerprint, accountId);
      throw new AppError(code);
    };
    const verified = await verifyPresented(ctx, body, Buffer.from(toBeSigned(challenge), 'utf8'));
    const pass = await passFor(ctx, client, verified, body.accountKind, fail, challenge.id);
    return { pass, flow, from: CHOOSING };
  },
};

type Fail = (code: ErrorCode, reason: string, fingerprint: string | null, accountId?: string | null) => Promise<never>;

/**
 * What a verified certificate signs in as: the binding of its identity, for the account kind asked.
 * With `challengeId` the completion statement uses the challenge up first (and passes only if it did).
 */
async function passFor(ctx: AppContext, client: ClientInfo, verified: Verified, accountKind: 'person' | 'org', fail: Fail, challengeId?: string): Promise<Pass> {
  if (!verified.ok) return fail(refusalCode(verified.reason), verified.reason, verified.leaf?.fingerprint ?? null);
  const { leaf } = verified;
  if (leaf.identity.kind !== accountKind) return fail('cert.wrong_kind', `wrong_kind:${leaf.identity.kind}`, leaf.fingerprint);
  const bound = await boundAccount(ctx, leaf.identity);
  if (!bound) return fail('cert.not_bound', 'not_bound', leaf.fingerprint);
  if (bound.status !== 'active') return fail('cert.account_unusable', `account_${bound.status}`, leaf.fingerprint, bound.accountId);

  const at = ctx.clock.now();
  const detail = { method: CERT_METHOD, fingerprint: leaf.fingerprint, issuer: leaf.issuer, serial: leaf.serialHex, revocation: verified.revocation, direct: bound.bindingId === null, via: challengeId ? 'agent' : 'tls_proxy' };
  const after = challengeId ? CERT_USED : undefined;
  const waits = after ? sql` and exists (select 1 from ${sql.id(after)})` : sql``;
  const ctes = sql`${loginAttemptCtes(
    { accountId: bound.accountId, at, ...client, method: CERT_METHOD, result: 'success' },
    { at, event: `login.${CERT_METHOD}`, result: 'success', actor: bound.accountId, ip: client.ip, subject: leaf.fingerprint, detail },
    after ? { after } : {},
  )}, cert_evidence as (${evidenceInsert(ctx, bound.accountId, leaf, after)})${
    bound.bindingId
      ? sql`, cert_binding_used as (update cert_bindings set last_used_at = ${at}, fingerprint = ${leaf.fingerprint}, subject = ${shownSubject(leaf.subject)}, issuer = ${leaf.issuer}, serial = ${leaf.serialHex}, not_after = ${leaf.notAfter}
          where id = ${bound.bindingId}::uuid${waits})`
      : sql``
  }`;
  return challengeId
    ? { accountId: bound.accountId, amr: [CERT_METHOD], record: sql`${useChallengeCte(ctx, challengeId)}, ${ctes}`, consumes: CERT_USED, refusal: 'cert.challenge_invalid' }
    : { accountId: bound.accountId, amr: [CERT_METHOD], record: ctes };
}

/**
 * The client certificate a configured TLS proxy passed (nginx: `proxy_set_header X-SSL-Client-Cert
 * $ssl_client_escaped_cert`), read only when the request's socket comes from one of
 * `certs.proxyFrom` — never from X-Forwarded-For, which anyone can write.
 */
function proxiedCertificate(ctx: AppContext, req: FastifyRequest): string | undefined {
  const from = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!ctx.config.certs.proxyFrom.includes(from)) return undefined;
  const raw = req.headers['x-ssl-client-cert'];
  if (typeof raw !== 'string' || raw === '' || raw === '-') return undefined;
  try {
    const pem = decodeURIComponent(raw);
    return pem.includes('-----BEGIN CERTIFICATE-----') ? pem : undefined;
  } catch {
    return undefined;
  }
}

/** Reverse-proxy mode: the TLS handshake with the UKey proved the key; the chain, dates, revocation and binding are checked here. */
const tlsStep: MethodStep<z.infer<typeof CertTlsSignIn>> = {
  name: 'cert-tls',
  body: CertTlsSignIn,
  async run({ ctx, req, flowId, body }) {
    const flow = await loginFlowIn(ctx, req, flowId, 'certPerIp');
    const client = clientInfo(req);
    const fail: Fail = async (code, reason, fingerprint, accountId = null) => {
      await refused(ctx, client, reason, fingerprint, accountId);
      throw new AppError(code);
    };
    const pem = proxiedCertificate(ctx, req);
    if (!pem) return fail('cert.no_client_certificate', 'no_client_certificate', null);
    const verified = await verifyPresented(ctx, { certificate: pem, chain: [] }, undefined);
    return { pass: await passFor(ctx, client, verified, body.accountKind, fail), flow, from: CHOOSING };
  },
};

export const cert: Method = {
  id: CERT_METHOD,
  kind: 'signed_challenge',
  purposes: ['sign_in'],
  accountKinds: ['person', 'org'],
  // The challenge is the proof: no picture to read (like 扫码登录).
  startsWithCaptcha: false,
  steps: { sign_in: [challengeStep, signInStep, tlsStep] },
};
