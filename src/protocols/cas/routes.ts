/** The CAS server endpoints under /cas (Apereo CAS Protocol 3.0.3; see docs/cas.md). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { hit } from '../../security/rate-limit.js';
import { casLogin } from './login.js';
import { casLogout, casSessionEndListener } from './logout.js';
import { param } from './params.js';
import {
  JSON_TYPE,
  proxyFailureXml,
  serviceResponseJson,
  serviceResponseXml,
  TEXT_TYPE,
  validateText,
  XML_TYPE,
  type Outcome,
} from './responses.js';
import { validateServiceTicket, type CasVersion } from './validate.js';

// Appendix B: nothing CAS answers may be cached, least of all a redirect carrying a ticket.
const noStore = (reply: FastifyReply) => reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache', expires: '0' });

function render(reply: FastifyReply, version: CasVersion, json: boolean, outcome: Outcome, status = 200) {
  reply.status(status);
  if (version === 1) return reply.type(TEXT_TYPE).send(validateText(outcome));
  return json ? reply.type(JSON_TYPE).send(serviceResponseJson(outcome)) : reply.type(XML_TYPE).send(serviceResponseXml(outcome));
}

function validation(ctx: AppContext, version: CasVersion) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    noStore(reply);
    const format = version === 1 ? 'XML' : (param(req.query, 'format', 8) ?? 'XML');
    if (format === null || !/^(xml|json)$/i.test(format)) {
      return render(reply, version, false, { ok: false, code: 'INVALID_REQUEST', description: 'format must be XML or JSON' });
    }
    const json = format.toUpperCase() === 'JSON';
    try {
      await hit(ctx, 'casValidatePerIp', req.ip);
      return render(reply, version, json, await validateServiceTicket(ctx, req.query, version, req.ip));
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        if (err.headers) reply.headers(err.headers);
        return render(reply, version, json, { ok: false, code: 'INTERNAL_ERROR', description: 'Too many validation requests, try again later' }, 429);
      }
      req.log.error({ err }, 'CAS ticket validation failed');
      return render(reply, version, json, { ok: false, code: 'INTERNAL_ERROR', description: 'An internal error occurred during ticket validation' }, 500);
    }
  };
}

/**
 * Registers GET /cas/login, /logout, /validate, /serviceValidate, /proxyValidate, /p3/…, /proxy,
 * and (again: src/bootstrap.ts registers it for every context) single logout for every session that ends.
 */
export function casRoutes(app: FastifyInstance, ctx: AppContext): void {
  ctx.sessionEndListeners.set('cas', casSessionEndListener(ctx));
  app.get('/cas/login', (req, reply) => casLogin(ctx, req, noStore(reply)));
  app.get('/cas/logout', (req, reply) => casLogout(ctx, req, noStore(reply)));
  app.get('/cas/validate', validation(ctx, 1));
  // No proxy tickets exist, so the proxy validators validate service tickets only (2.6).
  for (const path of ['/cas/serviceValidate', '/cas/proxyValidate']) app.get(path, validation(ctx, 2));
  for (const path of ['/cas/p3/serviceValidate', '/cas/p3/proxyValidate']) app.get(path, validation(ctx, 3));
  // No proxy-granting ticket is ever issued, so /proxy can only refuse (2.7).
  app.get('/cas/proxy', async (req, reply) => {
    noStore(reply).type(XML_TYPE);
    if (!param(req.query, 'pgt', 256) || !param(req.query, 'targetService', 2048)) {
      return reply.send(proxyFailureXml('INVALID_REQUEST', "'pgt' and 'targetService' parameters are both required"));
    }
    return reply.send(proxyFailureXml('UNAUTHORIZED_SERVICE', 'Proxy authentication is not offered by this server'));
  });
}
