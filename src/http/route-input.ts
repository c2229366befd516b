/**
 * What a route reads from its request, declared where the route is registered
 * (`app.post(url, { config: { input: { params, body } } }, handler)`), so that the route's own zod
 * schemas can be enumerated from the app (Fastify's onRoute hook): the fuzz suite builds its valid
 * and broken requests from them (`test/integration/fuzz.test.ts`). Declaring changes nothing about
 * how a request is handled: the handler still parses with the same schemas through `parse()`, in
 * its own order (session first, then input, …).
 */
import type { z } from 'zod';

export interface RouteInput {
  /** The path parameters (`/:id`). */
  params?: z.ZodType;
  /** The query string. */
  query?: z.ZodType;
  /**
   * The body: a JSON object unless `form`. A function when the schema depends on a path parameter
   * (a real-name method's fields); undefined from it for a parameter that names nothing.
   */
  body?: z.ZodType | ((params: Record<string, string>) => z.ZodType | undefined);
  /** The body comes as application/x-www-form-urlencoded. */
  form?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's declared input; `{}` for a route that reads none. */
    input?: RouteInput;
  }
}

