/**
 * HTTP enterprise-registry connector: the same signed JSON protocol as the real-name bridge
 * (docs/connectors.md: HMAC-SHA256 over method, path, timestamp, nonce and body hash; signed
 * responses echo the nonce). Also the bridge side, for a local bridge and the tests.
 */
import { HEADER, parseOutcome, postSigned, signResponse, verifySignedRequest, type SignedClientOptions, type VerifyOptions } from '../realname/signing.js';
import { ENTERPRISE_OUTCOMES, type EnterpriseCheckInput, type EnterpriseRegistry } from './registry.js';

export const ENTERPRISE_CHECK_PATH = '/v1/enterprise/check';

export type HttpEnterpriseOptions = SignedClientOptions;

/** Any failure to get a well-signed, well-formed answer is `unavailable`; POSTs are never retried. */
export function createHttpEnterpriseRegistry(opts: HttpEnterpriseOptions): EnterpriseRegistry {
  const source = `http:${new URL(opts.baseUrl).host}`;
  return {
    async checkOrg(input) {
      const payload = { uscc: input.uscc, name: input.name, legalRepName: input.legalRepName, legalRepIdNumber: input.legalRepIdNumber };
      return parseOutcome(await postSigned(opts, ENTERPRISE_CHECK_PATH, payload), ENTERPRISE_OUTCOMES) ?? { outcome: 'unavailable', source };
    },
  };
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
