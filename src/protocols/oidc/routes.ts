/**
 * Mounts oidc-provider under /oidc and answers its interactions with our own sign-in:
 * the Shenfen session signs the person in, first-party systems skip consent, and a system
 * demanding a higher assurance level than the person has gets a clear page, never a token. Who may
 * sign in to which system is the access decision (src/business-systems/access.ts); this renders it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { decideAccess } from '../../business-systems/access.js';
import type { AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import { levelTooLowPage } from '../level-page.js';
import { orgRefusalPage } from '../org-refusal-page.js';
import { currentSession } from '../../http/session.js';
import { safeEqual } from '../../security/tokens.js';
import { ensureSigningKeys, KEY_CHECK_MS, keySetVersion, loadSigningKeys, storedKeySetVersion } from './keys.js';
import { oidcSessionEndListener } from './logout.js';
import { withShenfenSession } from '../../sessions/sso-link.js';
import { readCookie, SESSION_COOKIE } from '../../http/cookies.js';
import { tokenDigest } from '../../security/tokens.js';
import { escapeHtml, page, pageLang, type PageLang } from '../../http/pages.js';
import type { RawRoute } from '../../http/raw-route.js';
import { securityHeaders } from '../../http/security-headers.js';
import { createProvider, OIDC_PATH } from './provider.js';

const SCOPE_WORDS: Record<PageLang, Record<string, string>> = {
  'zh-CN': {
    openid: '您的账户标识',
    profile: '您的姓名和用户名',
    phone: '您的手机号码',
    assurance: '您的实名认证等级',
    offline_access: '在您离开后继续保持登录（刷新令牌）',
  },
  'en-US': {
    openid: 'your account identifier',
    profile: 'your name and username',
    phone: 'your mobile number',
    assurance: 'your real-name verification level',
    offline_access: 'staying signed in after you leave (a refresh token)',
  },
};

/** The consent page and the interaction's other pages, in both languages. */
const CONSENT_TEXT = {
  'zh-CN': {
    title: '授权确认',
    asks: (name: string) => `“${name}”请求获取以下信息：`,
    agree: '同意授权',
    refuse: '拒绝',
    failed: '无法完成登录',
    unknownSystem: '未登记的业务系统',
    expired: '页面已过期',
    expiredLong: '页面已过期，请返回业务系统重新登录',
  },
  'en-US': {
    title: 'Allow access',
    asks: (name: string) => `"${name}" asks for the following:`,
    agree: 'Allow',
    refuse: 'Refuse',
    failed: 'Sign-in cannot be completed',
    unknownSystem: 'This business system is not registered',
    expired: 'Page expired',
    expiredLong: 'This page has expired. Go back to the business system and sign in again.',
  },
} as const;

type Current = { provider: Provider; callback: ReturnType<Provider['callback']>; version: string };

