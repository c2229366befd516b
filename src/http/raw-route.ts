/**
 * A route answered before Fastify sees the request. Its own module, so that the protocols that
 * add one (src/protocols/oidc/routes.ts) and the app that runs them (src/http/app.ts) do not
 * import each other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers a request before Fastify sees it, or returns false to leave it to Fastify. The OIDC
 * endpoints use one: oidc-provider does its own routing, body parsing and errors, so Fastify's
 * request lifecycle around it was pure overhead on every token request.
 */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => boolean;
