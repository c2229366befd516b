/**
 * oidc-provider's storage in PostgreSQL: every model (sessions, grants, codes, tokens,
 * interactions) in one table, so any number of Shenfen nodes share them. Clients come from the
 * business-system registry instead. Expiry uses real time, as oidc-provider itself does.
 *
 * A model's id is the value a request presents — the `_session` cookie, the authorization code,
 * an opaque access or refresh token, the interaction's id — so, as with Shenfen's own sessions,
 * only its digest is stored (`storedId`), and the copies oidc-provider puts in payloads (`jti`, an
 * interaction's `session.cookie`) are left out: a database dump replays nothing. A grant's id is
 * never presented by anyone (other rows refer to it by `grant_id`), so it stays as it is.
 */
import { nodeCache } from '../../store/node-cache.js';
import type { AppContext } from '../../context.js';
import { clientSecretOf, findBusinessSystem } from '../../business-systems/business-systems.js';
import { clientMetadata } from './clients.js';
import { currentShenfenSession } from '../../sessions/sso-link.js';
import { tokenDigest } from '../../security/tokens.js';

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

/** Models that belong to a grant and are revoked with it. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** The id a row of `model` is stored under: the digest of the presented value (migration 0018 for older rows). */
export const storedId = (model: string, id: string): string => (model === 'Grant' ? id : tokenDigest(id));

/** The payload without the copies of the presented value (restored by `find`, which is given it). */
function withoutSecrets(payload: Payload): Payload {
  const { jti: _jti, ...rest } = payload;
  const session = rest.session as Record<string, unknown> | undefined;
  if (session && typeof session === 'object' && 'cookie' in session) {
    const { cookie: _cookie, ...kept } = session;
    rest.session = kept;
  }
  return rest;
}

export function createAdapterClass(ctx: AppContext) {
  return class PostgresAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const row = {
        payload: JSON.stringify(this.model === 'Grant' ? payload : withoutSecrets(payload)),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      // The Shenfen session the browser writing this is signed in with; a write without one (a
      // system's server at the token endpoint) keeps the link the row had.
      const shenfenSession = currentShenfenSession() ?? null;
      await ctx.db
        .insertInto('oidc_payloads')
        .values({ model: this.model, id: storedId(this.model, id), ...row, shenfen_session_id: shenfenSession })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(shenfenSession ? { ...row, shenfen_session_id: shenfenSession } : row))
        .execute();
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return findClient(ctx, id);
      const payload = await this.findBy('id', storedId(this.model, id));
      return payload && this.model !== 'Grant' ? { ...payload, jti: id } : payload;
    }

    /**
     * A session by its uid (oidc-provider reads it to check that a token's or interaction's session
     * still stands). Its id is not stored, so the instance gets a new one: only read it, never save it.
     */
    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.findBy('uid', uid);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.findBy('user_code', userCode);
    }

    private async findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      const row = await ctx.db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row || (row.expires_at && row.expires_at.getTime() <= Date.now())) return undefined;
      const payload = row.payload as Payload;
      return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
    }

    async consume(id: string): Promise<void> {
      await ctx.db.updateTable('oidc_payloads').set({ consumed_at: new Date() }).where('model', '=', this.model).where('id', '=', storedId(this.model, id)).execute();
    }

    async destroy(id: string): Promise<void> {
      await ctx.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', storedId(this.model, id)).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await ctx.db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).where('model', 'in', [...GRANTABLE]).execute();
    }
  };
}

/**
 * Client metadata is read on every token request; a few seconds of cache per node keeps that off
 * the database while a removed or changed business system still takes effect everywhere promptly.
 */
const clients = nodeCache<Payload | undefined>(5_000);

function findClient(ctx: AppContext, id: string): Promise<Payload | undefined> {
  return clients.get(ctx, id, async () => {
    const system = await findBusinessSystem(ctx, id);
    return system?.oidc ? (clientMetadata(system, await clientSecretOf(ctx, id)) as Payload) : undefined;
  });
}

/** Drops expired rows; called by housekeeping. */
export async function pruneOidcPayloads(ctx: AppContext): Promise<void> {
  await ctx.db.deleteFrom('oidc_payloads').where('expires_at', '<', new Date()).execute();
}
