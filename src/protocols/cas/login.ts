/**
 * GET /cas/login (spec 2.1): a registered service gets a ticket for the signed-in person, or the
 * browser goes to the SPA's sign-in page and comes back here. Unknown services get a page, never
 * a redirect; a person below the system's assurance level gets a page, never a ticket. Whether the
 * signed-in person may have a ticket is the access decision (src/business-systems/access.ts); this
 * only renders it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import { decideAccess } from '../../business-systems/access.js';
import type { AppContext } from '../../context.js';
import { currentSession } from '../../http/session.js';
import { isFreshLogin, sinceMarker } from './fresh-login.js';
import { levelTooLowPage } from '../level-page.js';
import { orgRefusalPage } from '../org-refusal-page.js';
import { unauthorisedServicePage } from './pages.js';
import { flag, param } from './params.js';
import { findCasService, MAX_SERVICE_LENGTH, withTicket } from './services.js';
import { issueTicket } from './tickets.js';

/** The SPA's sign-in page, returning to this /cas/login with a fresh `since` marker. */
function signInFirst(ctx: AppContext, service: string, renew: boolean): string {
  const back = `/cas/login?service=${encodeURIComponent(service)}${renew ? '&renew=true' : ''}&since=${sinceMarker(ctx, service)}`;
  // `reauth` tells the SPA not to skip the form when a session already exists.
  return `/login?next=${encodeURIComponent(back)}${renew ? '&reauth=1' : ''}`;
}

const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);

export async function casLogin(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  const raw = param(req.query, 'service', MAX_SERVICE_LENGTH);
  if (raw === undefined) return reply.redirect('/account');
  const found = raw === null ? undefined : await findCasService(ctx, raw);
  if (!found) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'cas.service_refused', result: 'failure', ip: req.ip, detail: { service: String(raw ?? '').slice(0, 256) } });
    return html(reply, 403, unauthorisedServicePage());
  }
  const { system, service } = found;
  const renew = flag(param(req.query, 'renew', 16));
  // The spec recommends ignoring gateway when renew is set.
  const gateway = !renew && flag(param(req.query, 'gateway', 16));

  const session = await currentSession(ctx, req);
  const resumeAt = `/cas/login?service=${encodeURIComponent(service)}`;
  const since = param(req.query, 'since', 64) ?? undefined;
  const decision = await decideAccess(ctx, session, {
    system,
    resumeAt,
    fresh: { required: renew, test: (s) => isFreshLogin(ctx, s, service, since) },
    protocol: 'cas',
    ip: req.ip,
  });
  switch (decision.kind) {
    // gateway promises the browser goes back to the service, with a ticket or without (never with renew).
    case 'sign_in':
      return reply.redirect(gateway ? service : signInFirst(ctx, service, renew));
    case 'level_too_low':
      return gateway ? reply.redirect(service) : html(reply, 403, levelTooLowPage(decision.shortfall));
    case 'org_refused':
      return gateway ? reply.redirect(service) : html(reply, 403, orgRefusalPage(decision.refusal));
  }
  const { account, fresh } = decision;
  const ticket = await issueTicket(ctx, { systemId: system.id, service, accountId: account.id, sessionId: decision.session.id, renewed: fresh });
  await audit(ctx.db, { at: ctx.clock.now(), actor: account.id, event: 'cas.ticket_issued', result: 'success', ip: req.ip, subject: system.id, detail: { renewed: fresh } });
  return reply.redirect(withTicket(service, ticket));
}