export async function oidcRoutes(app: FastifyInstance, ctx: AppContext, rawRoutes: RawRoute[] = []): Promise<void> {
  await ensureSigningKeys(ctx);
  let current: Current | undefined;
  let building: Promise<Current> | undefined;
  // Every KEY_CHECK_MS this node looks whether the key set changed (`shenfen keys rotate` on any
  // node) and then builds a new provider; requests already running finish on the old one, and
  // both share the store, so sessions, grants and interactions carry over.
  let checkedAt = 0;
  let checking: Promise<void> | undefined;
  const build = () =>
    (building ??= (async () => {
      const keys = await loadSigningKeys(ctx);
      // The issuer is the public origin (read when first needed: a test server learns its port late).
      const provider = await createProvider(ctx, `${ctx.config.publicOrigin}${OIDC_PATH}`, keys);
      checkedAt = ctx.clock.now().getTime();
      return (current = { provider, callback: provider.callback(), version: keySetVersion(keys) });
    })().finally(() => {
      building = undefined;
    }));
  const fresh = () => {
    const elapsed = ctx.clock.now().getTime() - checkedAt;
    return elapsed >= 0 && elapsed < KEY_CHECK_MS;
  };
  const check = () =>
    (checking ??= (async () => {
      checkedAt = ctx.clock.now().getTime();
      const version = await storedKeySetVersion(ctx);
      if (current && version !== current.version) await build();
    })()
      // If the store cannot be read, keep signing with the keys we have and look again later.
      .catch(() => {})
      .finally(() => {
        checking = undefined;
      }));
  const currentFor = async (): Promise<Current> => {
    if (!current) return build();
    if (!fresh()) await check();
    return current;
  };
  const provider = async () => (await currentFor()).provider;

  const consentToken = (uid: string) => ctx.vault.mac('oidc-consent', uid);
  const headers = securityHeaders(ctx.config);

  // Sessions that end — by their browser's logout, or without it (退出该设备, signing out everywhere,
  // timeouts) — are told to the systems through this provider (replacing the provider-less listener
  // src/bootstrap.ts registered).
  ctx.sessionEndListeners.set('oidc', oidcSessionEndListener(ctx, provider));

  /** Hands a raw request to oidc-provider, which reads the body itself, mounted at OIDC_PATH. */
  const toProvider = (c: Current, req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    headers.oidc(req, res);
    req.originalUrl = req.url;
    req.url = req.url!.slice(OIDC_PATH.length) || '/';
    return c.callback(req, res);
  };

  // The hot path (token requests, JWKS, discovery): straight from Node's server to oidc-provider once
  // it is built and its keys were checked recently; otherwise (and for our interaction pages) through Fastify.
  rawRoutes.push((req, res) => {
    const url = req.url!;
    if (!current || !fresh() || !url.startsWith(`${OIDC_PATH}/`) || url.startsWith(`${OIDC_PATH}/interaction/`)) return false;
    void toProvider(current, req, res);
    return true;
  });

  await app.register(async (scope) => {
    // oidc-provider reads the request body itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.all(`${OIDC_PATH}/*`, async (req, reply) => {
      const c = await currentFor();
      reply.hijack();
      await toProvider(c, req.raw, reply.raw);
    });
    scope.get('/.well-known/openid-configuration', async (_req, reply) => reply.redirect(`${OIDC_PATH}/.well-known/openid-configuration`));
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get(`${OIDC_PATH}/interaction/:uid`, async (req, reply) => {
      const p = await provider();
      const details = await p.interactionDetails(req.raw, reply.raw);
      const { uid, prompt, params } = details;
      const lang = pageLang(req.query, params.ui_locales);
      const w = CONSENT_TEXT[lang];
      const client = await p.Client.find(String(params.client_id));
      if (!client) return reply.status(400).type('text/html').send(page(w.failed, `<h1>${w.unknownSystem}</h1>`, lang));

      if (prompt.name === 'login') {
        const session = await currentSession(ctx, req);
        const resumeAt = `${OIDC_PATH}/interaction/${uid}`;
        const signedInAfter = (details.iat ?? 0) * 1000;
        const decision = await decideAccess(ctx, session, {
          system: { id: client.clientId, name: client.clientName ?? client.clientId, minLevel: (client['urn:shenfen:min_level'] as AssuranceLevel | undefined) ?? 'L1' },
          resumeAt,
          fresh: { required: prompt.reasons.includes('login_prompt') || prompt.reasons.includes('max_age'), test: (s) => s.createdAt.getTime() >= signedInAfter },
          protocol: 'oidc',
          ip: req.ip,
        });
        switch (decision.kind) {
          case 'sign_in':
            return reply.redirect(`/login?next=${encodeURIComponent(resumeAt)}${decision.reauth ? '&reauth=1' : ''}`);
          case 'level_too_low':
            headers.formsTo(reply.raw, String(params.redirect_uri));
            return reply
              .status(403)
              .type('text/html')
              .send(
                levelTooLowPage({
                  ...decision.shortfall,
                  extra: `<form method="post" action="${OIDC_PATH}/interaction/${uid}/abort"><input type="hidden" name="token" value="${consentToken(uid)}"><button class="secondary">返回应用</button></form>`,
                }),
              );
          case 'org_refused':
            return reply.status(403).type('text/html').send(orgRefusalPage(decision.refusal));
        }
        const to = await p.interactionResult(
          req.raw,
          reply.raw,
          { login: { accountId: decision.subject, acr: decision.acr, amr: decision.amr, ts: decision.authTime } },
          { mergeWithLastSubmission: false },
        );
        return reply.redirect(to);
      }

      if (prompt.name === 'consent') {
        if (client['urn:shenfen:first_party'] === true) return reply.redirect(await grantConsent(p, req, reply));
        const words = SCOPE_WORDS[lang];
        const scopes = String(params.scope ?? '').split(' ').filter((s) => s in words);
        headers.formsTo(reply.raw, String(params.redirect_uri));
        // The answer carries the page's language on, so 页面已过期 comes in the same one.
        const asked = `?lang=${lang}`;
        return reply.type('text/html').send(
          page(
            w.title,
            `<h1>${w.title}</h1><p>${escapeHtml(w.asks(client.clientName ?? client.clientId))}</p><ul>${scopes.map((s) => `<li>${words[s]}</li>`).join('')}</ul>
<form method="post" action="${OIDC_PATH}/interaction/${uid}/confirm${asked}"><input type="hidden" name="token" value="${consentToken(uid)}"><button>${w.agree}</button></form>
<form method="post" action="${OIDC_PATH}/interaction/${uid}/abort${asked}"><input type="hidden" name="token" value="${consentToken(uid)}"><button class="secondary">${w.refuse}</button></form>`,
            lang,
            { href: `${OIDC_PATH}/interaction/${uid}?lang=${lang === 'zh-CN' ? 'en-US' : 'zh-CN'}` },
          ),
        );
      }
      return reply.status(400).type('text/html').send(page(w.failed, `<h1>${w.failed}</h1>`, lang));
    });

    const expiredPage = (req: FastifyRequest, reply: FastifyReply) => {
      const lang = pageLang(req.query);
      const w = CONSENT_TEXT[lang];
      return reply.status(403).type('text/html').send(page(w.expired, `<h1>${w.expiredLong}</h1>`, lang));
    };

    const checkForm = (req: FastifyRequest<{ Params: { uid: string } }>) => {
      const body = (req.body ?? {}) as Record<string, string>;
      const origin = req.headers.origin;
      const sameOrigin = origin === undefined || origin === ctx.config.publicOrigin;
      return sameOrigin && typeof body.token === 'string' && safeEqual(body.token, consentToken(req.params.uid));
    };

    scope.post<{ Params: { uid: string } }>(`${OIDC_PATH}/interaction/:uid/confirm`, async (req, reply) => {
      if (!checkForm(req)) return expiredPage(req, reply);
      const p = await provider();
      return reply.redirect(await grantConsent(p, req, reply), 303);
    });

    scope.post<{ Params: { uid: string } }>(`${OIDC_PATH}/interaction/:uid/abort`, async (req, reply) => {
      if (!checkForm(req)) return expiredPage(req, reply);
      const p = await provider();
      const to = await p.interactionResult(req.raw, reply.raw, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });
  });
}

/** Grants what the interaction asked for (consent given, or a first-party system). */
async function grantConsent(p: Provider, req: FastifyRequest, reply: FastifyReply): Promise<string> {
  const details = await p.interactionDetails(req.raw, reply.raw);
  const { prompt, params, session } = details;
  const accountId = session!.accountId;
  const grant = details.grantId ? ((await p.Grant.find(details.grantId)) ?? new p.Grant({ accountId, clientId: String(params.client_id) })) : new p.Grant({ accountId, clientId: String(params.client_id) });
  const d = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
  if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  // The grant is linked to the Shenfen session it was given in (src/sessions/sso-link.ts).
  const token = readCookie(req, SESSION_COOKIE);
  const grantId = await withShenfenSession(token ? tokenDigest(token) : undefined, () => grant.save());
  return p.interactionResult(req.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
