/**
 * The link between a Shenfen session and what single sign-on writes while a browser signed in
 * with it talks to oidc-provider: each request through the provider runs with the Shenfen session
 * id (the digest of its cookie) at hand, and the adapter stores it on the rows it writes
 * (oidc_payloads.shenfen_session_id). Ending that Shenfen session then finds the oidc-provider
 * session of that browser and the grants issued in it (src/sessions/logout-fanout.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

/** Runs `fn` with `sessionId` as the Shenfen session of the request (nothing when undefined). */
export function withShenfenSession<T>(sessionId: string | undefined, fn: () => T): T {
  return sessionId ? current.run(sessionId, fn) : fn();
}

/** The Shenfen session of the request being served, if it came with one. */
export const currentShenfenSession = (): string | undefined => current.getStore();
