/** A minimal HTTP client that keeps cookies and the CSRF token like a browser tab would. */
import { solvePow } from '../../src/connectors/captcha/pow.js';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Agent {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  lang: 'zh-CN' | 'en-US' = 'zh-CN';
  /**
   * The solved proof of work of the newest captcha this tab was shown, by flow id. As the SPA does
   * (web/src/lib/pow.ts), a body with a `captcha` and no `pow` for that flow gets it added.
   */
  readonly pow = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async refreshCsrf(): Promise<string> {
    const res = await this.raw('GET', '/api/csrf');
    this.csrf = res.body.csrfToken;
    return this.csrf!;
  }

  /** A request as the SPA makes it: JSON, cookies, CSRF header on writes. */
  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    if (method !== 'GET' && this.csrf === undefined) await this.refreshCsrf();
    const h: Record<string, string> = { ...headers };
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    return this.raw(method, path, body, h);
  }

  async raw<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { 'accept-language': this.lang, ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.cookie = cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(this.withPow(path, body));
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const parsed = type.includes('json') && text ? JSON.parse(text) : text;
    this.solvePows(parsed);
    return { status: res.status, body: parsed, headers: res.headers };
  }

  private withPow(path: string, body: unknown): unknown {
    if (!body || typeof body !== 'object' || Array.isArray(body) || !('captcha' in body) || 'pow' in body) return body;
    const flowId = path.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0] ?? (body as { flowId?: string }).flowId;
    const pow = flowId ? this.pow.get(flowId) : undefined;
    return pow ? { ...body, pow } : body;
  }

  /** Captcha challenges come beside a picture (`{ captcha, pow }`), at the top of an answer or in its `flow`. */
  private solvePows(answer: unknown): void {
    for (const x of [answer, (answer as { flow?: unknown } | null)?.flow]) {
      const c = (x as { pow?: { flowId?: string; challenge?: string; salt: string; maxnumber: number } } | null)?.pow;
      if (c && typeof c === 'object' && c.flowId && c.challenge) this.pow.set(c.flowId, String(solvePow({ ...c, challenge: c.challenge })));
    }
  }
}
