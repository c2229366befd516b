/**
 * The Alipay connector: the authorisation page URL, then `alipay.system.oauth.token` (auth_code →
 * access token) and `alipay.user.info.share` (is_certified, and with the identity scope the
 * certified name and ID number) through Alipay's RSA2-signed gateway (docs/connectors.md).
 * The same client talks to the local sandbox gateway in development.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { alipayTimestamp, rawJsonValue, responseKey, rsa2Sign, rsa2Verify, signContent } from './signing.js';

export interface AlipayUser {
  userId: string;
  /** `is_certified === 'T'`: Alipay has verified the account holder's identity. */
  certified: boolean;
  /** The certified name and ID number, when the app may read them (identity scope). */
  userName?: string;
  certNo?: string;
  certType?: string;
}

export interface AlipayClient {
  /** Where to send the browser: Alipay's authorisation page for this app, scope auth_user. */
  authorizeUrl(redirectUri: string, state: string): string;
  /** auth_code → the account holder, or an error saying why not. */
  fetchUser(authCode: string): Promise<{ ok: true; user: AlipayUser } | { ok: false; error: string }>;
}

/** How a request reaches the gateway: `fetch` for Alipay, a direct call for the local sandbox. */
export type Transport = (url: string, form: string) => Promise<{ status: number; text: string }>;

export const fetchTransport =
  (timeoutMs = 5000): Transport =>
  async (url, form) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: form, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text() };
  };

export interface GatewayOptions {
  appId: string;
  /** The app's RSA private key (PKCS#8 or PKCS#1 PEM, or bare base64 PKCS#8 as Alipay's tool prints it). */
  privateKey: string | KeyObject;
  /** Alipay's public key (PEM or bare base64 SPKI), for checking responses. */
  alipayPublicKey: string | KeyObject;
  gatewayUrl: string;
  authorizeUrl: string;
  transport?: Transport;
  now?: () => Date;
}

const pem = (raw: string, label: string) => (raw.includes('-----BEGIN') ? raw : `-----BEGIN ${label}-----\n${raw.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`);
export const loadPrivateKey = (k: string | KeyObject) => (typeof k === 'string' ? createPrivateKey(pem(k, 'PRIVATE KEY')) : k);
export const loadPublicKey = (k: string | KeyObject) => (typeof k === 'string' ? createPublicKey(pem(k, 'PUBLIC KEY')) : k);

export function createAlipayGateway(opts: GatewayOptions): AlipayClient {
  const privateKey = loadPrivateKey(opts.privateKey);
  const publicKey = loadPublicKey(opts.alipayPublicKey);
  const transport = opts.transport ?? fetchTransport();
  const now = opts.now ?? (() => new Date());

  /** One signed call; the `<method>_response` object if Alipay's signature over it holds. */
  async function call(method: string, extra: Record<string, string>): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; error: string }> {
    const params: Record<string, string> = { app_id: opts.appId, method, format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', timestamp: alipayTimestamp(now()), version: '1.0', ...extra };
    params.sign = rsa2Sign(signContent(params), privateKey);
    let res;
    try {
      res = await transport(opts.gatewayUrl, new URLSearchParams(params).toString());
    } catch {
      return { ok: false, error: 'unreachable' };
    }
    if (res.status !== 200) return { ok: false, error: `http_${res.status}` };
    let parsed: { sign?: unknown };
    try {
      parsed = JSON.parse(res.text) as { sign?: unknown };
    } catch {
      return { ok: false, error: 'malformed' };
    }
    const key = rawJsonValue(res.text, responseKey(method)) !== undefined ? responseKey(method) : 'error_response';
    const raw = rawJsonValue(res.text, key);
    if (raw === undefined || typeof parsed.sign !== 'string' || !rsa2Verify(raw, parsed.sign, publicKey)) return { ok: false, error: 'bad_signature' };
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (key === 'error_response' || (body.code !== undefined && body.code !== '10000')) return { ok: false, error: `${String(body.code ?? 'error')}:${String(body.sub_code ?? '')}` };
    return { ok: true, body };
  }

  return {
    authorizeUrl(redirectUri, state) {
      const u = new URL(opts.authorizeUrl, 'http://relative.invalid');
      u.searchParams.set('app_id', opts.appId);
      u.searchParams.set('scope', 'auth_user');
      u.searchParams.set('redirect_uri', redirectUri);
      u.searchParams.set('state', state);
      return u.origin === 'http://relative.invalid' ? `${u.pathname}${u.search}` : u.toString();
    },
    async fetchUser(authCode) {
      const token = await call('alipay.system.oauth.token', { grant_type: 'authorization_code', code: authCode });
      if (!token.ok) return token;
      const accessToken = token.body.access_token;
      if (typeof accessToken !== 'string') return { ok: false, error: 'malformed' };
      const info = await call('alipay.user.info.share', { auth_token: accessToken });
      if (!info.ok) return info;
      const b = info.body;
      if (typeof b.user_id !== 'string') return { ok: false, error: 'malformed' };
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
      const user: AlipayUser = { userId: b.user_id, certified: b.is_certified === 'T' };
      const userName = str(b.user_name);
      const certNo = str(b.cert_no);
      const certType = str(b.cert_type);
      if (userName) user.userName = userName;
      if (certNo) user.certNo = certNo;
      if (certType) user.certType = certType;
      return { ok: true, user };
    },
  };
}
