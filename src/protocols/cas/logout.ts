/**
 * GET /cas/logout (spec 2.3) and single logout (2.3.3, Appendix C): ending an SSO session tells
 * every service that validated a ticket in it, by a SAML LogoutRequest POSTed to its service URL.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { signOut } from '../../http/session.js';
import { signedOutPage } from './pages.js';
import { param } from './params.js';
import { xmlEscape } from './responses.js';
import { findCasService, MAX_SERVICE_LENGTH } from './services.js';
import type { SessionEndListener } from '../../sessions/session-end.js';
import { takeEndedTickets, takeSessionTickets, type LoggedInService } from './tickets.js';

/** Each service gets this long to answer; all are told at once, so logout waits at most this. */
export const SLO_TIMEOUT_MS = 2000;

export function logoutRequestXml(ticket: string, at: Date): string {
  const id = `LR-${randomBytes(16).toString('hex')}`;
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${id}" Version="2.0" IssueInstant="${at.toISOString()}">` +
    `<saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>${xmlEscape(ticket)}</samlp:SessionIndex></samlp:LogoutRequest>`
  );
}

async function notify(ctx: AppContext, target: LoggedInService): Promise<void> {
  const res = await fetch(target.service, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logoutRequest: logoutRequestXml(target.ticket, ctx.clock.now()) }).toString(),
    // A registered service URL may redirect anywhere; we only ever talk to the URL itself.
    redirect: 'manual',
    signal: AbortSignal.timeout(SLO_TIMEOUT_MS),
  });
  await res.body?.cancel();
  // Delivered is any 2xx or 3xx: mod_auth_cas and many frameworks answer the POST with a redirect
  // once they have ended the session; the redirect itself is never followed.
  if (res.status < 200 || res.status >= 400) throw new Error(`HTTP ${res.status}`);
}

/**
 * Single logout for an SSO session that has just ended: every service that validated a ticket in
 * it gets a LogoutRequest, in parallel, best effort (failures are audited, never thrown). Each
 * ticket is taken once, so calling this twice for a session notifies nobody twice.
 * CAS's session-end listener runs it, so every logout through `signOut` does.
 */
export async function casSingleLogout(ctx: AppContext, sessionId: string): Promise<{ notified: number; failed: number }> {
  return sendCasLogouts(ctx, await takeSessionTickets(ctx, sessionId));
}

/**
 * Sends each service its LogoutRequest, in parallel, best effort: a failure is audited and never
 * thrown. For tickets already taken from the store (`takeSessionTickets`, or `takeEndedTickets`
 * inside a transaction that ended the sessions).
 */
export async function sendCasLogouts(ctx: AppContext, targets: LoggedInService[]): Promise<{ notified: number; failed: number }> {
  if (targets.length === 0) return { notified: 0, failed: 0 };
  const results = await Promise.allSettled(targets.map((t) => notify(ctx, t)));
  let failed = 0;
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') continue;
    failed += 1;
    const t = targets[i]!;
    const url = new URL(t.service);
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: t.accountId,
      event: 'cas.single_logout',
      result: 'failure',
      subject: t.systemId,
      detail: { service: url.origin + url.pathname, error: String((r.reason as Error)?.message ?? r.reason).slice(0, 200) },
    });
  }
  const notified = targets.length - failed;
  if (notified > 0) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: targets[0]!.accountId, event: 'cas.single_logout', result: 'success', detail: { notified, systems: [...new Set(targets.map((t) => t.systemId))] } });
  }
  return { notified, failed };
}

/**
 * CAS's session-end listener (src/sessions/session-end.ts): sessions that end lose their tickets,
 * and the services that validated one get single logout.
 */
export function casSessionEndListener(ctx: AppContext): SessionEndListener<LoggedInService> {
  return {
    take: (db, which) => takeEndedTickets(ctx, db, which),
    send: async (targets) => {
      await sendCasLogouts(ctx, targets);
    },
    browserLoggedOut: async ({ sessionId }) => {
      await casSingleLogout(ctx, sessionId);
    },
  };
}

export async function casLogout(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  // signOut tells every session-end listener, CAS single logout among them.
  const session = await signOut(ctx, req, reply);
  if (session) await audit(ctx.db, { at: ctx.clock.now(), actor: session.accountId, event: 'cas.logout', result: 'success', ip: req.ip });
  // The CAS 2.0 `url` parameter is ignored, as 3.0 demands; `service` only if registered.
  const raw = param(req.query, 'service', MAX_SERVICE_LENGTH);
  const found = raw ? await findCasService(ctx, raw) : undefined;
  if (found) return reply.redirect(found.service);
  return reply.status(200).type('text/html; charset=utf-8').send(signedOutPage());
}
