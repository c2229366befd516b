/**
 * The admin JSON API (for the coming admin console and for automation): business systems.
 * Callers authenticate as an OIDC client named in SHENFEN_ADMIN_CLIENT_IDS and present an ES256 JWT
 * access token for `urn:shenfen:admin` with scope `admin` (client_credentials), so no cookie — and
 * no CSRF — is involved. Every action goes to the audit log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { addBusinessSystem, listBusinessSystems, NewBusinessSystemSchema, removeBusinessSystem } from '../../business-systems/business-systems.js';
import type { AppContext } from '../../context.js';
import { loadSigningKeys } from '../../protocols/oidc/keys.js';
import { ADMIN_RESOURCE, OIDC_PATH } from '../../protocols/oidc/provider.js';
import { AppError, assertThat } from '../errors.js';
import { parse } from '../validate.js';

const IdParams = z.strictObject({ id: z.string().max(64) });
const PRIVATE_JWK_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  let jwks: ReturnType<typeof createLocalJWKSet> | undefined;
  const publicKeys = async () => {
    const keys = (await loadSigningKeys(ctx)).map((k) => Object.fromEntries(Object.entries(k).filter(([f]) => !PRIVATE_JWK_FIELDS.includes(f))));
    return createLocalJWKSet({ keys } as Parameters<typeof createLocalJWKSet>[0]);
  };

  /** The admin client making the call; 401 for anything else. */
  async function requireAdmin(req: FastifyRequest): Promise<string> {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    assertThat(token, 'admin.unauthorized');
    jwks ??= await publicKeys();
    const issuer = `${ctx.config.publicOrigin}${OIDC_PATH}`;
    const verified = await jwtVerify(token, jwks, { issuer, audience: ADMIN_RESOURCE, typ: 'at+jwt', algorithms: ['ES256'] }).catch(() => undefined);
    const clientId = verified?.payload.client_id;
    const scopes = String(verified?.payload.scope ?? '').split(' ');
    assertThat(typeof clientId === 'string' && scopes.includes('admin') && ctx.config.adminClientIds.includes(clientId), 'admin.unauthorized');
    return clientId;
  }

  const record = (actor: string, event: string, subject: string, ip: string) =>
    audit(ctx.db, { at: ctx.clock.now(), actor: `client:${actor}`, event, result: 'success', ip, subject });

  app.get('/api/admin/business-systems', async (req) => {
    await requireAdmin(req);
    return { items: await listBusinessSystems(ctx) };
  });

  app.post('/api/admin/business-systems', async (req, reply) => {
    const admin = await requireAdmin(req);
    const input = parse(NewBusinessSystemSchema, req.body);
    const { system, clientSecret } = await addBusinessSystem(ctx, input);
    await record(admin, 'admin.business_system.added', system.id, req.ip);
    return reply.status(201).send({ system, clientSecret });
  });

  app.delete('/api/admin/business-systems/:id', async (req, reply) => {
    const admin = await requireAdmin(req);
    const { id } = parse(IdParams, req.params);
    if (!(await removeBusinessSystem(ctx, id))) throw new AppError('request.not_found');
    await record(admin, 'admin.business_system.removed', id, req.ip);
    return reply.status(204).send();
  });
}
