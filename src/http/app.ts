/** The Fastify server: hooks (CSRF, security headers), the API routes, and the SPA. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { checkCsrf } from './csrf.js';
import { AppError, installErrorHandlers } from './errors.js';
import { flowRoutes } from './routes/flows.js';
import { loginRoutes } from './routes/login.js';
import { registrationRoutes } from './routes/registration.js';
import { sessionRoutes } from './routes/session.js';
import { oidcRoutes } from '../protocols/oidc/routes.js';
import { realNameRoutes } from './routes/realname.js';
import { adminRoutes } from './routes/admin.js';
import { casRoutes } from '../protocols/cas/index.js';
import { devRoutes } from './routes/dev.js';
import { smsLoginRoutes } from './routes/sms-login.js';
import { phoneRegistrationRoutes } from './routes/registration-phone.js';
import { recoveryRoutes } from './routes/recovery.js';
import { securityQuestionRoutes } from './routes/security-questions.js';
import { accountSettingsRoutes } from './routes/account-settings.js';
import { accountContactRoutes } from './routes/account-contact.js';
import { devMailRoutes } from './routes/dev-mail.js';
import { registrationBankRoutes } from './routes/registration-bank.js';
import { staffRoutes } from './routes/staff.js';
import { realNameAlipayRoutes } from './routes/realname-alipay.js';
import { orgAccountRoutes } from './routes/org-account.js';
import { orgCentreRoutes } from './routes/org-centre.js';
import { orgLoginRoutes } from './routes/org-login.js';
import { orgRegistrationRoutes } from './routes/org-registration.js';
import { orgRecoveryRoutes } from './routes/org-recovery.js';

export interface AppOptions {
  /** Directory of the built SPA; defaults to dist/web beside the server. */
  webRoot?: string;
  logger?: boolean;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  // Ant Design writes its CSS at run time, hence 'unsafe-inline' for styles only.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false,
    bodyLimit: 16 * 1024,
    trustProxy: ctx.config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  });
  installErrorHandlers(app);

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (req.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      checkCsrf(ctx, req);
    }
  });

  sessionRoutes(app, ctx);
  flowRoutes(app, ctx);
  loginRoutes(app, ctx);
  registrationRoutes(app, ctx);
  realNameRoutes(app, ctx);
  adminRoutes(app, ctx);
  await oidcRoutes(app, ctx);
  casRoutes(app, ctx);
  devRoutes(app, ctx);
  smsLoginRoutes(app, ctx);
  phoneRegistrationRoutes(app, ctx);
  recoveryRoutes(app, ctx);
  securityQuestionRoutes(app, ctx);
  accountSettingsRoutes(app, ctx);
  accountContactRoutes(app, ctx);
  devMailRoutes(app, ctx);
  registrationBankRoutes(app, ctx);
  staffRoutes(app, ctx);
  realNameAlipayRoutes(app, ctx);
  orgRegistrationRoutes(app, ctx);
  orgLoginRoutes(app, ctx);
  orgCentreRoutes(app, ctx);
  orgAccountRoutes(app, ctx);
  orgRecoveryRoutes(app, ctx);

  const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
    // The SPA owns every other page path; unknown API paths and missing files stay 404s.
    app.get('/*', async (req, reply) => {
      const path = req.url.split('?')[0]!;
      if (path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path)) throw new AppError('request.not_found');
      return reply.sendFile('index.html');
    });
  }
  return app;
}
