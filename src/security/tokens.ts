/** Random tokens and their storage digests. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export const newId = (): string => randomUUID();

/** What we store for a bearer token: its SHA-256, so a database dump cannot replay sessions. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
