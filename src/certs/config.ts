/** The `certs` block of the configuration (issue 15, docs/certificates.md). */
import { z } from 'zod';

export interface CertConfig {
  /**
   * When a certificate's revocation cannot be checked (no CRL configured, none at its distribution
   * point, or the fetch failed): `refuse` (default, with a message saying so) or `allow` (sign in,
   * audited as unchecked).
   */
  uncheckedRevocation: 'refuse' | 'allow';
  /** Fetching CRLs from distribution points (http only; after the chain is trusted). */
  crlFetch: { enabled: boolean; timeoutMs: number; maxBytes: number };
  /** Seconds a login or binding challenge may wait for its signature (≤ 120). */
  challengeSeconds: number;
  /**
   * Orgs registered before this instant sign in with a certificate whose USCC is theirs without a
   * binding (seed 004: '2022年6月8日前已参保的单位请直接操作第四步'); unset: every org binds first.
   */
  orgsDirectBefore: Date | undefined;
  /**
   * Reverse-proxy mode (docs/certificates.md): the addresses of the TLS-terminating proxies (nginx
   * with client certificates) whose `X-SSL-Client-Cert` header is read. Empty (default): the header
   * is never read, whoever sends it.
   */
  proxyFrom: string[];
}

const CertEnv = z.object({
  SHENFEN_CERT_UNCHECKED_REVOCATION: z.enum(['refuse', 'allow']).default('refuse'),
  SHENFEN_CERT_CRL_FETCH: z.enum(['true', 'false']).default('true'),
  SHENFEN_CERT_CRL_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
  SHENFEN_CERT_CRL_MAX_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(10_000_000),
  SHENFEN_CERT_CHALLENGE_SECONDS: z.coerce.number().int().min(10).max(120).default(120),
  SHENFEN_CERT_PROXY_FROM: z.string().default(''),
  SHENFEN_CERT_ORGS_DIRECT_BEFORE: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

export function certConfig(env: NodeJS.ProcessEnv): CertConfig {
  const parsed = CertEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    uncheckedRevocation: e.SHENFEN_CERT_UNCHECKED_REVOCATION,
    crlFetch: { enabled: e.SHENFEN_CERT_CRL_FETCH === 'true', timeoutMs: e.SHENFEN_CERT_CRL_TIMEOUT_MS, maxBytes: e.SHENFEN_CERT_CRL_MAX_BYTES },
    challengeSeconds: e.SHENFEN_CERT_CHALLENGE_SECONDS,
    orgsDirectBefore: e.SHENFEN_CERT_ORGS_DIRECT_BEFORE ? new Date(e.SHENFEN_CERT_ORGS_DIRECT_BEFORE) : undefined,
    proxyFrom: e.SHENFEN_CERT_PROXY_FROM.split(',').map((a) => a.trim()).filter(Boolean),
  };
}
