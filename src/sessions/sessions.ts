/** Server-side sessions in PostgreSQL: random token in an HttpOnly cookie, its digest in the table. */
import { sql, type RawBuilder } from 'kysely';
import { addMinutes, type AppContext } from '../context.js';
import { randomToken, tokenDigest } from '../security/tokens.js';
import { endTimedOutSessions } from './logout-fanout.js';

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

/** A session resumed from its cookie, with who holds it: what routes are declared for (src/http/audience.ts). */
export interface LiveSession extends SessionInfo {
  accountKind: 'person' | 'org';
  /** Service-hall staff (`shenfen staff grant`). */
  staff: boolean;
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
  return (await startSessionIf(ctx, accountId, authMethods, client, {}))!;
}

/**
 * Starts a new session in one round trip with what must go with it: `replaces` (the session this
 * browser had) is ended as 'replaced', and with `onlyIf` — a statement returning a row when it did
 * its work, such as a flow moving to its next state — nothing happens unless it did (undefined).
 * `with` adds CTEs that are written whatever `onlyIf` does (a login attempt's record).
 */
export async function startSessionIf(
  ctx: AppContext,
  accountId: string,
  authMethods: string[],
  client: { ip: string | null; userAgent: string | null },
  opts: { replaces?: string | undefined; onlyIf?: RawBuilder<unknown> | undefined; with?: RawBuilder<unknown> | undefined },
): Promise<NewSession | undefined> {
  const now = ctx.clock.now();
  const token = randomToken();
  const row = {
    id: tokenDigest(token),
    account_id: accountId,
    auth_methods: JSON.stringify(authMethods),
    created_at: now,
    last_seen_at: now,
    // The idle deadline never passes the absolute one (housekeeping finds timed-out sessions by the idle deadline).
    idle_expires_at: addMinutes(now, Math.min(ctx.config.session.idleMinutes, ctx.config.session.absoluteHours * 60)),
    absolute_expires_at: addMinutes(now, ctx.config.session.absoluteHours * 60),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 512) ?? null,
  };
  if (!opts.replaces && !opts.onlyIf && !opts.with) {
    await ctx.db.insertInto('sessions').values(row).execute();
  } else {
    const res = await sql<{ id: string }>`
      with ${opts.with ? sql`${opts.with},` : sql``}
      step as (${opts.onlyIf ?? sql`select 1`}),
      ended as (
        update sessions set ended_at = ${now}::timestamptz, end_reason = 'replaced'
        where id = ${opts.replaces ?? null}::text and ended_at is null and exists (select 1 from step))
      insert into sessions (id, account_id, auth_methods, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent)
      select ${row.id}::text, ${row.account_id}::uuid, ${row.auth_methods}::jsonb, ${now}::timestamptz, ${now}::timestamptz,
        ${row.idle_expires_at}::timestamptz, ${row.absolute_expires_at}::timestamptz, ${row.ip}::text, ${row.user_agent}::text
      where exists (select 1 from step)
      returning id`.execute(ctx.db);
    if (res.rows.length === 0) return undefined;
  }
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
export async function resumeSession(ctx: AppContext, token: string): Promise<LiveSession | undefined> {
  const now = ctx.clock.now();
  const id = tokenDigest(token);
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('staff_roles', 'staff_roles.account_id', 'sessions.account_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.created_at',
      'sessions.idle_expires_at',
      'sessions.absolute_expires_at',
      'sessions.auth_methods',
      'sessions.acting_for',
      'accounts.status',
      'accounts.kind',
      'staff_roles.role',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status !== 'active') {
    await endSessionById(ctx, id, 'account_inactive');
    return undefined;
  }
  if (row.idle_expires_at <= now || row.absolute_expires_at <= now) {
    // Timed out: ended with its single sign-on; the business systems are told without this request waiting.
    const { notify } = await endTimedOutSessions(ctx, { sessionId: id });
    void notify();
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
    accountKind: row.kind,
    staff: row.role === 'staff',
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
