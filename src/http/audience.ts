/**
 * Every API route declares whom it serves, and one hook enforces it (SECURITY.md, Authorization):
 *
 *   app.post('/api/account/nickname', { config: { serves: ['person'], input: { body: NicknameBody } } }, handler)
 *
 * - `public`: anyone, signed in or not (sign-in and self-service flows, meta);
 * - `person`: a person's session (also while acting for an org);
 * - `org`: the org account's session, or a person's acting for an org (the org centre, which then
 *   checks the person's role there);
 * - `staff`: a person with the service-hall staff role;
 * - `admin`: an admin client's bearer token (src/http/admin-auth.ts).
 *
 * Without a session: 401 session.required. With one of another kind: 403 with the code that names
 * what the route needs (its first kind: account.person_only, org.choose_required, staff.required),
 * or the route's own `refusal` (`config: { serves: ['person'], refusal: 'qr.person_only' }`). The
 * same `config` declares what the route reads (`input`, src/http/route-input.ts) and what it answers
 * (`output`, src/http/route-output.ts). An `/api` route without a declaration stops the server at start-up.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import type { LiveSession } from '../sessions/sessions.js';
import type { ErrorCode } from '../shared/errors.js';
import { requireAdmin } from './admin-auth.js';
import { AppError } from '../shared/app-error.js';
import { requireSession } from './session.js';

export type Audience = 'public' | 'person' | 'org' | 'staff' | 'admin';
export const AUDIENCES: readonly Audience[] = ['public', 'person', 'org', 'staff', 'admin'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Whom the route serves (src/http/audience.ts). */
    serves?: readonly Audience[];
    /** The code a session of another kind gets, when the route has a better one than the default. */
    refusal?: ErrorCode;
  }
}

const DEFAULT_REFUSAL: Record<Exclude<Audience, 'public' | 'admin'>, ErrorCode> = {
  person: 'account.person_only',
  org: 'org.choose_required',
  staff: 'staff.required',
};

/** The kinds a live session counts as. */
export function kindsOf(session: LiveSession): Set<Audience> {
  const kinds = new Set<Audience>([session.accountKind]);
  if (session.staff) kinds.add('staff');
  if (session.actingFor) kinds.add('org');
  return kinds;
}

export interface DeclaredRoute {
  method: string;
  url: string;
  serves: readonly Audience[] | undefined;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route the app registered, with its declaration (for the test that none under /api lacks one). */
export const declaredRoutes = (app: FastifyInstance): readonly DeclaredRoute[] => declared.get(app) ?? [];

function check(route: RouteOptions): void {
  const kinds = route.config?.serves;
  if (!route.url.startsWith('/api/')) return;
  if (!kinds?.length || kinds.some((k) => !AUDIENCES.includes(k))) throw new Error(`${String(route.method)} ${route.url} must declare whom it serves (src/http/audience.ts)`);
  if (kinds.length > 1 && (kinds.includes('public') || kinds.includes('admin'))) throw new Error(`${String(route.method)} ${route.url}: 'public' and 'admin' stand alone`);
}

/** Installs the declaration check (at registration) and its enforcement (before every handler). Call before registering routes. */
export function enforceAudiences(app: FastifyInstance, ctx: AppContext): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook('onRoute', (route) => {
    check(route);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, serves: route.config?.serves });
  });
  app.addHook('preHandler', async (req, reply) => {
    const kinds = req.routeOptions.config.serves;
    if (!kinds || kinds[0] === 'public') return;
    if (kinds[0] === 'admin') {
      adminClients.set(req, await requireAdmin(ctx, req));
      return;
    }
    const session = await requireSession(ctx, req, reply);
    const held = kindsOf(session);
    if (kinds.some((k) => held.has(k))) return;
    throw new AppError(req.routeOptions.config.refusal ?? DEFAULT_REFUSAL[kinds[0] as keyof typeof DEFAULT_REFUSAL]);
  });
}

const adminClients = new WeakMap<FastifyRequest, string>();

/** The admin client a route declared for `admin` serves. */
export function adminClientOf(req: FastifyRequest): string {
  const client = adminClients.get(req);
  if (!client) throw new AppError('admin.unauthorized');
  return client;
}
