/**
 * Acting for an org: a person signed in for themselves chooses the org they act for (several: they
 * choose). 单位登录 itself — the org's username (or USCC) + password + captcha on the login flow —
 * is the password method's `org-password` step (src/methods/password/method.ts).
 */
import { ActingState } from '../../shared/api/login.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actingChoices, setActingFor } from '../../orgs/acting.js';
import { findOrg } from '../../orgs/orgs.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { parse } from '../validate.js';
import { Uuid } from './org-schemas.js';

const ActingBody = z.strictObject({ orgId: Uuid.nullable() });

export function orgLoginRoutes(app: FastifyInstance, ctx: AppContext) {
  /** The org this session acts for (or the org signed in), and the orgs the person may choose. */
  app.get('/api/session/acting', { config: { serves: ['person', 'org'], input: {}, output: { 200: ActingState } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    if (session.accountKind === 'org') {
      const org = await findOrg(ctx, session.accountId);
      return { kind: 'org', actingFor: org ? { orgId: org.id, uscc: org.uscc, name: org.name, role: 'org' } : null, choices: [] };
    }
    const choices = await actingChoices(ctx, session.accountId);
    const current = choices.find((c) => c.orgId === session.actingFor);
    return {
      kind: 'person',
      actingFor: current ? { orgId: current.orgId, uscc: current.uscc, name: current.name, role: current.role } : null,
      choices: choices.map((c) => ({ orgId: c.orgId, uscc: c.uscc, name: c.name, role: c.role })),
    };
  });

  /** Chooses the org to act for (null: act for oneself again). */
  app.post('/api/session/acting', { config: { serves: ['person'], input: { body: ActingBody }, output: { 204: null } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { orgId } = parse(ActingBody, req.body);
    await setActingFor(ctx, session, orgId, clientInfo(req).ip);
    return reply.status(204).send();
  });
}
