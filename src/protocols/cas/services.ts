/**
 * CAS service URLs: which business system a `service` belongs to, and where the ticket goes.
 *
 * Match rule. The service and every registered pattern are parsed as URLs (WHATWG) and compared
 * in that normalised form (scheme and host lower-cased, default port dropped, `.`/`..` resolved).
 * A service matches a pattern when the scheme, host and port are equal and the service either
 * equals the pattern or starts with it where the pattern ends in `/` or the service's next
 * character is `?` or `/`. So `https://a.gov.cn/app` admits `https://a.gov.cn/app/x` and
 * `https://a.gov.cn/app?x=1` but not `https://a.gov.cn/apple`, `http://a.gov.cn/app`,
 * `https://a.gov.cn:8443/app` or `https://a.gov.cn.evil.cn/app`. The longest matching pattern wins.
 * Services with user info, a fragment or another scheme than http(s) never match.
 */
import type { AppContext } from '../../context.js';
import { listBusinessSystems, type BusinessSystem } from '../../business-systems/business-systems.js';

/** Longer service URLs are refused outright. */
export const MAX_SERVICE_LENGTH = 2048;

/** The normalised form of a service URL, or undefined when it can never be a CAS service. */
export function normaliseService(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_SERVICE_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // A fragment would swallow the ticket we append; user info is a phishing trick.
  if (url.username || url.password || url.hash || raw.includes('#')) return undefined;
  return url.href;
}

/** True when the normalised `service` falls under the normalised `pattern` (rule above). */
export function serviceMatches(service: string, pattern: string): boolean {
  if (new URL(service).origin !== new URL(pattern).origin) return false;
  if (service === pattern) return true;
  if (!service.startsWith(pattern)) return false;
  const next = service[pattern.length];
  return pattern.endsWith('/') || next === '?' || next === '/';
}

export interface CasService {
  system: BusinessSystem;
  /** The normalised service URL: what the ticket is bound to and where the browser goes. */
  service: string;
}

/** The business system that registered `raw` (normalised first), or undefined. */
export async function findCasService(ctx: AppContext, raw: string): Promise<CasService | undefined> {
  const service = normaliseService(raw);
  if (!service) return undefined;
  let best: { system: BusinessSystem; length: number } | undefined;
  for (const system of await listBusinessSystems(ctx)) {
    for (const p of system.casServicePatterns) {
      const pattern = normaliseService(p);
      if (pattern && serviceMatches(service, pattern) && (!best || pattern.length > best.length)) best = { system, length: pattern.length };
    }
  }
  return best ? { system: best.system, service } : undefined;
}

/** The service URL with `ticket=` added to its query, the rest of the URL byte for byte as it was. */
export function withTicket(service: string, ticket: string): string {
  const sep = !service.includes('?') ? '?' : /[?&]$/.test(service) ? '' : '&';
  return `${service}${sep}ticket=${encodeURIComponent(ticket)}`;
}
