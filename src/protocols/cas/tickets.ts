/** CAS service tickets: issued at /cas/login, consumed by the first validation attempt, kept for single logout. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { tokenDigest } from '../../security/tokens.js';
import type { EndedSessions } from '../../sessions/session-end.js';
import type { DB } from '../../store/db.js';

/** How long an unvalidated ticket lives; the spec recommends at most five minutes. */
export const TICKET_TTL_SECONDS = 10;

// The spec allows only A-Z a-z 0-9 and '-' in tickets (3.7) and makes clients accept 32
// characters (3.1.1): 24 base62 characters carry 142 random bits, and "ST-" + 24 fits.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_CHARS = 24;

/** What a service ticket may look like (prefix, character set, at most 256 characters). */
export const SERVICE_TICKET = /^ST-[A-Za-z0-9-]{1,253}$/;

/** A new ticket: `ST-` and 24 uniformly random base62 characters (rejection sampling, no bias). */
export function newServiceTicket(): string {
  let out = 'ST-';
  while (out.length < 3 + RANDOM_CHARS) {
    for (const b of randomBytes(32)) {
      if (b < 248 && out.length < 3 + RANDOM_CHARS) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export interface TicketGrant {
  systemId: string;
  service: string;
  accountId: string;
  sessionId: string;
  /** Issued right after the person presented primary credentials (not from an existing SSO session). */
  renewed: boolean;
}

/** Stores a new ticket (only its digest) and returns the ticket. */
export async function issueTicket(ctx: AppContext, grant: TicketGrant): Promise<string> {
  const ticket = newServiceTicket();
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('cas_tickets')
    .values({
      id: tokenDigest(ticket),
      kind: 'ST',
      business_system_id: grant.systemId,
      service: grant.service,
      account_id: grant.accountId,
      session_id: grant.sessionId,
      renewed: grant.renewed,
      created_at: now,
      expires_at: new Date(now.getTime() + TICKET_TTL_SECONDS * 1000),
    })
    .execute();
  return ticket;
}

export interface ConsumedTicket extends TicketGrant {
  expired: boolean;
}

/**
 * Marks the ticket consumed and returns what it was issued for; undefined when it is unknown or
 * was consumed before. One UPDATE, so of two concurrent attempts only one gets the ticket.
 */
export async function consumeTicket(ctx: AppContext, ticket: string): Promise<ConsumedTicket | undefined> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('cas_tickets')
    .set({ validated_at: now })
    .where('id', '=', tokenDigest(ticket))
    .where('kind', '=', 'ST')
    .where('validated_at', 'is', null)
    .returning(['business_system_id', 'service', 'account_id', 'session_id', 'renewed', 'expires_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    systemId: row.business_system_id,
    service: row.service,
    accountId: row.account_id,
    sessionId: row.session_id,
    renewed: row.renewed,
    expired: row.expires_at <= now,
  };
}

/** A successful validation: keep the ticket so single logout can name it to the service. */
export async function keepForLogout(ctx: AppContext, ticket: string): Promise<void> {
  await ctx.db.updateTable('cas_tickets').set({ ticket_enc: ctx.vault.encrypt(ticket) }).where('id', '=', tokenDigest(ticket)).execute();
}

/** A failed validation: the service never got a sign-in, so there is nothing to log out of. */
export async function discardTicket(ctx: AppContext, ticket: string): Promise<void> {
  await ctx.db.deleteFrom('cas_tickets').where('id', '=', tokenDigest(ticket)).execute();
}

export interface LoggedInService {
  systemId: string;
  accountId: string;
  service: string;
  ticket: string;
}

/** Removes every ticket of an SSO session and returns the services that validated one. */
export async function takeSessionTickets(ctx: AppContext, sessionId: string): Promise<LoggedInService[]> {
  const rows = await ctx.db
    .deleteFrom('cas_tickets')
    .where('session_id', '=', sessionId)
    .returning(['business_system_id', 'account_id', 'service', 'ticket_enc'])
    .execute();
  return rows.flatMap((r) =>
    r.ticket_enc ? [{ systemId: r.business_system_id, accountId: r.account_id, service: r.service, ticket: ctx.vault.decrypt(r.ticket_enc) }] : [],
  );
}

/**
 * Inside the transaction that ended some (`sessionIds`) or all of an account's sessions: removes
 * their tickets and returns the services that validated one (src/sessions/session-end.ts).
 */
export async function takeEndedTickets(ctx: AppContext, db: DB, which: EndedSessions): Promise<LoggedInService[]> {
  if (!which.all && !which.sessionIds?.length) return [];
  let q = db.deleteFrom('cas_tickets').where('account_id', '=', which.accountId);
  if (!which.all) q = q.where('session_id', 'in', which.sessionIds!);
  const rows = await q.returning(['business_system_id', 'account_id', 'service', 'ticket_enc']).execute();
  return rows.flatMap((r) => (r.ticket_enc ? [{ systemId: r.business_system_id, accountId: r.account_id, service: r.service, ticket: ctx.vault.decrypt(r.ticket_enc) }] : []));
}

/** Drops expired unvalidated tickets and those of sessions that are over. For the housekeeping timer. */
export async function pruneCasTickets(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('cas_tickets').where('validated_at', 'is', null).where('expires_at', '<', now).execute();
  await ctx.db
    .deleteFrom('cas_tickets')
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('sessions')
            .select(sql.lit(1).as('one'))
            .whereRef('sessions.id', '=', 'cas_tickets.session_id')
            .where('sessions.ended_at', 'is', null)
            .where('sessions.idle_expires_at', '>', now)
            .where('sessions.absolute_expires_at', '>', now),
        ),
      ),
    )
    .execute();
}
