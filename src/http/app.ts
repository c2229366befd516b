/** The Fastify server: hooks (CSRF, security headers), the API routes, and the SPA. */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { enforceAudiences } from './audience.js';
import { checkCsrf } from './csrf.js';
import type { RawRoute } from './raw-route.js';
import { securityHeaders } from './security-headers.js';
import { isCapturePage } from '../shared/capture-pages.js';
import './route-input.js';
import { enforceOutputs } from './route-output.js';
import { AppError } from '../shared/app-error.js';
import { handleError, installErrorHandlers } from './errors.js';
import { flowRoutes } from './routes/flows.js';
import { loginRoutes } from './routes/login.js';
import { passwordChangeRoutes } from './routes/password-change.js';
import { registrationRoutes } from './routes/registration.js';
import { sessionRoutes } from './routes/session.js';
import { oidcRoutes } from '../protocols/oidc/routes.js';
import { realNameRoutes } from './routes/realname.js';
import { adminRoutes } from './routes/admin.js';
import { casRoutes } from '../protocols/cas/index.js';
import { devRoutes } from './routes/dev.js';
import { qrLoginRoutes } from './routes/qr-login.js';
import { phoneRegistrationRoutes } from './routes/registration-phone.js';
import { recoveryRoutes } from './routes/recovery.js';
import { securityQuestionRoutes } from './routes/security-questions.js';
import { accountSettingsRoutes } from './routes/account-settings.js';
import { accountContactRoutes } from './routes/account-contact.js';
import { accountPhoneBankRoutes } from './routes/account-phone-bank.js';
import { devMailRoutes } from './routes/dev-mail.js';
import { registrationBankRoutes } from './routes/registration-bank.js';
import { staffRoutes } from './routes/staff.js';
import { certRoutes } from './routes/certs.js';
import { realNameAlipayRoutes } from './routes/realname-alipay.js';
import { orgAccountRoutes } from './routes/org-account.js';
import { orgCentreRoutes } from './routes/org-centre.js';
import { orgLoginRoutes } from './routes/org-login.js';
import { orgRegistrationRoutes } from './routes/org-registration.js';
import { orgRecoveryRoutes } from './routes/org-recovery.js';
import { pensionRoutes } from './routes/pension.js';

export interface AppOptions {
  /** Directory of the built SPA; defaults to dist/web beside the server. */
  webRoot?: string;
  logger?: boolean;
  /** Told of every route as it is registered, with its declared input (`config.input`, src/http/route-input.ts). */
  onRoute?: (route: RouteOptions) => void;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
/** A file Vite wrote under assets/ with a content hash in its name (index-DRlcASWa.js). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}(\.[a-z0-9]+)+$/;



export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const rawRoutes: RawRoute[] = [];
  let closing = false;
  const headers = securityHeaders(ctx.config);
  /** The headers of every answer: the security headers, and no caching of the API. */
  const commonHeaders = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    headers.app(req.raw, reply.raw);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return reply;
  };
  const app = Fastify({
    // Fastify's own HTTP/1 server, with raw routes in front; while closing, Fastify answers everything (503).
    serverFactory: (handler, opts) => {
      const options = opts as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      const server = http.createServer((req, res) => {
        if (!closing) {
          const { method, url } = req;
          const start = opts.logger ? performance.now() : 0;
          for (const route of rawRoutes) {
            if (!route(req, res)) continue;
            // Fastify logs the requests it handles; these are logged here alike.
            if (opts.logger)
              res.once('finish', () => app.log.info({ req: { method, url }, res: { statusCode: res.statusCode }, responseTime: performance.now() - start }, 'request completed'));
            return;
          }
        }
        handler(req, res);
      });
      server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
      server.requestTimeout = options.requestTimeout ?? 0;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    },
    logger: opts.logger ? { level: 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false,
    bodyLimit: 16 * 1024,
    trustProxy: ctx.config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // The router's own refusals (a path it cannot decode, a parameter over maxParamLength) come
    // before any hook: they get the same headers and the same error body as every other answer.
    frameworkErrors: (err, req, reply) => handleError(err, req, commonHeaders(req, reply)),
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  installErrorHandlers(app);
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Work the answers did not wait for finishes before whoever closes the app closes the store.
  app.addHook('onClose', () => ctx.background.settled());

  app.addHook('onRequest', async (req, reply) => {
    commonHeaders(req, reply);
    if (req.url.startsWith('/api/')) checkCsrf(ctx, req);
  });

  // Every /api route declares whom it serves; one hook enforces it.
  enforceAudiences(app, ctx);
  // …and what it answers: checked on every answer in development and test.
  enforceOutputs(app, ctx);
  // The methods' steps are mounted below, once: a method registered after this would not be.
  ctx.methods.seal();
  sessionRoutes(app, ctx);
  flowRoutes(app, ctx);
  loginRoutes(app, ctx);
  passwordChangeRoutes(app, ctx);
  registrationRoutes(app, ctx);
  realNameRoutes(app, ctx);
  adminRoutes(app, ctx);
  await oidcRoutes(app, ctx, rawRoutes);
  casRoutes(app, ctx);
  devRoutes(app, ctx);
  qrLoginRoutes(app, ctx);
  phoneRegistrationRoutes(app, ctx);
  recoveryRoutes(app, ctx);
  securityQuestionRoutes(app, ctx);
  accountSettingsRoutes(app, ctx);
  accountContactRoutes(app, ctx);
  accountPhoneBankRoutes(app, ctx);
  devMailRoutes(app, ctx);
  registrationBankRoutes(app, ctx);
  staffRoutes(app, ctx);
  certRoutes(app, ctx);
  realNameAlipayRoutes(app, ctx);
  orgRegistrationRoutes(app, ctx);
  orgLoginRoutes(app, ctx);
  orgCentreRoutes(app, ctx);
  orgAccountRoutes(app, ctx);
  orgRecoveryRoutes(app, ctx);
  pensionRoutes(app, ctx);

  const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each text file (web/vite.config.ts): sent as they are
      // to a browser that accepts them, never asked for by name.
      preCompressed: true,
      allowedPath: (path) => !/\.(br|gz)$/.test(path),
      cacheControl: false,
      setHeaders: (res, path) => {
        // Built assets carry a content hash in their names: cached for a year. index.html names
        // the current ones, so it is checked on every visit (ETag, 304 when unchanged).
        res.setHeader('cache-control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
        // The SPA's pages include reset, e-mail activation and QR pages with secrets in their URLs.
        if (path.endsWith('.html')) res.setHeader('referrer-policy', 'no-referrer');
      },
    });
    // The SPA owns every other page path; unknown API paths and missing files stay 404s.
    app.get('/*', async (req, reply) => {
      const path = req.url.split('?')[0]!;
      if (path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path)) throw new AppError('request.not_found');
      if (isCapturePage(path)) headers.capturePage(reply.raw);
      return reply.sendFile('index.html');
    });
  }
  return app;
}
