/** The origin of links the platform hands out (e-mail activation links, the QR login page). */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { ErrorCode } from '../shared/errors.js';
import { AppError } from './errors.js';

/**
 * The configured public origin. Only in development, without one, the request's own origin
 * (SECURITY.md: links are never built from the Host header in production); else `unavailable`.
 */
export function linkOrigin(ctx: AppContext, req: FastifyRequest, unavailable: ErrorCode): string {
  if (ctx.config.publicOrigin) return new URL(ctx.config.publicOrigin).origin;
  if (ctx.config.mode === 'development') return `${req.protocol}://${req.host}`;
  throw new AppError(unavailable);
}
