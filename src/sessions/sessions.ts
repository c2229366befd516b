/** Server-side sessions in PostgreSQL: random token in an HttpOnly cookie, its digest in the table. */
import { addMinutes, type AppContext } from '../context.js';
import { randomToken, tokenDigest } from '../security/tokens.js';

export interface SessionInfo {
  id: string;
  accountId: string;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  authMethods: string[];
  /** The org the person acts for in this session (src/orgs/acting.ts), or null. */
  actingFor: string | null;
}

export interface NewSession {
  token: string;
  session: SessionInfo;
}

/** Starts a new session (a new id at every login: no fixation). */
export async function startSession(
  ctx: AppContext,
  accountId: string,
  authMethods: string[],
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const now = ctx.clock.now();
  const token = randomToken();
  const row = {
    id: tokenDigest(token),
    account_id: accountId,
    auth_methods: JSON.stringify(authMethods),
    created_at: now,
    last_seen_at: now,
    idle_expires_at: addMinutes(now, ctx.config.session.idleMinutes),
    absolute_expires_at: addMinutes(now, ctx.config.session.absoluteHours * 60),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 512) ?? null,
  };
  await ctx.db.insertInto('sessions').values(row).execute();
  return {
    token,
    session: {
      id: row.id,
      accountId,
      createdAt: now,
      idleExpiresAt: row.idle_expires_at,
      absoluteExpiresAt: row.absolute_expires_at,
      authMethods,
      actingFor: null,
    },
  };
}

/**
 * The live session for a token, with its idle deadline pushed forward; undefined when unknown,
 * ended or past either timeout (an expired session is ended on the server there and then).
 */
export async function resumeSession(ctx: AppContext, token: string): Promise<SessionInfo | undefined> {
  const now = ctx.clock.now();
  const id = tokenDigest(token);
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.created_at',
      'sessions.idle_expires_at',
      'sessions.absolute_expires_at',
      'sessions.auth_methods',
      'sessions.acting_for',
      'accounts.status',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status !== 'active' || row.idle_expires_at <= now || row.absolute_expires_at <= now) {
    const reason = row.status !== 'active' ? 'account_inactive' : row.absolute_expires_at <= now ? 'absolute_timeout' : 'idle_timeout';
    await endSessionById(ctx, id, reason);
    return undefined;
  }
  const idle = addMinutes(now, ctx.config.session.idleMinutes);
  const idleExpiresAt = idle < row.absolute_expires_at ? idle : row.absolute_expires_at;
  await ctx.db.updateTable('sessions').set({ last_seen_at: now, idle_expires_at: idleExpiresAt }).where('id', '=', id).execute();
  return {
    id,
    accountId: row.account_id,
    createdAt: row.created_at,
    idleExpiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
    authMethods: row.auth_methods,
    actingFor: row.acting_for,
  };
}

export async function endSessionById(ctx: AppContext, id: string, reason: string): Promise<void> {
  await ctx.db
    .updateTable('sessions')
    .set({ ended_at: ctx.clock.now(), end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of an account (password change, deactivation, reset). */
export async function endAllSessions(ctx: AppContext, accountId: string, reason: string): Promise<number> {
  const res = await ctx.db
    .updateTable('sessions')
    .set({ ended_at: ctx.clock.now(), end_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
