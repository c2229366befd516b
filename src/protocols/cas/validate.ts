/**
 * Service ticket validation, shared by /validate (1.0), /serviceValidate and /proxyValidate (2.0)
 * and their /p3 forms (3.0, with attributes). The first attempt with a well-formed ticket consumes
 * it, whatever the outcome (spec 3.1.1); only a successful one is remembered for single logout.
 */
import { accountSummary } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskPhone } from '../../domain/index.js';
import { param, flag } from './params.js';
import type { Attributes, CasErrorCode, Outcome } from './responses.js';
import { MAX_SERVICE_LENGTH, normaliseService } from './services.js';
import { casOrgAttributes } from '../../orgs/sso.js';
import { grantDecision } from '../../orgs/grants.js';
import { consumeTicket, discardTicket, keepForLogout, SERVICE_TICKET, type ConsumedTicket } from './tickets.js';

export type CasVersion = 1 | 2 | 3;

/**
 * The names attributes had before they were released in camelCase. A name with an underscore
 * reaches a service behind Apache (mod_auth_cas) as a `CAS-assurance_level` header, which Apache
 * 2.4 drops before CGI and most frameworks see it; camelCase is also what CAS servers commonly
 * release. The old names are released beside the new ones until LEGACY_NAMES_UNTIL (docs/sso.md).
 */
const LEGACY_NAMES: ReadonlyMap<string, string> = new Map([
  ['assuranceLevel', 'assurance_level'],
  ['accountKind', 'account_kind'],
  ['phoneMasked', 'phone_masked'],
  ['orgUscc', 'org_uscc'],
  ['orgName', 'org_name'],
  ['orgRole', 'org_role'],
  ['actingForOrg', 'acting_for_org'],
  ['orgSsCode', 'org_ss_code'],
]);
/** From this instant (2027-07-01 00:00 China Standard Time) only the camelCase names are released. */
export const LEGACY_NAMES_UNTIL = new Date('2027-06-30T16:00:00Z');

/** The attributes, followed until LEGACY_NAMES_UNTIL by a copy of each renamed one under its old name. */
export function withLegacyNames(attributes: Attributes, now: Date): Attributes {
  if (now >= LEGACY_NAMES_UNTIL) return attributes;
  const legacy = attributes.flatMap(([name, value]): Attributes => {
    const old = LEGACY_NAMES.get(name);
    return old ? [[old, value]] : [];
  });
  return [...attributes, ...legacy];
}

/** Longest ticket we look at: the spec recommends clients accept 256 characters. */
const MAX_TICKET_LENGTH = 256;

const fail = (code: CasErrorCode, description: string): Outcome => ({ ok: false, code, description });

/** Validates the ticket named in `query`; audits the attempt. Never throws for bad input. */
export async function validateServiceTicket(ctx: AppContext, query: unknown, version: CasVersion, ip: string | null): Promise<Outcome> {
  const ticket = param(query, 'ticket', MAX_TICKET_LENGTH);
  if (!ticket) return fail('INVALID_REQUEST', "'service' and 'ticket' parameters are both required");
  if (!SERVICE_TICKET.test(ticket)) {
    const proxy = /^PG?T-/.test(ticket);
    return fail('INVALID_TICKET_SPEC', proxy ? 'Proxy tickets are not accepted here: only service tickets (ST-) are' : 'This is not a service ticket');
  }
  const consumed = await consumeTicket(ctx, ticket);
  const outcome = await judge(ctx, query, version, ticket, consumed);
  if (consumed) await (outcome.ok ? keepForLogout(ctx, ticket) : discardTicket(ctx, ticket));
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: consumed?.accountId ?? 'anonymous',
    event: outcome.ok ? 'cas.ticket_validated' : 'cas.ticket_failed',
    result: outcome.ok ? 'success' : 'failure',
    ip,
    subject: consumed?.systemId ?? null,
    detail: { version, ...(outcome.ok ? {} : { code: outcome.code }) },
  });
  return outcome;
}

async function judge(ctx: AppContext, query: unknown, version: CasVersion, ticket: string, t: ConsumedTicket | undefined): Promise<Outcome> {
  const service = param(query, 'service', MAX_SERVICE_LENGTH);
  if (service === undefined) return fail('INVALID_REQUEST', "'service' and 'ticket' parameters are both required");
  if (!t) return fail('INVALID_TICKET', `Ticket ${ticket} not recognized`);
  if (t.expired) return fail('INVALID_TICKET', `Ticket ${ticket} has expired`);
  if (service === null || normaliseService(service) !== t.service) {
    return fail('INVALID_SERVICE', `Ticket ${ticket} was not issued for this service`);
  }
  if (flag(param(query, 'renew', 16)) && !t.renewed) {
    return fail('INVALID_TICKET', `Ticket ${ticket} did not come from a new login, and renew was requested`);
  }
  const who = await signedIn(ctx, t, version === 3);
  if (!who) return fail('INVALID_TICKET', `Ticket ${ticket} belongs to a single sign-on session that has ended`);
  // No business system may proxy yet; per 2.5.4 a failed PGT issuance fails the validation.
  if (version > 1 && param(query, 'pgtUrl', MAX_SERVICE_LENGTH) !== undefined) {
    return fail('UNAUTHORIZED_SERVICE_PROXY', 'This service is not authorized to perform proxy authentication');
  }
  return { ok: true, user: who.username, attributes: who.attributes };
}

/** The person behind the ticket (and the 3.0 attributes), while the SSO session that got it is alive. */
async function signedIn(ctx: AppContext, t: ConsumedTicket, withAttributes: boolean): Promise<{ username: string; attributes: Attributes } | undefined> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('persons', 'persons.account_id', 'accounts.id')
    .select(['sessions.created_at', 'sessions.auth_methods', 'sessions.acting_for', 'persons.phone_enc'])
    .where('sessions.id', '=', t.sessionId)
    .where('sessions.account_id', '=', t.accountId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.idle_expires_at', '>', now)
    .where('sessions.absolute_expires_at', '>', now)
    .where('accounts.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  // Acting for an org: the grant must still hold when the system validates (src/orgs/sso.ts).
  if (row.acting_for && (await grantDecision(ctx, t.accountId, row.acting_for, t.systemId)) !== 'granted') return undefined;
  const account = await accountSummary(ctx, t.accountId);
  if (!withAttributes) return { username: account.username, attributes: [] };
  const attributes: Attributes = [
    // The three the schema requires, first and in this order.
    ['authenticationDate', row.created_at.toISOString()],
    ['longTermAuthenticationRequestTokenUsed', 'false'],
    ['isFromNewLogin', String(t.renewed)],
    ...row.auth_methods.map((m): [string, string] => ['authenticationMethod', m]),
    ['name', account.displayName],
    ['username', account.username],
    ['assuranceLevel', account.assuranceLevel],
    ['accountKind', account.kind],
  ];
  if (row.phone_enc) attributes.push(['phoneMasked', maskPhone(ctx.vault.decrypt(row.phone_enc))]);
  attributes.push(...(await casOrgAttributes(ctx, t.accountId, row.acting_for)));
  return { username: account.username, attributes: withLegacyNames(attributes, ctx.clock.now()) };
}
