/**
 * The admin JSON API (for the coming admin console and for automation): business systems.
 * Callers authenticate as an OIDC client named in SHENFEN_ADMIN_CLIENT_IDS with an ES256 JWT access
 * token (src/http/admin-auth.ts), so no cookie — and no CSRF — is involved. Every action goes to the
 * audit log.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { addBusinessSystem, listBusinessSystems, NewBusinessSystemSchema, removeBusinessSystem } from '../../business-systems/business-systems.js';
import type { AppContext } from '../../context.js';
import { adminClientOf } from '../audience.js';
import { AppError } from '../../shared/app-error.js';
import { parse } from '../validate.js';
import { BusinessSystemAdded, BusinessSystems } from '../../shared/api/admin.js';

const IdParams = z.strictObject({ id: z.string().max(64) });

export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const record = (actor: string, event: string, subject: string, ip: string) =>
    audit(ctx.db, { at: ctx.clock.now(), actor: `client:${actor}`, event, result: 'success', ip, subject });

  // The admin client is checked by the route's declaration (src/http/audience.ts, src/http/admin-auth.ts).
  app.get('/api/admin/business-systems', { config: { serves: ['admin'], input: {}, output: { 200: BusinessSystems } } }, async () => {
    return { items: await listBusinessSystems(ctx) };
  });

  app.post('/api/admin/business-systems', { config: { serves: ['admin'], input: { body: NewBusinessSystemSchema }, output: { 201: BusinessSystemAdded } } }, async (req, reply) => {
    const admin = adminClientOf(req);
    const input = parse(NewBusinessSystemSchema, req.body);
    const { system, clientSecret } = await addBusinessSystem(ctx, input);
    await record(admin, 'admin.business_system.added', system.id, req.ip);
    return reply.status(201).send({ system, clientSecret });
  });

  app.delete('/api/admin/business-systems/:id', { config: { serves: ['admin'], input: { params: IdParams }, output: { 204: null } } }, async (req, reply) => {
    const admin = adminClientOf(req);
    const { id } = parse(IdParams, req.params);
    if (!(await removeBusinessSystem(ctx, id))) throw new AppError('request.not_found');
    await record(admin, 'admin.business_system.removed', id, req.ip);
    return reply.status(204).send();
  });
}
