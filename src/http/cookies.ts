/** Reading and writing the two cookies we use; both `__Host-` prefixed: Secure, Path=/, no Domain. */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = '__Host-shenfen_sid';
export const CSRF_COOKIE = '__Host-shenfen_csrf';

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Session cookies have no Max-Age: the server decides when a session ends. */
export function setCookie(reply: FastifyReply, name: string, value: string, sameSite: 'Lax' | 'Strict' = 'Lax'): void {
  appendSetCookie(reply, `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=${sameSite}`);
}

export function clearCookie(reply: FastifyReply, name: string): void {
  appendSetCookie(reply, `${name}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
  reply.header('set-cookie', [...list, cookie]);
}
