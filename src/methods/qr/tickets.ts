/**
 * 扫码登录 (QR login) tickets. The login page of a computer asks for a ticket on its login flow and
 * shows it as a QR code; a phone signed in to the platform scans it (the phone is told which
 * computer, from where, for which service), then confirms or cancels; the computer's next poll
 * signs it in, once. Only the SHA-256 of the ticket's secret is stored (256 random bits), the
 * ticket lives two minutes, belongs to one login flow (so to the browser that showed it), and
 * every step is one conditional UPDATE, so no step can be skipped or done twice.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Flow } from '../../flows/flow.js';
import { AppError } from '../../shared/app-error.js';
import { findCasService } from '../../protocols/cas/services.js';
import { storedId } from '../../protocols/oidc/adapter.js';
import { OIDC_PATH } from '../../protocols/oidc/provider.js';
import { checkHit, hitStatement, type PendingHit } from '../../security/rate-limit.js';
import { newId, randomToken, tokenDigest } from '../../security/tokens.js';
import type { QrTicketState } from '../../store/schema.js';
import { describeDevice, type Device } from './device.js';

/** How long a ticket can be scanned, approved and used (SECURITY.md: at most two minutes). */
export const QR_TICKET_SECONDS = 120;

/** What the phone shows when the computer was not on its way to a business system. */
export const PLATFORM_SERVICE = '身份统一认证平台';

/** The path of the phone's page for a ticket; the QR code holds the public origin + this. */
export const QR_PAGE_PATH = '/m/qr/';

/** What a ticket's secret looks like (randomToken: 43 base64url characters). */
export const QR_SECRET = /^[A-Za-z0-9_-]{43}$/;

const seconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/**
 * The business system the computer was going to, from the login page's `next` (the SPA only
 * follows /oidc/… and /cas/… paths): a CAS service's system, or the OIDC interaction's client.
 */
export async function serviceOf(ctx: AppContext, next: string | undefined): Promise<string> {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return PLATFORM_SERVICE;
  let url: URL;
  try {
    url = new URL(next, 'http://localhost');
  } catch {
    return PLATFORM_SERVICE;
  }
  if (url.pathname === '/cas/login') {
    const service = url.searchParams.get('service');
    const found = service ? await findCasService(ctx, service) : undefined;
    return found?.system.name ?? PLATFORM_SERVICE;
  }
  const interaction = new RegExp(`^${OIDC_PATH}/interaction/([A-Za-z0-9_-]{1,64})$`).exec(url.pathname);
  if (interaction) {
    const row = await sql<{ name: string }>`
      select b.name from oidc_payloads p join business_systems b on b.id = p.payload->'params'->>'client_id'
      where p.model = 'Interaction' and p.id = ${storedId('Interaction', interaction[1]!)}`.execute(ctx.db);
    return row.rows[0]?.name ?? PLATFORM_SERVICE;
  }
  return PLATFORM_SERVICE;
}

export interface IssuedTicket {
  secret: string;
  expiresAt: Date;
}

/** A new ticket for the login flow; the flow's previous ticket, if any, stops working. */
export async function issueQrTicket(
  ctx: AppContext,
  flowId: string,
  desktop: { ip: string | null; userAgent: string | null },
  service: string,
): Promise<IssuedTicket> {
  const secret = randomToken();
  const now = ctx.clock.now();
  const expiresAt = seconds(now, QR_TICKET_SECONDS);
  const row = {
    id: newId(),
    secret_hash: tokenDigest(secret),
    flow_id: flowId,
    state: 'pending' as const,
    desktop_ip: desktop.ip,
    desktop_user_agent: desktop.userAgent,
    service,
    account_id: null,
    created_at: now,
    expires_at: expiresAt,
    scanned_at: null,
    approved_at: null,
    used_at: null,
  };
  const { flow_id: _, ...replacement } = row;
  await ctx.db
    .insertInto('qr_tickets')
    .values(row)
    .onConflict((oc) => oc.column('flow_id').doUpdateSet(replacement))
    .execute();
  return { secret, expiresAt };
}

/** What a poll of the computer finds, read in one statement. */
export interface PollResult {
  /** The flow is this browser's login flow, unexpired (else undefined: say why with loadFlow). */
  flow?: Flow;
  /** The flow's ticket as the computer may know it; undefined when it never asked for one. */
  ticket?: { id: string; state: QrTicketState; accountId: string | null };
}

/**
 * The computer's poll: counts the rate-limit hit and reads its flow and ticket in one statement.
 * A ticket found pending or scanned past its expiry is marked expired in the same statement.
 */
