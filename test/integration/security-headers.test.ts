import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import type { Config } from '../../src/config.js';
import { Agent, type Res } from '../helpers/browser.js';
import { authorize, discover } from '../helpers/oidc.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Every kind of response carries the whole set: a header that one path forgets is how HSTS and the
// consent page's Referrer-Policy went unnoticed before.

const SPA_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const OIDC_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const REDIRECT = 'http://localhost:9997/callback';
const ASSET = 'assets/index-AbCd1234.js';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** A built SPA in miniature: index.html and one hashed asset. */
function webRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shenfen-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>身份</title><div id="root"></div>');
  writeFileSync(join(dir, ASSET), 'console.log(1)');
  return dir;
}

/** Production without the connectors' real services: their sandboxes explicitly allowed, no mail. */
function production(base: Config): Partial<Config> {
  return {
    mode: 'production',
    hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: true },
    realName: { ...base.realName, allowSandboxInProduction: true },
    orgs: { ...base.orgs, registry: { ...base.orgs.registry, allowSandboxInProduction: true } },
    accountCentre: { ...base.accountCentre, mail: { ...base.accountCentre.mail, transport: 'none' } },
  };
}

interface Case {
  kind: string;
  res: Res;
  csp: string;
  referrer?: string;
}

/** One response of every kind the server sends. */
async function everyKind(server: TestServer, person: TestPerson, secret: string): Promise<Case[]> {
  const agent = new Agent(server.url);
  const cases: Case[] = [];
  const add = (kind: string, res: Res, csp = SPA_CSP, referrer = 'same-origin') => cases.push({ kind, res, csp, referrer });

  add('SPA page', await agent.raw('GET', '/login'), SPA_CSP, 'no-referrer');
  add('SPA index', await agent.raw('GET', '/'), SPA_CSP, 'no-referrer');
  add('static asset', await agent.raw('GET', `/${ASSET}`));
  add('missing file', await agent.raw('GET', '/assets/missing-00000000.js'));
  add('API JSON', await agent.raw('GET', '/api/meta'));
  add('API 404', await agent.raw('GET', '/api/nothing-here'));
  add('API 403 (CSRF)', await agent.raw('POST', '/api/flows/login', {}));
  add('API 400', await agent.call('POST', '/api/flows/login', '{"a":'));
  add('malformed URL', await agent.raw('GET', '/api/flows/%E0%A4%A'));
  expect(cases.at(-1)!.res.body.error.code).toBe('request.malformed');
  // The first OIDC requests pass through Fastify; later ones take the raw path past it.
  add('OIDC discovery (through Fastify)', await agent.raw('GET', '/oidc/.well-known/openid-configuration'), OIDC_CSP);
  add('OIDC discovery (raw path)', await agent.raw('GET', '/oidc/.well-known/openid-configuration'), OIDC_CSP);
  add('OIDC JWKS', await agent.raw('GET', '/oidc/jwks'), OIDC_CSP);
  add('OIDC token error', await agent.raw('POST', '/oidc/token', 'grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded' }), OIDC_CSP);
  const basic = `Basic ${Buffer.from(`pages:${secret}`).toString('base64')}`;
  add('OIDC token', await agent.raw('POST', '/oidc/token', 'grant_type=client_credentials&resource=urn%3Ashenfen%3Aapi%3Apages&scope=api', { 'content-type': 'application/x-www-form-urlencoded', authorization: basic }), OIDC_CSP);
  add('OIDC error page', await agent.raw('GET', '/oidc/auth?client_id=unknown&response_type=code&scope=openid'), OIDC_CSP);
  add('OIDC unknown interaction', await agent.raw('GET', '/oidc/interaction/unknown'));
  const signedIn = new Agent(server.url);
  await login(signedIn, person.username, person.password);
  const consent = await authorize(signedIn, await discover(server.url, 'pages', secret), REDIRECT, 'openid profile');
  const uid = /interaction\/([^/"]+)\/confirm/.exec(String(consent.result.body))![1]!;
  add('OIDC consent page', await signedIn.raw('GET', `/oidc/interaction/${uid}`), SPA_CSP.replace("form-action 'self'", "form-action 'self' http://localhost:9997"));
  add('OIDC consent refused', await signedIn.raw('POST', `/oidc/interaction/${uid}/confirm`, 'token=x', { 'content-type': 'application/x-www-form-urlencoded' }));
  add('CAS login page', await agent.raw('GET', '/cas/login?service=https%3A%2F%2Funknown.example%2F'));
  add('CAS validate XML', await agent.raw('GET', '/cas/serviceValidate?service=https%3A%2F%2Fcas.example%2F&ticket=ST-1'));
  add('CAS logout page', await agent.raw('GET', '/cas/logout'));
  return cases;
}

for (const mode of ['development', 'production'] as const) {
  describe(`security headers in ${mode}`, () => {
    let server: TestServer;
    let root: string;
    let cases: Case[];
    beforeAll(async () => {
      root = webRoot();
      server = await startServer(mode === 'production' ? production((await import('../../src/config.js')).testConfig()) : {}, { webRoot: root });
      const secret = (await addBusinessSystem(server.ctx, { id: 'pages', name: '第三方页面', oidc: { redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'client_credentials'] }, casServicePatterns: ['https://cas.example/'] })).clientSecret!;
      const person = newPerson();
      await register(new Agent(server.url), person);
      cases = await everyKind(server, person, secret);
    });
    afterAll(async () => {
      await server?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('answers every kind of request it was asked (the statuses this test expects)', () => {
      const statuses = Object.fromEntries(cases.map((c) => [c.kind, c.res.status]));
      expect(statuses).toEqual({
        'SPA page': 200,
        'SPA index': 200,
        'static asset': 200,
        'missing file': 404,
        'API JSON': 200,
        'API 404': 404,
        'API 403 (CSRF)': 403,
        'API 400': 400,
        'malformed URL': 400,
        'OIDC discovery (through Fastify)': 200,
        'OIDC discovery (raw path)': 200,
        'OIDC JWKS': 200,
        'OIDC token error': 400,
        'OIDC token': 200,
        'OIDC error page': 400,
        'OIDC unknown interaction': 400,
        'OIDC consent page': 200,
        'OIDC consent refused': 403,
        'CAS login page': 403,
        'CAS validate XML': 200,
        'CAS logout page': 200,
      });
    });

    it(`sends the full header set on each${mode === 'production' ? ', with HSTS' : ', without HSTS'}`, () => {
      // helmet writes `a;b`, the policy as written above `a; b`: the same policy.
      const policy = (csp: string | null) => csp?.split(';').map((d) => d.trim());
      const sent = (res: Res) => ({
        ...Object.fromEntries([...Object.keys(COMMON), 'referrer-policy', 'strict-transport-security', 'x-powered-by'].map((h) => [h, res.headers.get(h)])),
        'content-security-policy': policy(res.headers.get('content-security-policy')),
      });
      const wanted = ({ csp, referrer }: Case) => ({
        ...COMMON,
        'referrer-policy': referrer,
        'strict-transport-security': mode === 'production' ? 'max-age=31536000; includeSubDomains' : null,
        'x-powered-by': null,
        'content-security-policy': policy(csp),
      });
      expect(Object.fromEntries(cases.map((c) => [c.kind, sent(c.res)]))).toEqual(Object.fromEntries(cases.map((c) => [c.kind, wanted(c)])));
    });
  });
}
