/**
 * Proof that a sign-in happened after /cas/login asked for it, for `renew` and `isFromNewLogin`.
 *
 * When /cas/login sends the browser to the sign-in page it adds `since=<time>.<mac>` to the
 * address the SPA returns to. The MAC binds the time to the service, so it cannot be forged or
 * moved to another service. Back at /cas/login, a session created after that time was
 * started by presenting primary credentials in answer to this request, not reused from before.
 */
import type { AppContext } from '../../context.js';
import { safeEqual } from '../../security/tokens.js';
import type { SessionInfo } from '../../sessions/sessions.js';

/** How long the person has to sign in before the marker is refused and a new one asked for. */
export const SINCE_WINDOW_MINUTES = 10;

const mac = (ctx: AppContext, time: string, service: string) => ctx.vault.mac('cas-login-since', `${time}\0${service}`);

/** A marker for now, bound to `service`. */
export function sinceMarker(ctx: AppContext, service: string): string {
  const time = String(ctx.clock.now().getTime());
  return `${time}.${mac(ctx, time, service)}`;
}

/** True when `marker` is ours, for this service, recent, and the session began after it (same millisecond: unknown, so no). */
export function isFreshLogin(ctx: AppContext, session: SessionInfo, service: string, marker: string | undefined): boolean {
  const m = marker && /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(marker);
  if (!m) return false;
  const [, time, tag] = m as unknown as [string, string, string];
  if (!safeEqual(tag, mac(ctx, time, service))) return false;
  const since = Number(time);
  const now = ctx.clock.now().getTime();
  return since <= now && now - since <= SINCE_WINDOW_MINUTES * 60_000 && session.createdAt.getTime() > since;
}
