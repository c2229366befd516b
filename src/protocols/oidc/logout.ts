/**
 * When a Shenfen session ends, end the OIDC session of the same browser too and send back-channel
 * logout tokens to the business systems that asked for them (OpenID Connect Back-Channel Logout 1.0).
 * Other browsers of the same person keep their sessions.
 */
import { sql } from 'kysely';
import type Provider from 'oidc-provider';
import type { AppContext } from '../../context.js';

type LogoutCapable = { backchannelLogout(sub: string, sid: string): Promise<void> };

/** oidc-provider's session id: the value of its `_session` cookie. */
const opSessionId = (cookieHeader: string) => /(?:^|;\s*)_session=([^;]+)/.exec(cookieHeader)?.[1];

export async function endOidcSessions(ctx: AppContext, provider: Provider, accountId: string, cookieHeader: string): Promise<number> {
  const id = opSessionId(cookieHeader);
  if (!id) return 0;
  const rows = await ctx.db
    .selectFrom('oidc_payloads')
    .select(['id', 'payload'])
    .where('model', '=', 'Session')
    .where('id', '=', id)
    // A person acting for an org has the subject `<person>:<org>` (src/orgs/subject.ts).
    .where((eb) => eb.or([eb(sql<string>`payload->>'accountId'`, '=', accountId), eb(sql<string>`payload->>'accountId'`, 'like', `${accountId}:%`)]))
    .execute();
  let sent = 0;
  for (const row of rows) {
    const authorizations = (row.payload.authorizations ?? {}) as Record<string, { sid?: string }>;
    for (const [clientId, auth] of Object.entries(authorizations)) {
      const client = await provider.Client.find(clientId);
      if (!client?.backchannelLogoutUri) continue;
      await (client as unknown as LogoutCapable).backchannelLogout(accountId, auth.sid ?? '');
      sent++;
    }
    await ctx.db.deleteFrom('oidc_payloads').where('model', '=', 'Session').where('id', '=', row.id).execute();
  }
  return sent;
}
