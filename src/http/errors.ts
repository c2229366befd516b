/** The one handler that renders every error (src/shared/app-error.ts, Fastify's own) as a stable code + localised message. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/app-error.js';
import { errorMessage, isErrorCode, type ErrorCode, type Lang } from '../shared/errors.js';


export function requestLang(req: FastifyRequest): Lang {
  const header = req.headers['accept-language'];
  return typeof header === 'string' && /^\s*en\b/i.test(header) ? 'en-US' : 'zh-CN';
}

/** The error's message with its values (errorMessage takes them typed per code; AppError.with checked them). */
function renderMessage(err: AppError, lang: Lang): string {
  return (errorMessage as (code: ErrorCode, lang: Lang, params?: Readonly<Record<string, string | number>>) => string)(err.code, lang, err.params);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const lang = requestLang(req);
  const fields = err.fields
    ? Object.fromEntries(Object.entries(err.fields).map(([k, code]) => [k, errorMessage(code, lang)]))
    : undefined;
  if (err.headers) reply.headers(err.headers);
  return reply
    .status(err.status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: err.code, message: renderMessage(err, lang), ...(fields ? { fields } : {}), ...(err.extra ?? {}) } });
}

/** Fastify's own errors (body parsing, limits) mapped onto our codes. */
function fromFastifyError(err: FastifyError): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'request.unsupported_media_type' : 'request.malformed');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('request.malformed');
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    if (err.statusCode === 413) return new AppError('request.too_large');
    if (err.statusCode === 415) return new AppError('request.unsupported_media_type');
    if (err.statusCode === 404) return new AppError('request.not_found');
    // Among others, a path the router cannot read (bad escapes, invalid UTF-8) or with a parameter over its length (414).
    return new AppError('request.malformed');
  }
  return undefined;
}

/** Renders any error: ours as it is, Fastify's mapped onto our codes, anything else as server.internal. */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) return sendError(req, reply, err);
  if (err instanceof SyntaxError) return sendError(req, reply, new AppError('request.malformed'));
  const mapped = fromFastifyError(err);
  if (mapped) return sendError(req, reply, mapped);
  req.log.error({ err }, 'unhandled error');
  return sendError(req, reply, new AppError('server.internal'));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('request.not_found')));
}

export { isErrorCode };
