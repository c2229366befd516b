/**
 * Refuses control characters in what a request hands oidc-provider (path, query, form or JSON body)
 * with `400 invalid_request` before the provider sees them. No OAuth parameter holds one, and the
 * provider would store or look them up as they are: PostgreSQL refuses NUL in text (a 500).
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, page } from '../../http/pages.js';
import { CONTROL_CHARACTER, controlCharacterAt } from '../../http/validate.js';

/** oidc-provider's own limit on a request body. */
const BODY_LIMIT = 56 * 1024;
/** A body over the limit is still read (and dropped) up to this size, then the connection is closed. */
const DRAIN_LIMIT = 1024 * 1024;
const BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];
const DESCRIPTION = 'request parameters must not contain control characters';

export async function refuseControlCharacters(koa: KoaContextWithOIDC, next: () => Promise<unknown>): Promise<unknown> {
  let path: string;
  try {
    path = decodeURIComponent(koa.path);
  } catch {
    path = koa.path;
  }
  let refused = CONTROL_CHARACTER.test(path) || controlCharacterAt(koa.query) !== undefined;
  if (!refused && koa.method === 'POST' && koa.is(BODY_TYPES)) {
    // oidc-provider reads the body itself; read here, it is handed on as `req.body`, which the
    // provider parses as it would have parsed the stream (its path for bodies read upstream).
    const body = await readBody(koa);
    if (body === undefined) return refuse(koa, 'the request body could not be read');
    (koa.req as typeof koa.req & { body?: string }).body = body;
    const params = koa.is('application/json') ? parseJson(body) : [...new URLSearchParams(body)].flat();
    refused = controlCharacterAt(params) !== undefined;
  }
  return refused ? refuse(koa, DESCRIPTION) : next();
}

function refuse(koa: KoaContextWithOIDC, description: string): void {
  koa.status = 400;
  if (koa.accepts('json', 'html') === 'html') {
    koa.type = 'html';
    koa.body = page('无法完成登录', `<h1>无法完成登录</h1><p>${escapeHtml(description)}</p><p><a class="button" href="/login">返回登录</a></p>`);
  } else {
    koa.body = { error: 'invalid_request', error_description: description };
  }
}

async function readBody(koa: KoaContextWithOIDC): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of koa.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
    else if (size > DRAIN_LIMIT) {
      // Leaving the loop destroys the request's socket: say so, rather than let a client reuse it.
      koa.set('connection', 'close');
      return undefined;
    }
    // Between the limits the rest is read and dropped, so the connection stays usable after the answer.
  }
  if (size > BODY_LIMIT) return undefined;
  try {
    return new TextDecoder(koa.request.charset || 'utf-8').decode(Buffer.concat(chunks, size));
  } catch {
    return undefined; // an unknown charset
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Left for the provider to refuse as it would.
    return undefined;
  }
}
