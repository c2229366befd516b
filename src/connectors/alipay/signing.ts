/**
 * Alipay open-platform RSA2 signatures, as Alipay documents them ("自行实现签名"):
 * - a request is signed over its parameters except `sign` and empty values, sorted by name
 *   (ASCII), joined as `name=value` with `&`, values raw (not URL-encoded), SHA256withRSA with
 *   the app's private key, base64;
 * - a response `{"<method>_response": {...}, "sign": "..."}` is signed by Alipay over the exact
 *   text of the `<method>_response` (or `error_response`) value, checked with Alipay's public key.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';

/** The string an RSA2 request signature covers. */
export function signContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKey: KeyObject | string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** `alipay.system.oauth.token` → `alipay_system_oauth_token_response`. */
export const responseKey = (method: string) => `${method.replaceAll('.', '_')}_response`;

/**
 * The exact text of the JSON object value under `key` at the top level of `body`, or undefined —
 * the signature covers these bytes, so re-serialising a parsed object would not do.
 */
export function rawJsonValue(body: string, key: string): string | undefined {
  const needle = `"${key}"`;
  let at = body.indexOf(needle);
  while (at >= 0) {
    let i = at + needle.length;
    while (/\s/.test(body[i] ?? '')) i++;
    if (body[i] === ':') {
      i++;
      while (/\s/.test(body[i] ?? '')) i++;
      if (body[i] !== '{') return undefined;
      const start = i;
      let depth = 0;
      let inString = false;
      for (; i < body.length; i++) {
        const c = body[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) return body.slice(start, i + 1);
      }
      return undefined;
    }
    at = body.indexOf(needle, at + 1);
  }
  return undefined;
}

/** Alipay's timestamp format, Beijing time: `2026-11-23 21:05:00`. */
export function alipayTimestamp(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
}
