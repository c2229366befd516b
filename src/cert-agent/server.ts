/**
 * `shenfen cert-agent`: the certificate agent on the person's computer (the role of 四川CA's 证书助手
 * "i信"). An HTTP server on 127.0.0.1 only that answers only pages of the configured Shenfen origin
 * (Origin checked on every request, CORS and Private Network Access preflights answered for that
 * origin alone, Host checked against DNS rebinding), lists the certificates of its soft tokens,
 * signs a Shenfen challenge after the PIN is given in the agent's own prompt (prompt.ts), changes
 * the PIN (修改口令), and answers the login page's 检测修复 self-check.
 *
 *   GET  /v1/check          检测修复: what works and what is missing
 *   GET  /v1/certificates   the tokens' certificates (no key, no PIN)
 *   POST /v1/sign           { tokenId, toBeSigned } → { certificate, chain, algorithm, signature, initialPin }
 *   POST /v1/change-pin     { tokenId } → the agent asks for the old and new PIN itself
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCertificate } from '../certs/certificate.js';
import { errorCatalog, errorMessage, type ErrorCode } from '../shared/errors.js';
import type { PinPrompt } from './prompt.js';
import { TokenStore, type TokenFile } from './tokens.js';

export const AGENT_VERSION = '1.0.0';
export const DEFAULT_AGENT_PORT = 51235;

export interface AgentOptions {
  /** The Shenfen origin whose pages the agent answers (https://id.example.gov.cn). */
  origin: string;
  port: number;
  store: TokenStore;
  prompt: PinPrompt;
  now?: () => Date;
}

const CHALLENGE_TEXT = /^Shenfen certificate (sign_in|binding)\norigin=([^\n]+)\nchallenge=([A-Za-z0-9_-]{16,128})\n$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly params?: Record<string, number>,
  ) {
    super(code);
  }
}

const view = (t: TokenFile, now: Date) => {
  const c = parseCertificate(Buffer.from(t.certificate, 'base64'));
  return {
    id: t.id,
    label: t.label,
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    expired: c.notAfter.getTime() < now.getTime(),
    kind: c.identity.kind,
    algorithm: t.algorithm,
    locked: t.triesLeft <= 0,
    triesLeft: t.triesLeft,
    initialPin: t.initialPin,
    certificate: t.certificate,
  };
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 65_536) throw new Refusal(413, 'request.too_large');
  }
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw new Refusal(400, 'request.malformed');
}

export async function startAgent(o: AgentOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const origin = new URL(o.origin).origin;
  const now = o.now ?? (() => new Date());

  const cors = (res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  };

  async function handle(req: IncomingMessage, res: ServerResponse, port: number) {
    // DNS rebinding: a page of another site that resolves its own name to 127.0.0.1 sends its own Host.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new Refusal(403, 'cert.agent_origin');
    if (req.headers.origin !== origin) throw new Refusal(403, 'cert.agent_origin');
    cors(res);
    if (req.method === 'OPTIONS') {
      // CORS and Private Network Access preflight (a public https page asking a loopback address).
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'content-type');
      res.setHeader('access-control-max-age', '600');
      if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('access-control-allow-private-network', 'true');
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    const tokens = o.store.list();
    if (req.method === 'GET' && url.pathname === '/v1/check') {
      const views = tokens.map((t) => view(t, now()));
      const checks = [
        { id: 'agent', ok: true, detail: `证书助手 ${AGENT_VERSION}` },
        { id: 'origin', ok: true, detail: origin },
        { id: 'token', ok: views.length > 0, detail: views.length > 0 ? `${views.length}` : errorMessage('cert.no_token', 'zh-CN') },
        { id: 'certificate', ok: views.some((v) => !v.expired), detail: views.filter((v) => v.expired).map((v) => v.label).join(', ') },
        { id: 'pin', ok: views.some((v) => !v.locked), detail: views.filter((v) => v.locked).map((v) => v.label).join(', ') },
        { id: 'initial_pin', ok: !views.some((v) => v.initialPin), detail: views.filter((v) => v.initialPin).map((v) => v.label).join(', ') },
      ];
      return send({ version: AGENT_VERSION, ok: checks.every((c) => c.ok || c.id === 'initial_pin'), checks });
    }
    if (req.method === 'GET' && url.pathname === '/v1/certificates') {
      if (tokens.length === 0) throw new Refusal(404, 'cert.no_token');
      return send({ tokens: tokens.map((t) => view(t, now())) });
    }
    if (req.method === 'POST' && (url.pathname === '/v1/sign' || url.pathname === '/v1/change-pin')) {
      const body = await readJson(req);
      const token = typeof body.tokenId === 'string' ? o.store.get(body.tokenId) : undefined;
      if (!token) throw new Refusal(404, 'cert.no_token');
      if (token.triesLeft <= 0) throw new Refusal(423, 'cert.pin_locked');
      if (url.pathname === '/v1/change-pin') {
        const answer = await o.prompt.ask({ kind: 'change_pin', origin, tokenId: token.id, tokenLabel: token.label, triesLeft: token.triesLeft, initialPin: token.initialPin });
        if (!answer || answer.newPin === undefined) throw new Refusal(409, 'cert.cancelled');
        const r = o.store.changePin(token.id, answer.pin, answer.newPin);
        if (!r.ok) throw r.reason === 'pin_weak' ? new Refusal(400, 'cert.pin_weak') : r.reason === 'pin_locked' ? new Refusal(423, 'cert.pin_locked') : new Refusal(403, 'cert.pin_wrong', { tries: r.triesLeft });
        return send({ changed: true });
      }
      const text = typeof body.toBeSigned === 'string' ? body.toBeSigned : '';
      const m = CHALLENGE_TEXT.exec(text);
      // Only Shenfen's challenge text, and only the one naming the page's own origin: never arbitrary data.
      if (!m) throw new Refusal(400, 'request.invalid');
      if (m[2] !== origin) throw new Refusal(403, 'cert.agent_origin');
      const answer = await o.prompt.ask({ kind: 'sign', origin, tokenId: token.id, tokenLabel: token.label, purpose: m[1]!, triesLeft: token.triesLeft, initialPin: token.initialPin });
      if (!answer) throw new Refusal(409, 'cert.cancelled');
      const r = o.store.sign(token.id, answer.pin, Buffer.from(text, 'utf8'));
      if (!r.outcome.ok) throw r.outcome.reason === 'pin_locked' ? new Refusal(423, 'cert.pin_locked') : new Refusal(403, 'cert.pin_wrong', { tries: r.outcome.triesLeft });
      return send({ certificate: token.certificate, chain: token.chain, algorithm: token.algorithm, signature: r.signature, initialPin: token.initialPin });
    }
    throw new Refusal(404, 'request.not_found');
  }

  const server = createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    handle(req, res, port).catch((err: unknown) => {
      const r = err instanceof Refusal ? err : new Refusal(500, 'server.internal');
      const lang = String(req.headers['accept-language'] ?? '').startsWith('en') ? 'en-US' : 'zh-CN';
      const template = errorCatalog[r.code].message[lang];
      const message = r.params ? template.replace(/\{(\w+)\}/g, (w, k: string) => String(r.params![k] ?? w)) : template;
      if (!res.headersSent) res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code: r.code, message, ...(r.params ?? {}) } }));
    });
  });
  // Loopback only: nothing on the network can reach it.
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(o.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: async () => {
      await o.prompt.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
