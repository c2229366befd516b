/** Finding the signed-in account of a request, and signing in and out. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawBuilder } from 'kysely';
import type { AppContext } from '../context.js';
import type { EndedSession } from '../sessions/session-end.js';
import { endSessionById, resumeSession, startSessionIf, type LiveSession, type SessionInfo } from '../sessions/sessions.js';
import { tokenDigest } from '../security/tokens.js';
import { clientInfo } from './client.js';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie } from './cookies.js';
import { browserBinding } from './csrf.js';
import type { ErrorCode } from '../shared/errors.js';
import { AppError } from '../shared/app-error.js';

export async function currentSession(ctx: AppContext, req: FastifyRequest): Promise<LiveSession | undefined> {
  const token = readCookie(req, SESSION_COOKIE);
  return token ? resumeSession(ctx, token) : undefined;
}

/** The session each request required, resumed once: the route's declaration (src/http/audience.ts) and its handler share it. */
const required = new WeakMap<FastifyRequest, LiveSession>();

export async function requireSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<LiveSession> {
  const known = required.get(req);
  if (known) return known;
  const session = await currentSession(ctx, req);
  if (!session) {
    if (readCookie(req, SESSION_COOKIE)) clearCookie(reply, SESSION_COOKIE);
    throw new AppError('session.required');
  }
  required.set(req, session);
  return session;
}

/**
 * Signs in: ends any session this browser had, starts a new one, rotates the CSRF binding — in one
 * round trip. With `onlyIf` (e.g. `advanceStatement` of the login flow) none of it happens unless
 * that statement returns a row; else `refusal` is thrown. `with` (CTEs such as a login attempt's
 * record from authenticatePasswordThen) is written in the same statement either way.
 */
export async function signIn(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  accountId: string,
  methods: string[],
  opts: { onlyIf?: RawBuilder<unknown>; with?: RawBuilder<unknown>; refusal?: ErrorCode } = {},
) {
  const old = readCookie(req, SESSION_COOKIE);
  const started = await startSessionIf(ctx, accountId, methods, clientInfo(req), {
    replaces: old ? tokenDigest(old) : undefined,
    onlyIf: opts.onlyIf,
    with: opts.with,
  });
  if (!started) throw new AppError(opts.refusal ?? 'flow.wrong_state');
  setCookie(reply, SESSION_COOKIE, started.token);
  return { session: started.session, binding: browserBinding(req, reply, true) };
}

export async function signOut(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<SessionInfo | undefined> {
  const session = await currentSession(ctx, req);
  if (session) await endSessionById(ctx, session.id, 'logout');
  clearCookie(reply, SESSION_COOKIE);
  browserBinding(req, reply, true);
  if (session) {
    const ended = { sessionId: session.id, accountId: session.accountId, cookieHeader: req.headers.cookie ?? '' };
    await tellSessionEnded(ctx, ended, (err) => req.log.warn({ err }, 'logout notification failed'));
  }
  return session;
}

/**
 * Tells every protocol that a browser's Shenfen session ended by logout — here, at /cas/logout or at
 * a business system (RP-initiated logout) — so each ends its own sign-ins of that browser and tells
 * its business systems (back-channel logout, CAS single logout). Best effort: a system that does not
 * answer cannot keep the person signed in here (the protocols audit what fails).
 */
export async function tellSessionEnded(ctx: AppContext, ended: EndedSession, onError: (err: unknown) => void = () => {}): Promise<void> {
  await Promise.all([...ctx.sessionEndListeners.values()].map((listener) => listener.browserLoggedOut(ended).catch(onError)));
}
