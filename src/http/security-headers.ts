/**
 * Security headers on every response, set by helmet: Fastify's onRequest hook (src/http/app.ts)
 * applies them, and so does the raw OIDC path (src/protocols/oidc/routes.ts). helmet's middleware is
 * built once here; @fastify/helmet builds it again for every request (≈ 70 µs against ≈ 3 µs measured).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { contentSecurityPolicy, type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';

type Directives = Record<string, string[] | typeof contentSecurityPolicy.dangerouslyDisableDefaultSrc>;

/** Our own pages and the SPA. Ant Design writes its CSS at run time, hence 'unsafe-inline' for styles only. */
const DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * oidc-provider's pages: a policy that still lets its form_post response (an inline script posting
 * to the business system's registered redirect URI) work.
 */
const OIDC_DIRECTIVES: Directives = {
  'default-src': contentSecurityPolicy.dangerouslyDisableDefaultSrc,
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/** helmet has none: no page of ours uses camera, microphone or location… */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=()';
/**
 * …but the capture pages (src/shared/capture-pages.ts) use the camera, from our own origin only;
 * and Human runs its models on tfjs's WebAssembly backend there, which needs 'wasm-unsafe-eval'
 * (WebAssembly compilation only, not eval of scripts).
 */
const CAPTURE_PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=()';
const CAPTURE_DIRECTIVES: Directives = { ...DIRECTIVES, 'script-src': ["'self'", "'wasm-unsafe-eval'"] };

export type SetHeaders = (req: IncomingMessage, res: ServerResponse) => void;

export interface SecurityHeaders {
  /** Every response Fastify sends. */
  app: SetHeaders;
  /** Responses of oidc-provider (the raw OIDC path). */
  oidc: SetHeaders;
  /**
   * A page whose forms end at a business system (consent, 返回应用): its form-action also names the
   * origin of the registered redirect URI, since the browser checks form-action along the redirects.
   */
  formsTo(res: ServerResponse, redirectUri: string): void;
  /** A capture page's document (src/shared/capture-pages.ts): camera for our own origin, WebAssembly for Human. */
  capturePage(res: ServerResponse): void;
}

/**
 * The headers for `config`: helmet's set (X-Content-Type-Options, X-Frame-Options DENY, COOP and
 * CORP same-origin, Origin-Agent-Cluster, …), Permissions-Policy, a CSP, and HSTS in production.
 *
 * Referrer-Policy is `same-origin`: no URL of ours goes to another site, and a form on our own page
 * keeps its Origin header (`no-referrer` made Chromium send `Origin: null`, which the consent form's
 * check refuses). The SPA's documents stay `no-referrer` (src/http/app.ts, and a meta tag in
 * web/index.html): its reset, e-mail activation and QR pages carry secrets in their URLs (SECURITY.md).
 */
export function securityHeaders(config: Pick<Config, 'hsts'>): SecurityHeaders {
  const options = (directives: Directives): Readonly<HelmetOptions> => ({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.hsts ? { maxAge: config.hsts.maxAgeSeconds, includeSubDomains: config.hsts.includeSubDomains } : false,
  });
  const set = (directives: Directives): SetHeaders => {
    const apply = helmet(options(directives));
    return (req, res) => {
      apply(req, res, noop);
      res.setHeader('permissions-policy', PERMISSIONS_POLICY);
    };
  };
  const captureCsp = contentSecurityPolicy({ useDefaults: false, directives: CAPTURE_DIRECTIVES });
  return {
    app: set(DIRECTIVES),
    oidc: set(OIDC_DIRECTIVES),
    formsTo(res, redirectUri) {
      const origin = new URL(redirectUri).origin;
      const formAction = origin === 'null' ? ["'self'"] : ["'self'", origin];
      contentSecurityPolicy({ useDefaults: false, directives: { ...DIRECTIVES, 'form-action': formAction } })({} as IncomingMessage, res, noop);
    },
    capturePage(res) {
      captureCsp({} as IncomingMessage, res, noop);
      res.setHeader('permissions-policy', CAPTURE_PERMISSIONS_POLICY);
    },
  };
}

const noop = () => {};
