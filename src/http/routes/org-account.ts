/** The person's side of orgs in the account centre: binding requests to answer, and 我的授权 (my authorisations). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { actingChoices } from '../../orgs/acting.js';
import { endMembership, invitationsFor, respondToInvitation } from '../../orgs/members.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { EmptyBody, parse } from '../validate.js';
import { IdParams } from './org-schemas.js';
import { Authorisations, OrgInvitations } from '../../shared/api/account.js';

export function orgAccountRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/account/org-invitations', { config: { serves: ['person'], input: {}, output: { 200: OrgInvitations } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { items: await invitationsFor(ctx, session.accountId) };
  });

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/api/account/org-invitations/:id/${answer}`, { config: { serves: ['person'], input: { params: IdParams, body: EmptyBody }, output: { 204: null } } }, async (req, reply) => {
      const session = await requireSession(ctx, req, reply);
      const { id } = parse(IdParams, req.params);
      parse(EmptyBody, req.body);
      await respondToInvitation(ctx, session.accountId, id, answer === 'accept', clientInfo(req).ip);
      return reply.status(204).send();
    });
  }

  /** 我的授权: the orgs I act for, for which systems, until when. */
  app.get('/api/account/org-authorisations', { config: { serves: ['person'], input: {}, output: { 200: Authorisations } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { items: await actingChoices(ctx, session.accountId) };
  });

  app.post('/api/account/org-authorisations/:id/leave', { config: { serves: ['person'], input: { params: IdParams, body: EmptyBody }, output: { 204: null } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(IdParams, req.params);
    parse(EmptyBody, req.body);
    await endMembership(ctx, { actorId: session.accountId, personId: session.accountId }, id, 'left', clientInfo(req).ip);
    return reply.status(204).send();
  });
}
