/**
 * CSRF defence for every state-changing request, login included: an HttpOnly random cookie binds
 * the browser; the token is its MAC, handed out by GET /api/csrf and sent back in X-CSRF-Token.
 * A cross-site page can neither read the token nor send the header without a CORS pre-flight,
 * which we never grant. The Origin header, when present, must be our own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { randomToken, safeEqual } from '../security/tokens.js';
import { CSRF_COOKIE, readCookie, setCookie } from './cookies.js';
import { AppError } from '../shared/app-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfToken = (ctx: AppContext, binding: string) => ctx.vault.mac('csrf', binding);

/** The browser binding (from the cookie), creating and setting one when missing or when `rotate`. */
export function browserBinding(req: FastifyRequest, reply: FastifyReply, rotate = false): string {
  const existing = rotate ? undefined : readCookie(req, CSRF_COOKIE);
  if (existing) return existing;
  const fresh = randomToken();
  setCookie(reply, CSRF_COOKIE, fresh, 'Strict');
  return fresh;
}

/** The admin API authenticates by bearer token only: no cookie, so nothing to forge. */
const BEARER_ONLY = '/api/admin/';

export function checkCsrf(ctx: AppContext, req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method) || req.url.startsWith(BEARER_ONLY)) return;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== ctx.config.publicOrigin) throw new AppError('csrf.invalid');
  const binding = readCookie(req, CSRF_COOKIE);
  const header = req.headers['x-csrf-token'];
  if (!binding || typeof header !== 'string' || !safeEqual(header, csrfToken(ctx, binding))) {
    throw new AppError('csrf.invalid');
  }
}

/** The browser binding that flows are tied to; without one, no flow can be this browser's. */
export function flowBinding(req: FastifyRequest): string {
  const binding = readCookie(req, CSRF_COOKIE);
  if (!binding) throw new AppError('flow.not_found');
  return binding;
}
