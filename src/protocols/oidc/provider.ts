/**
 * The OpenID Provider: oidc-provider configured for Shenfen. Sign-in is handed to our own login
 * flow through the interaction API; accounts, claims and assurance levels come from our store.
 */
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { apiClientsOf } from '../../business-systems/business-systems.js';
import { acrFor } from '../../business-systems/access.js';
import type { IncomingMessage } from 'node:http';
import { endSessionById, resumeSession } from '../../sessions/sessions.js';
import { tellSessionEnded } from '../../http/session.js';
import { tokenDigest } from '../../security/tokens.js';
import { SESSION_COOKIE } from '../../http/cookies.js';
import { accountSummary } from '../../accounts/accounts.js';
import type { AppContext } from '../../context.js';
import { createAdapterClass } from './adapter.js';
import { refuseControlCharacters } from './control-characters.js';
import { nodeCache } from '../../store/node-cache.js';
import { loadSigningKeys } from './keys.js';
import { EXTERNAL_SIGNING_FEATURE, LocalSigningKey } from './signing-key.js';
import { escapeHtml, page } from '../../http/pages.js';
import { actingAllowed, orgClaims } from '../../orgs/sso.js';
import { sessionSubject } from '../../orgs/subject.js';
import { withShenfenSession } from '../../sessions/sso-link.js';

/** Who may hold tokens for `urn:shenfen:api:<id>` (undefined: no such system), read on every token request for it. */
const apiAudiences = nodeCache<string[] | undefined>(5_000);

export const OIDC_PATH = '/oidc';

/** The resource indicator of a business system's API. */
export const apiResource = (businessSystemId: string) => `urn:shenfen:api:${businessSystemId}`;
const RESOURCE = /^urn:shenfen:api:([a-z][a-z0-9_-]{2,63})$/;
/** The admin API (business-system registry, later the console) as a resource. */
export const ADMIN_RESOURCE = 'urn:shenfen:admin';

const ACR_VALUES = (['L1', 'L2', 'L3', 'L4', 'L5'] as const).map(acrFor);

async function claimsOf(ctx: AppContext, accountId: string) {
  const row = await ctx.db
    .selectFrom('accounts')
    .leftJoin('persons', 'persons.account_id', 'accounts.id')
    .select(['accounts.status', 'persons.phone_enc', 'persons.phone_verified_at'])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return undefined;
  const summary = await accountSummary(ctx, accountId);
  return {
    name: summary.displayName,
    preferred_username: summary.username,
    assurance_level: summary.assuranceLevel,
    account_kind: summary.kind,
    ...(row.phone_enc ? { phone_number: ctx.vault.decrypt(row.phone_enc), phone_number_verified: row.phone_verified_at !== null } : {}),
  };
}

/** The Shenfen session token in a raw request's cookies. */
const SESSION_TOKEN = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{16,128})`);
function sessionToken(req: IncomingMessage): string | undefined {
  const cookie = req.headers.cookie;
  return cookie ? SESSION_TOKEN.exec(cookie)?.[1] : undefined;
}

/**
 * Our session is the SSO session: oidc-provider's own session only counts while the Shenfen
 * session of the same account is alive, so logging out of Shenfen logs out of every system.
 */
function policy(ctx: AppContext) {
  const base = interactionPolicy.base();
  base.get('login')!.checks.add(
    new interactionPolicy.Check('shenfen_session', 'The Shenfen sign-in has ended', async (koa) => {
      const token = sessionToken(koa.req);
      const live = token ? await resumeSession(ctx, token) : undefined;
      // Acting for an org also needs a live grant for this system (src/orgs/sso.ts); without one, the interaction says why.
      const ok = live && sessionSubject(live) === koa.oidc.session?.accountId && (await actingAllowed(ctx, live, koa.oidc.client?.clientId));
      return ok ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
    0,
  );
  return base;
}

/** A provider signing with `keys` (by default, the keys in the store now). */
export async function createProvider(ctx: AppContext, issuer: string, keys?: Record<string, unknown>[]): Promise<Provider> {
  const jwks = { keys: (keys ?? (await loadSigningKeys(ctx))).map((jwk) => new LocalSigningKey(jwk)) };
  const configuration: Configuration = {
    adapter: createAdapterClass(ctx) as unknown as Configuration['adapter'],
    jwks,
    cookies: { keys: [ctx.vault.mac('oidc-cookies', 'v1')], long: { signed: true }, short: { signed: true } },
    async findAccount(koa, sub) {
      // A person acting for an org (sub `<person>:<org>`) needs a live grant for this client (src/orgs/sso.ts).
      // At authorization the session's account must load (the login check above asks again); tokens and userinfo enforce the grant.
      const loadingSession = koa.oidc?.route === 'authorization' || koa.oidc?.route === 'resume';
      const org = await orgClaims(ctx, sub, koa.oidc?.client?.clientId, !loadingSession);
      if (!org) return undefined;
      const claims = await claimsOf(ctx, org.accountId);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims, ...org.extra }) };
    },
    claims: {
      // acr (the assurance level at sign-in), amr and auth_time go in every ID token.
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'preferred_username', 'account_kind', 'org', 'org_role', 'acting_person'],
      org: ['org', 'org_role', 'acting_person'],
      phone: ['phone_number', 'phone_number_verified'],
      assurance: ['assurance_level'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'phone', 'assurance', 'api', 'admin', 'org'],
    acrValues: ACR_VALUES,
    subjectTypes: ['public', 'pairwise'],
    async pairwiseIdentifier(_oidc, accountId, client) {
      return ctx.vault.mac('oidc-pairwise', `${client.sectorIdentifier ?? client.clientId}:${accountId}`);
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      // Keys signed with through node:crypto directly (src/protocols/oidc/signing-key.ts).
      externalSigningSupport: EXTERNAL_SIGNING_FEATURE,
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      // APIs of business systems are resources `urn:shenfen:api:<id>`; their access tokens are ES256 JWTs.
      resourceIndicators: {
        enabled: true,
        defaultResource: (_koa, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => false,
        async getResourceServerInfo(_koa, resource, client) {
          if (resource === ADMIN_RESOURCE) {
            // Only the clients named in SHENFEN_ADMIN_CLIENT_IDS may hold admin tokens.
            if (!ctx.config.adminClientIds.includes(client.clientId)) throw new errors.InvalidTarget();
            return { scope: 'admin', audience: ADMIN_RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign: { alg: 'ES256' } } };
          }
          // A system's API audience only for the system itself and the systems it allows (apiClients).
          const id = RESOURCE.exec(resource)?.[1];
          const allowed = id ? await apiAudiences.get(ctx, id, () => apiClientsOf(ctx, id)) : undefined;
          if (!allowed?.includes(client.clientId)) throw new errors.InvalidTarget();
          return { scope: 'api', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'ES256' } } };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(koa, form) {
          koa.body = page(
            '退出登录',
            `<h1>退出登录</h1><p>是否退出身份统一认证平台？退出后，所有业务系统都需要重新登录。</p>${form}
