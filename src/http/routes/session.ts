/** Session, account centre and meta routes. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accountSummary, personProfile } from '../../accounts/accounts.js';
import { audit, loginHistory } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { ID_TYPE_LABELS, ID_TYPES } from '../../domain/index.js';
import { browserBinding, csrfToken } from '../csrf.js';
import { requireSession, signOut } from '../session.js';
import { clientInfo } from '../client.js';
import { parse } from '../validate.js';
import { loginMethods, sessionView } from './login.js';
import { CsrfAnswer, LoginHistory, Meta, ProfileAnswer, SessionInfo } from '../../shared/api/session.js';

const HistoryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export function sessionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/csrf', { config: { serves: ['public'], input: {}, output: { 200: CsrfAnswer } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return { csrfToken: csrfToken(ctx, browserBinding(req, reply)) };
  });

  app.get('/api/meta', { config: { serves: ['public'], input: {}, output: { 200: Meta } } }, async () => ({
    profile: ctx.config.profile,
    loginMethods: loginMethods(ctx.methods),
    registration: { person: ctx.config.registrationStyles.length > 0, org: true, personStyles: ctx.config.registrationStyles, check: ctx.config.registrationCheck },
    idTypes: ID_TYPES.map((value) => ({ value, label: ID_TYPE_LABELS[value] })),
    // What the help pages (常见问题知识库) tell about 账户被锁定: wrong tries before the lock, and its minutes.
    lockout: { maxFailures: ctx.config.lockout.maxFailures, lockMinutes: ctx.config.lockout.lockMinutes },
  }));

  app.get('/api/session', { config: { serves: ['person', 'org'], input: {}, output: { 200: SessionInfo } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { account: await accountSummary(ctx, session.accountId), session: sessionView(session) };
  });

  app.post('/api/session/logout', { config: { serves: ['public'], input: {}, output: { 204: null } } }, async (req, reply) => {
    const session = await signOut(ctx, req, reply);
    if (session) {
      await audit(ctx.db, { at: ctx.clock.now(), actor: session.accountId, event: 'logout', result: 'success', ip: clientInfo(req).ip });
    }
    return reply.status(204).send();
  });

  app.get('/api/account/profile', { config: { serves: ['person'], input: {}, output: { 200: ProfileAnswer } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { profile: await personProfile(ctx, session.accountId) };
  });

  app.get('/api/account/login-history', { config: { serves: ['person', 'org'], input: { query: HistoryQuery }, output: { 200: LoginHistory } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { limit } = parse(HistoryQuery, req.query);
    const rows = await loginHistory(ctx.db, session.accountId, limit);
    return {
      items: rows.map((r) => ({ at: r.at.toISOString(), ip: r.ip, userAgent: r.user_agent, method: r.method, result: r.result })),
    };
  });
}
