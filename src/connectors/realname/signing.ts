/** The signed JSON protocol of the HTTP real-name connector: string to sign, signatures, the verifier and nonce stores. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from '../../store/db.js';

export const HEADER = {
  keyId: 'x-shenfen-key-id',
  timestamp: 'x-shenfen-timestamp',
  nonce: 'x-shenfen-nonce',
  signature: 'x-shenfen-signature',
} as const;

/** Requests and responses older or newer than this (seconds) are refused. */
export const MAX_SKEW_SECONDS = 300;
/** The "method" line of a response's string to sign. */
export const RESPONSE_METHOD = 'RESPONSE';

const NONCE = /^[A-Za-z0-9_-]{22,128}$/; // ≥ 128 bits as base64url
const TIMESTAMP = /^\d{1,12}$/;

export const sha256hex = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

/** `method \n path \n timestamp \n nonce \n sha256hex(body)`. */
export function stringToSign(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return `${method}\n${path}\n${timestamp}\n${nonce}\n${sha256hex(body)}`;
}

/** base64url(HMAC-SHA256(secret, stringToSign)); the secret is used as its UTF-8 bytes. */
export function sign(secret: string, method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(stringToSign(method, path, timestamp, nonce, body)).digest('base64url');
}

export const newNonce = (): string => randomBytes(16).toString('base64url');

/** The four headers of a signed request (the client side). */
export function signRequest(opts: { keyId: string; secret: string; method: string; path: string; body: string; now: Date; nonce?: string }): Record<string, string> {
  const timestamp = String(Math.floor(opts.now.getTime() / 1000));
  const nonce = opts.nonce ?? newNonce();
  return {
    'X-Shenfen-Key-Id': opts.keyId,
    'X-Shenfen-Timestamp': timestamp,
    'X-Shenfen-Nonce': nonce,
    'X-Shenfen-Signature': sign(opts.secret, opts.method.toUpperCase(), opts.path, timestamp, nonce, opts.body),
  };
}

/** The headers of a signed response (the bridge side): method line `RESPONSE`, the request's path and nonce. */
export function signResponse(opts: { keyId: string; secret: string; path: string; requestNonce: string; body: string; now: Date }): Record<string, string> {
  const timestamp = String(Math.floor(opts.now.getTime() / 1000));
  return {
    'X-Shenfen-Key-Id': opts.keyId,
    'X-Shenfen-Timestamp': timestamp,
    'X-Shenfen-Nonce': opts.requestNonce,
    'X-Shenfen-Signature': sign(opts.secret, RESPONSE_METHOD, opts.path, timestamp, opts.requestNonce, opts.body),
  };
}