<button form="op.logoutForm" value="yes" name="logout">确认退出</button><button form="op.logoutForm" class="secondary">取消</button>`,
          );
        },
        async postLogoutSuccessSource(koa) {
          koa.body = page('已退出', '<h1>您已安全退出</h1><p><a class="button" href="/login">重新登录</a></p>');
        },
      },
    },
    extraClientMetadata: { properties: ['urn:shenfen:min_level', 'urn:shenfen:first_party'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256', 'RS256'], userinfoSigningAlgValues: ['ES256', 'RS256'] },
    rotateRefreshToken: true,
    // Outgoing requests only go to URLs an administrator registered (back-channel logout);
    // business systems often sit on private intranet addresses, which the default SSRF guard refuses.
    fetch: (url, options) => {
      const { dispatcher: _guard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    ttl: {
      AuthorizationCode: ctx.config.oidcCodeTtlSeconds,
      AccessToken: 600,
      ClientCredentials: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      RefreshToken: 12 * 3600,
    },
    interactions: { policy: policy(ctx), url: (_koa, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}` },
    async renderError(koa: KoaContextWithOIDC, out) {
      koa.type = 'html';
      koa.body = page(
        '无法完成登录',
        `<h1>无法完成登录</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p><p><a class="button" href="/login">返回登录</a></p>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = ctx.config.trustProxy;
  provider.use(refuseControlCharacters);
  // What the provider writes for a browser is linked to the browser's Shenfen session (src/sessions/sso-link.ts).
  provider.use((koa, next) => {
    const token = sessionToken(koa.req);
    return withShenfenSession(token ? tokenDigest(token) : undefined, next);
  });
  // A path or method the provider has no route for (POST /auth: HTTP POST methods are off) would be
  // Koa's bare text 404: answer it as an OAuth error instead, as every other /oidc refusal is.
  provider.use(async (koa, next) => {
    await next();
    if (koa.status === 404 && koa.body === undefined) {
      koa.status = 404;
      koa.body = { error: 'invalid_request', error_description: 'unrecognized route or not allowed method' };
    }
  });
  // Logging out at a business system (RP-initiated logout) ends the Shenfen session too.
  provider.on('end_session.success', (koa: KoaContextWithOIDC) => {
    const token = sessionToken(koa.req);
    if (!token) return;
    const ended = koa.oidc.session?.accountId;
    void (async () => {
      // oidc-provider also ends its session when the signed-in subject changes (a person starting or
      // stopping acting for an org, src/orgs/subject.ts): the Shenfen session then stays.
      const live = await resumeSession(ctx, token);
      if (live && ended && sessionSubject(live) !== ended) return;
      const sessionId = tokenDigest(token);
      await endSessionById(ctx, sessionId, 'rp_logout');
      // oidc-provider has told the systems of its own session; the CAS services of this browser and any
      // other single sign-on linked to the Shenfen session are told here, as a logout at Shenfen does.
      if (live) await tellSessionEnded(ctx, { sessionId, accountId: live.accountId, cookieHeader: koa.req.headers.cookie ?? '' });
    })().catch(() => {});
  });
  return provider;
}
