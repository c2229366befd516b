/**
 * Who calls the admin JSON API: a business system named in SHENFEN_ADMIN_CLIENT_IDS presenting an
 * ES256 JWT access token for `urn:shenfen:admin` with scope `admin` (client_credentials); no
 * cookie, so no CSRF. Routes declared for `admin` (src/http/audience.ts) get the client here.
 */
import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { AppContext } from '../context.js';
import { loadSigningKeys } from '../protocols/oidc/keys.js';
import { ADMIN_RESOURCE, OIDC_PATH } from '../protocols/oidc/provider.js';
import { assertThat } from '../shared/app-error.js';

const PRIVATE_JWK_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const keySets = new WeakMap<AppContext, Promise<ReturnType<typeof createLocalJWKSet>>>();

async function publicKeys(ctx: AppContext) {
  const keys = (await loadSigningKeys(ctx)).map((k) => Object.fromEntries(Object.entries(k).filter(([f]) => !PRIVATE_JWK_FIELDS.includes(f))));
  return createLocalJWKSet({ keys } as Parameters<typeof createLocalJWKSet>[0]);
}

/** The admin client making the call; 401 admin.unauthorized for anything else. */
export async function requireAdmin(ctx: AppContext, req: FastifyRequest): Promise<string> {
  const header = req.headers.authorization;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
  assertThat(token, 'admin.unauthorized');
  let jwks = keySets.get(ctx);
  if (!jwks) {
    jwks = publicKeys(ctx);
    keySets.set(ctx, jwks);
    jwks.catch(() => keySets.delete(ctx));
  }
  const issuer = `${ctx.config.publicOrigin}${OIDC_PATH}`;
  const verified = await jwtVerify(token, await jwks, { issuer, audience: ADMIN_RESOURCE, typ: 'at+jwt', algorithms: ['ES256'] }).catch(() => undefined);
  const clientId = verified?.payload.client_id;
  const scopes = String(verified?.payload.scope ?? '').split(' ');
  assertThat(typeof clientId === 'string' && scopes.includes('admin') && ctx.config.adminClientIds.includes(clientId), 'admin.unauthorized');
  return clientId;
}