/** Constant-time comparison of two base64url signatures. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const timestampFresh = (timestamp: string, now: Date, skew = MAX_SKEW_SECONDS): boolean =>
  TIMESTAMP.test(timestamp) && Math.abs(Number(timestamp) - now.getTime() / 1000) <= skew;

/** Remembers nonces; `remember` returns false when (keyId, nonce) was already seen (a replay). */
export interface NonceStore {
  remember(keyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}

/** A nonce store in memory: for a single bridge process and for tests. */
export function memoryNonceStore(clock: { now(): Date } = { now: () => new Date() }): NonceStore {
  const seen = new Map<string, number>();
  return {
    async remember(keyId, nonce, expiresAt) {
      const now = clock.now().getTime();
      for (const [k, exp] of seen) if (exp < now) seen.delete(k);
      const key = `${keyId}\0${nonce}`;
      if (seen.has(key)) return false;
      seen.set(key, expiresAt.getTime());
      return true;
    },
  };
}

/** A nonce store in PostgreSQL (table connector_nonces), shared by every node; prunes expired rows as it goes. */
export function pgNonceStore(db: DB, clock: { now(): Date } = { now: () => new Date() }): NonceStore {
  return {
    async remember(keyId, nonce, expiresAt) {
      await db.deleteFrom('connector_nonces').where('expires_at', '<', clock.now()).execute();
      const inserted = await db
        .insertInto('connector_nonces')
        .values({ key_id: keyId, nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.doNothing())
        .returning('nonce')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}

export type VerifyFailure = 'missing_header' | 'unknown_key' | 'stale' | 'bad_signature' | 'replayed';
export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: VerifyFailure };

export interface SignedRequest {
  method: string;
  /** The request path as received (e.g. `/v1/public-security/identity`), without the query. */
  path: string;
  /** Header names in any case (node's IncomingMessage.headers are lower-case). */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes, exactly as received. */
  body: string | Buffer;
}

export interface VerifyOptions {
  /** The shared secret of a key id, or undefined when unknown. */
  secretFor(keyId: string): string | undefined | Promise<string | undefined>;
  nonces: NonceStore;
  now?: Date;
  maxSkewSeconds?: number;
}

const header = (headers: SignedRequest['headers'], name: string): string | undefined => {
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? undefined : found;
};

/**
 * Checks a signed request (the bridge side): headers present and well-formed, key known, timestamp
 * within ±300 s, signature (constant time), and only then the nonce, so forged requests cannot
 * burn nonces. A nonce is kept until it could no longer pass the timestamp check.
 */
export async function verifySignedRequest(req: SignedRequest, opts: VerifyOptions): Promise<VerifyResult> {
  const now = opts.now ?? new Date();
  const skew = opts.maxSkewSeconds ?? MAX_SKEW_SECONDS;
  const keyId = header(req.headers, HEADER.keyId);
  const timestamp = header(req.headers, HEADER.timestamp);
  const nonce = header(req.headers, HEADER.nonce);
  const signature = header(req.headers, HEADER.signature);
  if (!keyId || !timestamp || !nonce || !signature || !NONCE.test(nonce) || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'missing_header' };
  const secret = await opts.secretFor(keyId);
  if (secret === undefined) return { ok: false, reason: 'unknown_key' };
  if (!timestampFresh(timestamp, now, skew)) return { ok: false, reason: 'stale' };
  const expected = sign(secret, req.method.toUpperCase(), req.path, timestamp, nonce, req.body);
  if (!signaturesEqual(expected, signature)) return { ok: false, reason: 'bad_signature' };
  const fresh = await opts.nonces.remember(keyId, nonce, new Date((Number(timestamp) + skew + 1) * 1000));
  return fresh ? { ok: true, keyId } : { ok: false, reason: 'replayed' };
}

/** Where a signed-JSON client sends its requests (the real-name bridge, the enterprise registry bridge). */
export interface SignedClientOptions {
  /** e.g. `https://realname-bridge.internal:8443` (a path prefix is kept and signed). */
  baseUrl: string;
  keyId: string;
  /** Shared HMAC secret (UTF-8 bytes), at least 32 characters. */
  secret: string;
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  clock?: { now(): Date };
}

/**
 * The client side of the protocol: POSTs `payload` signed to `baseUrl`'s prefix + `path` and
 * returns the JSON of a 200 answer whose signature, echoed nonce and timestamp check out — else
 * null (any network, status, signature or parse failure). POSTs are never retried.
 */
export async function postSigned(opts: SignedClientOptions, path: string, payload: Record<string, string>): Promise<unknown> {
  const base = new URL(opts.baseUrl);
  const fullPath = base.pathname.replace(/\/+$/u, '') + path;
  const now = () => (opts.clock ?? { now: () => new Date() }).now();
  const body = JSON.stringify(payload);
  const headers = signRequest({ keyId: opts.keyId, secret: opts.secret, method: 'POST', path: fullPath, body, now: now() });
  const nonce = headers['X-Shenfen-Nonce']!;
  try {
    const res = await fetch(new URL(fullPath, base), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    const text = await res.text();
    if (res.status !== 200) return null;
    const ts = res.headers.get(HEADER.timestamp) ?? '';
    if (res.headers.get(HEADER.nonce) !== nonce || !timestampFresh(ts, now())) return null;
    if (!signaturesEqual(sign(opts.secret, RESPONSE_METHOD, fullPath, ts, nonce, text), res.headers.get(HEADER.signature) ?? '')) return null;
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** `{ outcome, source, reference? }` with an outcome from `outcomes` and short strings, or null. */
export function parseOutcome<O extends string>(json: unknown, outcomes: readonly O[]): { outcome: O; source: string; reference?: string } | null {
  if (typeof json !== 'object' || json === null) return null;
  const { outcome, source, reference } = json as Record<string, unknown>;
  if (!outcomes.includes(outcome as O)) return null;
  if (typeof source !== 'string' || source.length === 0 || source.length > 100) return null;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 128)) return null;
  return { outcome: outcome as O, source, ...(reference === undefined ? {} : { reference }) };
}
