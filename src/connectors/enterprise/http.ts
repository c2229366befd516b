/**
 * HTTP enterprise-registry connector: the same signed JSON protocol as the real-name bridge
 * (docs/connectors.md: HMAC-SHA256 over method, path, timestamp, nonce and body hash; signed
 * responses echo the nonce). Also the bridge side, for a local bridge and the tests.
 */
import type { Clock } from '../../context.js';
import { HEADER, RESPONSE_METHOD, sign, signaturesEqual, signRequest, signResponse, timestampFresh, verifySignedRequest, type VerifyOptions } from '../realname/signing.js';
import { ENTERPRISE_OUTCOMES, type EnterpriseCheckInput, type EnterpriseCheckResult, type EnterpriseOutcome, type EnterpriseRegistry } from './registry.js';

export const ENTERPRISE_CHECK_PATH = '/v1/enterprise/check';

export interface HttpEnterpriseOptions {
  baseUrl: string;
  keyId: string;
  secret: string;
  timeoutMs?: number;
  clock?: Clock;
}

/** Any failure to get a well-signed, well-formed answer is `unavailable`; POSTs are never retried. */
export function createHttpEnterpriseRegistry(opts: HttpEnterpriseOptions): EnterpriseRegistry {
  const base = new URL(opts.baseUrl);
  const path = base.pathname.replace(/\/+$/u, '') + ENTERPRISE_CHECK_PATH;
  const clock = opts.clock ?? { now: () => new Date() };
  const source = `http:${base.host}`;
  return {
    async checkOrg(input) {
      const body = JSON.stringify({ uscc: input.uscc, name: input.name, legalRepName: input.legalRepName, legalRepIdNumber: input.legalRepIdNumber });
      const headers = signRequest({ keyId: opts.keyId, secret: opts.secret, method: 'POST', path, body, now: clock.now() });
      const unavailable: EnterpriseCheckResult = { outcome: 'unavailable', source };
      try {
        const res = await fetch(new URL(path, base), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
        });
        const text = await res.text();
        if (res.status !== 200) return unavailable;
        const ts = res.headers.get(HEADER.timestamp) ?? '';
        const nonce = headers['X-Shenfen-Nonce']!;
        if (res.headers.get(HEADER.nonce) !== nonce || !timestampFresh(ts, clock.now())) return unavailable;
        if (!signaturesEqual(sign(opts.secret, RESPONSE_METHOD, path, ts, nonce, text), res.headers.get(HEADER.signature) ?? '')) return unavailable;
        return parseAnswer(JSON.parse(text) as unknown) ?? unavailable;
      } catch {
        return unavailable;
      }
    },
  };
}

function parseAnswer(json: unknown): EnterpriseCheckResult | null {
  if (typeof json !== 'object' || json === null) return null;
  const { outcome, source, reference } = json as Record<string, unknown>;
  if (!ENTERPRISE_OUTCOMES.includes(outcome as EnterpriseOutcome)) return null;
  if (typeof source !== 'string' || source.length === 0 || source.length > 100) return null;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 128)) return null;
  return { outcome: outcome as EnterpriseOutcome, source, ...(reference === undefined ? {} : { reference }) };
}

/**
 * The bridge side: verifies a signed request, asks `registry`, signs the answer. Returns the
 * status, headers and body to send (401 with no signature for requests that fail verification).
 */
export async function answerEnterpriseCheck(
  req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
  registry: EnterpriseRegistry,
  opts: VerifyOptions & { keyId: string; secret: string },
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const verified = await verifySignedRequest(req, opts);
  if (!verified.ok) return { status: 401, headers: {}, body: JSON.stringify({ error: verified.reason }) };
  let input: EnterpriseCheckInput;
  try {
    const j = JSON.parse(req.body) as Record<string, unknown>;
    if (![j.uscc, j.name, j.legalRepName, j.legalRepIdNumber].every((v) => typeof v === 'string')) throw new Error('bad');
    input = j as unknown as EnterpriseCheckInput;
  } catch {
    return { status: 400, headers: {}, body: JSON.stringify({ error: 'bad_request' }) };
  }
  const answer = await registry.checkOrg(input);
  const body = JSON.stringify(answer);
  const nonce = String(req.headers[HEADER.nonce] ?? '');
  return { status: 200, headers: signResponse({ keyId: opts.keyId, secret: opts.secret, path: req.path, requestNonce: nonce, body, now: opts.now ?? new Date() }), body };
}
