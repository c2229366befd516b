/**
 * The retiree's session (issue 14): not a Shenfen account session — a row of its own
 * (pension_sessions) behind its own HttpOnly cookie, ended after `pension.sessionIdleMinutes` idle
 * (30) or 12 hours. The row holds the cookie's sha256 only. CSRF is the API's (src/http/csrf.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { addMinutes } from '../context.js';
import { clearCookie, readCookie, setCookie } from '../http/cookies.js';
import { AppError } from '../shared/app-error.js';
import { randomToken, tokenDigest } from '../security/tokens.js';
import { RETIREE_COLUMNS, type RetireeRow } from './registry.js';

/** The cookie: `__Host-` (Secure, Path=/, no Domain) like the API's others, SameSite=Lax. */
export const PENSION_COOKIE = '__Host-sf_pension';
const ABSOLUTE_HOURS = 12;

export interface RetireeSession {
  /** The row's id (the cookie's digest): the face attempts of this session are bound to it. */
  id: string;
  retiree: RetireeRow;
}

/** A new session for the retiree (a new random id: no fixation); this browser's previous one ends. */
export async function startRetireeSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, retireeId: string, ip: string | null): Promise<void> {
  const old = readCookie(req, PENSION_COOKIE);
  if (old) await ctx.db.deleteFrom('pension_sessions').where('id', '=', tokenDigest(old)).execute();
  const token = randomToken();
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('pension_sessions')
    .values({ id: tokenDigest(token), retiree_id: retireeId, created_at: now, idle_expires_at: addMinutes(now, ctx.config.pension.sessionIdleMinutes), absolute_expires_at: addMinutes(now, ABSOLUTE_HOURS * 60), ip })
    .execute();
  setCookie(reply, PENSION_COOKIE, token, 'Lax');
}

/** The live session of this browser and its retiree (its idle end moved on), or null. */
export async function currentRetiree(ctx: AppContext, req: FastifyRequest): Promise<RetireeSession | null> {
  const token = readCookie(req, PENSION_COOKIE);
  if (!token) return null;
  const now = ctx.clock.now();
  const id = tokenDigest(token);
  const touched = await ctx.db
    .updateTable('pension_sessions')
    .set({ idle_expires_at: addMinutes(now, ctx.config.pension.sessionIdleMinutes) })
    .where('id', '=', id)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .returning('retiree_id')
    .executeTakeFirst();
  if (!touched) return null;
  const retiree = await ctx.db.selectFrom('pension_retirees').select(RETIREE_COLUMNS).where('id', '=', touched.retiree_id).executeTakeFirst();
  return retiree ? { id, retiree } : null;
}

/** The session, or 401 pension.signed_out. */
export async function requireRetiree(ctx: AppContext, req: FastifyRequest): Promise<RetireeSession> {
  const s = await currentRetiree(ctx, req);
  if (!s) throw new AppError('pension.signed_out');
  return s;
}

/** 【退出】: the row goes, the cookie is cleared. */
export async function endRetireeSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  const token = readCookie(req, PENSION_COOKIE);
  clearCookie(reply, PENSION_COOKIE);
  if (!token) return null;
  const row = await ctx.db.deleteFrom('pension_sessions').where('id', '=', tokenDigest(token)).returning('retiree_id').executeTakeFirst();
  return row?.retiree_id ?? null;
}

/** Housekeeping: sessions past their idle or absolute end. */
export async function pruneRetireeSessions(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const res = await ctx.db.deleteFrom('pension_sessions').where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)])).executeTakeFirst();
  return Number(res.numDeletedRows);
}
