/** A business system signing in through Shenfen by OIDC, as the tests drive it with openid-client. */
import * as oidc from 'openid-client';
import type { Agent } from './browser.js';

/** The relying party's view of Shenfen at `base` (discovery over plain HTTP, client_secret_basic). */
export function discover(base: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(`${base}/oidc`), clientId, undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
}

/**
 * Follows redirects on Shenfen's origin with the agent's cookies until they leave it (status 302 and
 * the URL left to) or stop (that response). oidc-provider's auto-submitting form (it ends its session
 * when the subject changes) is submitted as a browser would.
 */
export async function follow(agent: Agent, url: string): Promise<{ url: string; status: number; body: unknown }> {
  let current = url;
  for (let i = 0; i < 10; i++) {
    if (!current.startsWith(agent.base)) return { url: current, status: 302, body: '' };
    let res = await agent.raw('GET', current.slice(agent.base.length));
    // Only a page that submits its own form (not a page with a form for the person, like consent).
    const selfSubmitting = typeof res.body === 'string' && /\.submit\(\)/.test(res.body);
    const form = selfSubmitting ? /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(res.body as string) : null;
    if (form) {
      const fields = new URLSearchParams([...form[2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
      res = await agent.raw('POST', new URL(form[1]!, current).pathname, fields.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { url: current, status: res.status, body: res.body };
    current = new URL(location, current).href;
  }
  throw new Error('too many redirects');
}

/**
 * Starts an authorization code + PKCE (S256) request for `scope` with consent asked, and follows it
 * with the agent's Shenfen session; `result.url` starts with `redirectUri` when it came back.
 */
export async function authorize(agent: Agent, config: oidc.Configuration, redirectUri: string, scope: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
    ...extra,
  });
  return { verifier, state, result: await follow(agent, url.href) };
}
