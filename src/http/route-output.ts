/**
 * What a route answers, declared beside what it reads
 * (`app.get(url, { config: { serves, input, output: { 200: Schema } } }, handler)`), with the shapes
 * in src/shared/api/ that the SPA takes its types from — one source for both sides (logto's
 * `koaGuard({ response, status })`).
 *
 * In development and test (`config.mode === 'development'`) every /api answer is checked against
 * its declaration as it leaves: a 2xx or 3xx status the route does not declare, or a body that does
 * not match, is logged and answered 500 server.internal instead — so every test that calls a route
 * checks its declaration. Error answers (4xx, 5xx) are checked against the one ErrorBody. An /api
 * route that declares no output stops the server at start-up, like one that declares no audience
 * (src/http/audience.ts). In production nothing is installed: the check costs nothing there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { RouteOutput } from '../shared/api/common.js';
import { ErrorBody } from '../shared/api/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answers per status: a schema of the JSON body, or null for none (204, redirects). */
    output?: RouteOutput;
  }
}

/** Why an answer does not match its route's declaration, or undefined when it does. */
export function outputMismatch(output: RouteOutput | undefined, status: number, payload: unknown, contentType?: string): string | undefined {
  const schema: z.ZodType | null | undefined = status >= 400 ? ErrorBody : output?.[status];
  if (schema === undefined) return `status ${status} is not declared`;
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
  if (text === undefined) return `the body is not JSON text (${typeof payload})`;
  if (schema === null) return text === '' ? undefined : 'a body where none is declared';
  // A text answer (figures.csv): its schema checks the text itself.
  if (status < 400 && contentType?.startsWith('text/')) return schema.safeParse(text).success ? undefined : 'the text does not match its declaration';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  const res = schema.safeParse(body);
  if (res.success) return undefined;
  return res.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** `METHOD /url` of a route, one per method. */
const keysOf = (route: RouteOptions): string[] => [route.method].flat().map((m) => `${m} ${route.url}`);

/**
 * Installs the declaration check (at registration) and, in development and test, the check of
 * every answer. Call before registering routes.
 */
export function enforceOutputs(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.mode !== 'development') return;
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.config?.output) return;
    if (keysOf(route).every((k) => k.startsWith('HEAD '))) return;
    throw new Error(`${keysOf(route).join(', ')} must declare what it answers: config.output (src/http/route-output.ts)`);
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // HEAD answers carry the GET's headers only.
    if (req.method === 'HEAD' || !req.url.startsWith('/api/')) return payload;
    const output = req.routeOptions.config?.output;
    // No route matched (404): its error body is still checked.
    if (!output && reply.statusCode < 400) return payload;
    const mismatch = outputMismatch(output, reply.statusCode, payload, String(reply.getHeader('content-type') ?? ''));
    if (mismatch === undefined) return payload;
    const where = `${req.method} ${req.routeOptions.url ?? req.url} → ${reply.statusCode}`;
    req.log.error({ route: where, mismatch }, 'answer does not match the route’s declared output');
    // Tests run without a logger: say it where the test run shows it.
    if (!app.log.level || app.log.level === 'silent') console.error(`[route-output] ${where}: ${mismatch}`);
    throw new Error(`${where}: the answer does not match config.output (${mismatch})`);
  });
}
