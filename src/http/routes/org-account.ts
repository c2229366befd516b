/** The person's side of orgs in the account centre: binding requests to answer, and 我的授权 (my authorisations). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { actingChoices } from '../../orgs/acting.js';
import { endMembership, invitationsFor, respondToInvitation } from '../../orgs/members.js';
import { clientInfo } from '../client.js';
import { assertThat } from '../errors.js';
import { requireSession } from '../session.js';
import { EmptyBody, parse } from '../validate.js';
import { IdParams } from './org-schemas.js';

export function orgAccountRoutes(app: FastifyInstance, ctx: AppContext) {
  const person = async (req: Parameters<typeof requireSession>[1], reply: Parameters<typeof requireSession>[2]) => {
    const session = await requireSession(ctx, req, reply);
    const a = await ctx.db.selectFrom('accounts').select('kind').where('id', '=', session.accountId).executeTakeFirstOrThrow();
    assertThat(a.kind === 'person', 'account.person_only');
    return session;
  };

  app.get('/api/account/org-invitations', { config: { input: {} } }, async (req, reply) => {
    const session = await person(req, reply);
    return { items: await invitationsFor(ctx, session.accountId) };
  });

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/api/account/org-invitations/:id/${answer}`, { config: { input: { params: IdParams, body: EmptyBody } } }, async (req, reply) => {
      const session = await person(req, reply);
      const { id } = parse(IdParams, req.params);
      parse(EmptyBody, req.body);
      await respondToInvitation(ctx, session.accountId, id, answer === 'accept', clientInfo(req).ip);
      return reply.status(204).send();
    });
  }

  /** 我的授权: the orgs I act for, for which systems, until when. */
  app.get('/api/account/org-authorisations', { config: { input: {} } }, async (req, reply) => {
    const session = await person(req, reply);
    return { items: await actingChoices(ctx, session.accountId) };
  });

  app.post('/api/account/org-authorisations/:id/leave', { config: { input: { params: IdParams, body: EmptyBody } } }, async (req, reply) => {
    const session = await person(req, reply);
    const { id } = parse(IdParams, req.params);
    parse(EmptyBody, req.body);
    await endMembership(ctx, { actorId: session.accountId, personId: session.accountId }, id, 'left', clientInfo(req).ip);
    return reply.status(204).send();
  });
}
