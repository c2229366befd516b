/** Real-name verification in the account centre: the '我要升级' list and one route for every method. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assuranceLevel } from '../../accounts/accounts.js';
import type { AppContext } from '../../context.js';
import { verifiedMethods } from '../../methods/realname/evidence.js';
import { REAL_NAME_METHODS } from '../../methods/realname/index.js';
import { verifyRealName } from '../../methods/realname/verify.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { parse } from '../validate.js';

const MethodParams = z.strictObject({ method: z.string().max(32) });

export function realNameRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/account/real-name', async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const [level, verified, person] = await Promise.all([
      assuranceLevel(ctx, session.accountId),
      verifiedMethods(ctx, session.accountId),
      ctx.db.selectFrom('persons').select('id_type').where('account_id', '=', session.accountId).executeTakeFirst(),
    ]);
    return {
      assuranceLevel: level,
      methods: REAL_NAME_METHODS.map((m) => {
        const v = verified.get(m.id);
        return {
          id: m.id,
          level: m.level,
          // A person registered by phone has no ID yet: methods that take a resident ID can add one.
          applicable: person !== undefined && m.idTypes.includes(person.id_type ?? 'resident_id'),
          status: v ? 'verified' : 'not_verified',
          ...(v ? { verifiedAt: v.verifiedAt.toISOString(), expiresAt: v.expiresAt?.toISOString() ?? null } : {}),
        };
      }),
    };
  });

  app.post('/api/account/real-name/:method', async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { method } = parse(MethodParams, req.params);
    return verifyRealName(ctx, session.accountId, method, req.body, clientInfo(req).ip ?? 'unknown');
  });
}