export async function pollQrTicket(ctx: AppContext, flowId: string, bindingDigest: string, gate: PendingHit): Promise<PollResult> {
  const now = ctx.clock.now();
  const res = await sql<{
    count: number;
    flow_id: string | null;
    flow_state: string | null;
    flow_data: object | null;
    flow_expires_at: Date | null;
    ticket_id: string | null;
    ticket_state: QrTicketState | null;
    expires_at: Date | null;
    account_id: string | null;
  }>`
    with rl as (${hitStatement(gate)}),
    f as (
      select id, state, data, expires_at from flows
      where id = ${flowId}::uuid and kind = 'login' and browser_binding = ${bindingDigest} and expires_at > ${now}::timestamptz
        and (select count from rl) <= ${gate.max}::int),
    t as (select q.id, q.state, q.expires_at, q.account_id from qr_tickets q join f on q.flow_id = f.id),
    lapsed as (
      update qr_tickets set state = 'expired'
      where id = (select id from t) and state in ('pending', 'scanned', 'approved') and expires_at <= ${now}::timestamptz)
    select rl.count, f.id as flow_id, f.state as flow_state, f.data as flow_data, f.expires_at as flow_expires_at, t.id as ticket_id, t.state as ticket_state, t.expires_at, t.account_id
    from rl left join f on true left join t on true`.execute(ctx.db);
  const row = res.rows[0]!;
  checkHit(gate, row.count);
  if (!row.flow_id) return {};
  const flow = { id: row.flow_id, kind: 'login', state: row.flow_state!, data: row.flow_data ?? {}, expiresAt: new Date(row.flow_expires_at!) };
  if (!row.ticket_id) return { flow };
  const live = new Date(row.expires_at!) > now;
  const lapses = row.ticket_state === 'pending' || row.ticket_state === 'scanned' || row.ticket_state === 'approved';
  return { flow, ticket: { id: row.ticket_id, state: lapses && !live ? 'expired' : row.ticket_state!, accountId: row.account_id } };
}

/**
 * The CTE `qr_used` that uses up an approved ticket (approved, unexpired, its approver still an
 * active person), for the sign-in's completion statement: the flow step and the attempt's record
 * wait for it (Pass.consumes), so a ticket signs in once.
 */
export const QR_USED = 'qr_used';
export const useTicketCte = (ctx: AppContext, ticketId: string) => {
  const now = ctx.clock.now();
  return sql`${sql.id(QR_USED)} as (
    update qr_tickets q set state = 'used', used_at = ${now}::timestamptz
    where q.id = ${ticketId}::uuid and q.state = 'approved' and q.expires_at > ${now}::timestamptz
      and exists (select 1 from accounts a where a.id = q.account_id and a.kind = 'person' and a.status = 'active')
    returning q.id)`;
};

/** What the phone shows before the person confirms. */
export interface TicketDetails {
  device: Device;
  /** The computer's IP address (no geolocation database here: the address is the place). */
  ip: string | null;
  service: string;
  /** When the computer showed the code. */
  createdAt: Date;
  expiresAt: Date;
}

type PhoneAction = 'scan' | 'confirm' | 'cancel';

const TRANSITIONS: Record<PhoneAction, { from: QrTicketState[]; to: QrTicketState; stamp: 'scanned_at' | 'approved_at' | null }> = {
  // Scanning again (the page reloaded) is fine for the one who scanned first.
  scan: { from: ['pending', 'scanned'], to: 'scanned', stamp: 'scanned_at' },
  confirm: { from: ['scanned'], to: 'approved', stamp: 'approved_at' },
  cancel: { from: ['pending', 'scanned'], to: 'cancelled', stamp: null },
};

/**
 * The phone's step on a ticket, with its audit row, in one statement. Only an active person
 * account that is not locked may act; after the scan, only the account that scanned. An unknown,
 * expired, used or otherwise-moved ticket answers qr.invalid, whichever it is.
 */
export async function phoneStep(
  ctx: AppContext,
  action: PhoneAction,
  secret: string,
  accountId: string,
  ip: string | null,
): Promise<TicketDetails> {
  const now = ctx.clock.now();
  const step = TRANSITIONS[action];
  const found = await sql<{ kind: 'person' | 'org'; status: string; locked: boolean }>`
    select a.kind, a.status,
      exists (select 1 from login_guards g where g.key = ${`account:${accountId}`} and g.locked_until > ${now}::timestamptz) as locked
    from accounts a where a.id = ${accountId}::uuid`.execute(ctx.db);
  const me = found.rows[0];
  if (me?.kind === 'org') throw new AppError('qr.person_only');
  if (!me || me.status !== 'active' || me.locked) throw new AppError('qr.account_unusable');
  const account = { id: accountId };
  const res = await sql<{ id: string; desktop_ip: string | null; desktop_user_agent: string | null; service: string; created_at: Date; expires_at: Date }>`
    with moved as (
      update qr_tickets set state = ${step.to},
        account_id = ${account.id}::uuid
        ${step.stamp ? sql`, ${sql.ref(step.stamp)} = ${now}::timestamptz` : sql``}
      where secret_hash = ${tokenDigest(secret)} and state in (${sql.join(step.from)}) and expires_at > ${now}::timestamptz
        and (account_id is null or account_id = ${account.id}::uuid)
      returning id, desktop_ip, desktop_user_agent, service, created_at, expires_at),
    logged as (
      insert into audit_log (at, actor, event, result, ip, subject, detail)
      select ${now}::timestamptz, ${account.id}, ${`qr.${action}`}, 'success', ${ip}::text, id::text, jsonb_build_object('service', service)
      from moved)
    select * from moved`.execute(ctx.db);
  const row = res.rows[0];
  if (!row) {
    await ctx.db
      .insertInto('audit_log')
      .values({ at: now, actor: account.id, event: `qr.${action}`, result: 'failure', ip, subject: null, detail: JSON.stringify({ reason: 'qr.invalid' }) })
      .execute();
    throw new AppError('qr.invalid');
  }
  return {
    device: describeDevice(row.desktop_user_agent),
    ip: row.desktop_ip,
    service: row.service,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

/** Tickets a day past their expiry go (the flow's own clean-up takes them too). */
export async function pruneQrTickets(ctx: AppContext, cutoff: Date): Promise<void> {
  await ctx.db.deleteFrom('qr_tickets').where('expires_at', '<', cutoff).execute();
}
