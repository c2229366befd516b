/** Security headers on every response: Fastify's hook sets them, and the raw OIDC path (src/protocols/oidc/routes.ts) too. */
import type { ServerResponse } from 'node:http';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const SECURITY_HEADERS = {
  ...COMMON,
  // Ant Design writes its CSS at run time, hence 'unsafe-inline' for styles only.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/**
 * For oidc-provider's responses: the same, with a policy that still lets its form_post response
 * (an inline script posting to the business system's registered redirect URI) work.
 */
const OIDC_HEADERS = Object.entries({ ...COMMON, 'content-security-policy': "frame-ancestors 'none'; base-uri 'none'; object-src 'none'" });

export function setOidcSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of OIDC_HEADERS) res.setHeader(name, value);
}
