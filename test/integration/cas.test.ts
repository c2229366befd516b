import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { testConfig } from '../../src/config.js';
import { pruneCasTickets } from '../../src/protocols/cas/index.js';
import { xmlEscape } from '../../src/protocols/cas/responses.js';
import { LEGACY_NAMES_UNTIL, withLegacyNames } from '../../src/protocols/cas/validate.js';
import { serviceMatches, normaliseService, withTicket } from '../../src/protocols/cas/services.js';
import { tokenDigest } from '../../src/security/tokens.js';
import { endAllSessions } from '../../src/sessions/sessions.js';
import { Agent } from '../helpers/browser.js';
import { CAS_NS, parseXml, schemaProblems, xsdErrors, type XmlElement } from '../helpers/cas-xml.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
/** Stands in for the business systems: their service URLs, and where single logout arrives. */
let app: Server;
let appBase: string;
const logoutRequests: Array<{ path: string; type: string | undefined; body: string }> = [];
/** Every XML document the server answered, checked against the XSD at the end. */
const documents: string[] = [];

let service: string;
let service2: string;
let strictService: string;

beforeAll(async () => {
  app = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST') logoutRequests.push({ path: req.url ?? '', type: req.headers['content-type'], body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appBase = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  server = await startServer();
  await addBusinessSystem(server.ctx, { id: 'pension', name: '养老保险服务', casServicePatterns: [`${appBase}/pension/`] });
  await addBusinessSystem(server.ctx, { id: 'medical', name: '医保服务', casServicePatterns: [`${appBase}/medical`] });
  await addBusinessSystem(server.ctx, { id: 'fund', name: '公积金服务', minLevel: 'L4', casServicePatterns: [`${appBase}/fund/`] });
  service = `${appBase}/pension/home?lang=zh-CN`;
  service2 = `${appBase}/medical/cas`;
  strictService = `${appBase}/fund/`;
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => app?.close(resolve));
});

async function signedIn(): Promise<{ agent: Agent; p: TestPerson }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, p };
}

const q = encodeURIComponent;

async function casLogin(agent: Agent, svc: string, extra = '') {
  const res = await agent.raw('GET', `/cas/login?service=${q(svc)}${extra}`);
  return { status: res.status, location: res.headers.get('location'), body: res.body as string, headers: res.headers };
}

/** /cas/login for a signed-in agent; returns the ticket the browser was sent back with. */
async function ticketFor(agent: Agent, svc: string, extra = ''): Promise<string> {
  const res = await casLogin(agent, svc, extra);
  expect(res.status, res.body).toBe(302);
  const ticket = new URL(res.location!).searchParams.get('ticket');
  expect(ticket).toMatch(/^ST-[A-Za-z0-9]{24}$/);
  return ticket!;
}

/** A validation call as a business system's back end makes it: parsed, schema-checked, kept for the XSD. */
async function validate(path: string, params: Record<string, string>) {
  const res = await fetch(`${server.url}${path}?${new URLSearchParams(params)}`);
  const text = await res.text();
  expect(res.headers.get('content-type')).toBe('application/xml;charset=UTF-8');
  documents.push(text);
  const doc = parseXml(text);
  expect(schemaProblems(doc)).toEqual([]);
  expect(doc.ns).toBe(CAS_NS);
  return { status: res.status, doc, text, body: doc.children[0]! };
}

const child = (e: XmlElement, local: string) => e.children.find((c) => c.ns === CAS_NS && c.local === local);
const attributesOf = (e: XmlElement) => {
  const out: Record<string, string[]> = {};
  for (const a of child(e, 'attributes')?.children ?? []) (out[a.local] ??= []).push(a.text);
  return out;
};

function expectFailure(r: { status: number; body: XmlElement }, code: string) {
  expect(r.body.local).toBe('authenticationFailure');
  expect(r.body.attrs.code).toBe(code);
  expect(r.body.text.length).toBeGreaterThan(0);
  expect(r.status).toBe(200);
}

describe('CAS /cas/login', () => {
  it('sends a signed-in person back to the service with a ticket, keeping its query', async () => {
    const { agent } = await signedIn();
    const res = await casLogin(agent, service);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(new RegExp(`^${appBase}/pension/home\\?lang=zh-CN&ticket=ST-[A-Za-z0-9]{24}$`));
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('stores only a digest of the ticket', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const rows = await server.ctx.db.selectFrom('cas_tickets').selectAll().execute();
    expect(rows.some((r) => r.id === ticket || r.service.includes(ticket))).toBe(false);
    const row = rows.find((r) => r.id === tokenDigest(ticket))!;
    expect(row.business_system_id).toBe('pension');
    expect(row.service).toBe(service);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(10_000);
  });

  it('without a session sends the browser to sign in and back; the ticket then says it came from a new login', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const first = await casLogin(agent, service);
    expect(first.status).toBe(302);
    const to = new URL(first.location!, server.url);
    expect(to.pathname).toBe('/login');
    const next = to.searchParams.get('next')!;
    expect(next.startsWith(`/cas/login?service=${q(service)}&since=`)).toBe(true);
    expect(first.location).toBe(`/login?next=${q(next)}`);

    server.clock.advance(1000);
    expect((await login(agent, p.username, p.password)).status).toBe(200);
    const back = await agent.raw('GET', next);
    expect(back.status).toBe(302);
    const ticket = new URL(back.headers.get('location')!).searchParams.get('ticket')!;
    const r = await validate('/cas/p3/serviceValidate', { service, ticket });
    expect(attributesOf(r.body).isFromNewLogin).toEqual(['true']);
  });

  it('with gateway and no session sends the browser back to the service without a ticket', async () => {
    const res = await casLogin(new Agent(server.url), service, '&gateway=true');
    expect(res.status).toBe(302);
    expect(res.location).toBe(service);
  });

  it('with gateway and a session still issues a ticket', async () => {
    const { agent } = await signedIn();
    await ticketFor(agent, service, '&gateway=true');
  });

  it('without a service goes to the account centre', async () => {
    const res = await new Agent(server.url).raw('GET', '/cas/login');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account');
  });

  // Functions: the app's port is only known once the tests run.
  it.each<[string, () => string]>([
    ['another host', () => 'https://evil.example/pension/'],
    ['another scheme', () => service.replace('http:', 'https:')],
    ['another port', () => 'http://127.0.0.1:1/pension/'],
    ['a longer path segment', () => `${appBase}/pension-evil/`],
    ['a path that is only a prefix', () => `${appBase}/medicalx`],
    ['user info', () => `http://127.0.0.1:1@evil.example/pension/`],
    ['a dot-dot escape', () => `${appBase}/pension/../admin`],
    ['a fragment', () => `${appBase}/pension/#x`],
    ['the pattern inside the query', () => `https://evil.example/?u=${appBase}/pension/`],
    ['not a URL', () => 'javascript:alert(1)'],
  ])('refuses %s with a 403 page and no redirect', async (_, svc) => {
    const { agent } = await signedIn();
    const res = await casLogin(agent, svc());
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toContain('未授权的应用');
    expect(res.body).not.toContain('evil.example');
  });

  it('refuses an unregistered service even without a session (no redirect to sign in either)', async () => {
    const res = await casLogin(new Agent(server.url), 'https://evil.example/', '&gateway=true');
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
  });

  it('shows 实名等级不足 naming the level a system needs, and issues no ticket', async () => {
    const { agent } = await signedIn();
    const before = await server.ctx.db.selectFrom('cas_tickets').select('id').where('business_system_id', '=', 'fund').execute();
    const res = await casLogin(agent, strictService);
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
    expect(res.body).toContain('实名等级不足');
    // The upgrade page links back to this sign-in, to continue once the level is reached.
    expect(res.body).toContain(`/account/real-name?return=${encodeURIComponent(`/cas/login?service=${encodeURIComponent(strictService)}`).replaceAll('&', '&amp;')}`);
    expect(res.body).toContain('公积金服务');
    expect(res.body).toContain('L4');
    const after = await server.ctx.db.selectFrom('cas_tickets').select('id').where('business_system_id', '=', 'fund').execute();
    expect(after.length).toBe(before.length);
  });
});

describe('CAS ticket validation', () => {
  it('p3/serviceValidate returns the username and the person attributes', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const r = await validate('/cas/p3/serviceValidate', { service, ticket });
    expect(r.body.local).toBe('authenticationSuccess');
    expect(child(r.body, 'user')!.text).toBe(p.username);
    const a = attributesOf(r.body);
    expect(a.name).toEqual([p.name]);
    expect(a.username).toEqual([p.username]);
    expect(a.assuranceLevel).toEqual(['L2']);
    expect(a.accountKind).toEqual(['person']);
    expect(a.authenticationMethod).toEqual(['password']);
    expect(a.isFromNewLogin).toEqual(['false']);
    expect(a.longTermAuthenticationRequestTokenUsed).toEqual(['false']);
    expect(Math.abs(new Date(a.authenticationDate![0]!).getTime() - server.clock.now().getTime())).toBeLessThan(60_000);
    expect(a.phoneMasked).toEqual([`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`]);
    expect(r.text).not.toContain(p.phone);
    expect(r.text).not.toContain(p.idNumber);
  });

  it('releases attribute names Apache passes on (camelCase), and the old snake_case names beside them until they go', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const a = attributesOf((await validate('/cas/p3/serviceValidate', { service, ticket })).body);
    // mod_auth_cas turns each into a `CAS-<name>` header; Apache 2.4 drops headers with an underscore.
    const legacy = ['assurance_level', 'account_kind', 'phone_masked'];
    expect(Object.keys(a).filter((name) => !/^[A-Za-z][A-Za-z0-9]*$/.test(name)).sort()).toEqual([...legacy].sort());
    expect(a.assurance_level).toEqual(a.assuranceLevel);
    expect(a.account_kind).toEqual(a.accountKind);
    expect(a.phone_masked).toEqual(a.phoneMasked);
    expect(a.phoneMasked).toEqual([`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`]);
  });

  it('after the deprecation date only the camelCase names are released', () => {
    const attrs: Array<[string, string]> = [['isFromNewLogin', 'false'], ['assuranceLevel', 'L2'], ['orgSsCode', 'a'], ['orgSsCode', 'b']];
    expect(withLegacyNames(attrs, new Date(LEGACY_NAMES_UNTIL.getTime() - 1))).toEqual([...attrs, ['assurance_level', 'L2'], ['org_ss_code', 'a'], ['org_ss_code', 'b']]);
    expect(withLegacyNames(attrs, LEGACY_NAMES_UNTIL)).toEqual(attrs);
    // The date docs/sso.md gives.
    expect(LEGACY_NAMES_UNTIL.toISOString()).toBe('2027-06-30T16:00:00.000Z');
  });

  it('serviceValidate (2.0) returns the username without attributes', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service2);
    const r = await validate('/cas/serviceValidate', { service: service2, ticket });
    expect(r.body.local).toBe('authenticationSuccess');
    expect(child(r.body, 'user')!.text).toBe(p.username);
    expect(child(r.body, 'attributes')).toBeUndefined();
  });

  it('format=JSON answers the JSON rendering', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const res = await fetch(`${server.url}/cas/p3/serviceValidate?${new URLSearchParams({ service, ticket, format: 'JSON' })}`);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await res.json()) as any;
    expect(body.serviceResponse.authenticationSuccess.user).toBe(p.username);
    expect(body.serviceResponse.authenticationSuccess.attributes.assuranceLevel).toBe('L2');
    expect(body.serviceResponse.authenticationSuccess.attributes.assurance_level).toBe('L2');
  });

  it('a ticket validates once: the second attempt is INVALID_TICKET', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    expect((await validate('/cas/serviceValidate', { service, ticket })).body.local).toBe('authenticationSuccess');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket }), 'INVALID_TICKET');
    expectFailure(await validate('/cas/p3/serviceValidate', { service, ticket }), 'INVALID_TICKET');
  });

  it('of two concurrent attempts only one succeeds', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const results = await Promise.all([1, 2, 3].map(() => validate('/cas/serviceValidate', { service, ticket })));
    expect(results.filter((r) => r.body.local === 'authenticationSuccess').length).toBe(1);
  });

  it('a wrong service is INVALID_SERVICE and consumes the ticket', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    expectFailure(await validate('/cas/serviceValidate', { service: service2, ticket }), 'INVALID_SERVICE');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket }), 'INVALID_TICKET');
  });

  it('compares services in normalised form (case of scheme and host)', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const shouting = service.replace('http://127.0.0.1', 'HTTP://127.0.0.1');
    expect((await validate('/cas/serviceValidate', { service: shouting, ticket })).body.local).toBe('authenticationSuccess');
  });

  it('an expired ticket (after 10 s) is INVALID_TICKET', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    server.clock.advance(11_000);
    expectFailure(await validate('/cas/serviceValidate', { service, ticket }), 'INVALID_TICKET');
  });

  it('a ticket whose SSO session has ended (not by logout) is INVALID_TICKET', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
    expect(await endAllSessions(server.ctx, account.id, 'password_changed')).toBe(1);
    const r = await validate('/cas/serviceValidate', { service, ticket });
    expectFailure(r, 'INVALID_TICKET');
    expect(r.body.text).toContain('session that has ended');
  });

  it('answers bad requests with the spec codes, never a 500', async () => {
    const { agent } = await signedIn();
    expectFailure(await validate('/cas/serviceValidate', {}), 'INVALID_REQUEST');
    expectFailure(await validate('/cas/serviceValidate', { service }), 'INVALID_REQUEST');
    expectFailure(await validate('/cas/serviceValidate', { ticket: 'ST-abc' }), 'INVALID_REQUEST');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: `ST-${'a'.repeat(300)}` }), 'INVALID_REQUEST');
    expectFailure(await validate('/cas/serviceValidate', { service: `${service}${'x'.repeat(5000)}`, ticket: 'ST-abc' }), 'INVALID_TICKET');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: 'PT-1234-abcd' }), 'INVALID_TICKET_SPEC');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: 'ST-<script>&"' }), 'INVALID_TICKET_SPEC');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: 'ST-nosuchticket' }), 'INVALID_TICKET');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: 'ST-x', format: 'YAML' }), 'INVALID_REQUEST');
    // A repeated parameter is refused; the ticket named is still consumed.
    const ticket = await ticketFor(agent, service);
    const twice = await fetch(`${server.url}/cas/serviceValidate?service=${q(service)}&service=${q(service)}&ticket=${ticket}`);
    const doc = parseXml(await twice.text());
    expect(doc.children[0]!.attrs.code).toBe('INVALID_SERVICE');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket }), 'INVALID_TICKET');
  });

  it('refuses pgtUrl (no proxy support) with UNAUTHORIZED_SERVICE_PROXY and consumes the ticket', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    expectFailure(await validate('/cas/serviceValidate', { service, ticket, pgtUrl: `${appBase}/pension/pgt` }), 'UNAUTHORIZED_SERVICE_PROXY');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket }), 'INVALID_TICKET');
    const proxy = await validate('/cas/proxy', { pgt: 'PGT-1-x', targetService: service });
    expect(proxy.body.local).toBe('proxyFailure');
    expect(proxy.body.attrs.code).toBe('UNAUTHORIZED_SERVICE');
  });

  it('proxyValidate validates service tickets like serviceValidate', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const r = await validate('/cas/p3/proxyValidate', { service, ticket });
    expect(child(r.body, 'user')!.text).toBe(p.username);
  });

  it('CAS 1.0 /validate answers yes and the username, or no', async () => {
    const { agent, p } = await signedIn();
    const ticket = await ticketFor(agent, service);
    const ok = await fetch(`${server.url}/cas/validate?${new URLSearchParams({ service, ticket })}`);
    expect(ok.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await ok.text()).toBe(`yes\n${p.username}\n`);
    const again = await fetch(`${server.url}/cas/validate?${new URLSearchParams({ service, ticket })}`);
    expect(await again.text()).toBe('no\n\n');
    const empty = await fetch(`${server.url}/cas/validate`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('no\n\n');
  });

  it('escapes what it echoes and drops characters XML cannot carry', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD');
  });
});

describe('CAS renew', () => {
  it('a ticket from an existing SSO session fails validation with renew=true', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    expectFailure(await validate('/cas/serviceValidate', { service, ticket, renew: 'true' }), 'INVALID_TICKET');
  });

  it('login with renew=true demands a new sign-in, whose ticket passes renew validation', async () => {
    const { agent, p } = await signedIn();
    server.clock.advance(1000);
    const first = await casLogin(agent, service, '&renew=true');
    expect(first.status).toBe(302);
    const to = new URL(first.location!, server.url);
    expect(to.pathname).toBe('/login');
    expect(to.searchParams.get('reauth')).toBe('1');
    const next = to.searchParams.get('next')!;
    expect(next).toMatch(/^\/cas\/login\?service=[^&]+&renew=true&since=\d+\.[A-Za-z0-9_-]{43}$/);

    // Coming back without signing in again does not count.
    const stale = await agent.raw('GET', next);
    expect(stale.status).toBe(302);
    expect(new URL(stale.headers.get('location')!, server.url).pathname).toBe('/login');

    // A marker that was tampered with does not count either.
    server.clock.advance(1000);
    expect((await login(agent, p.username, p.password)).status).toBe(200);
    const forged = next.replace(/since=(\d+)/, (_, t) => `since=${Number(t) - 60_000}`);
    expect(new URL((await agent.raw('GET', forged)).headers.get('location')!, server.url).pathname).toBe('/login');

    const back = await agent.raw('GET', next);
    expect(back.status).toBe(302);
    const ticket = new URL(back.headers.get('location')!).searchParams.get('ticket')!;
    const r = await validate('/cas/p3/serviceValidate', { service, ticket, renew: 'true' });
    expect(r.body.local).toBe('authenticationSuccess');
    expect(attributesOf(r.body).isFromNewLogin).toEqual(['true']);
  });

  it('a since marker for another service does not count', async () => {
    const { agent, p } = await signedIn();
    server.clock.advance(1000);
    const first = await casLogin(agent, service2, '&renew=true');
    const next = new URL(first.location!, server.url).searchParams.get('next')!;
    server.clock.advance(1000);
    expect((await login(agent, p.username, p.password)).status).toBe(200);
    const moved = next.replace(q(service2), q(service));
    expect(new URL((await agent.raw('GET', moved)).headers.get('location')!, server.url).pathname).toBe('/login');
  });

  it('renew ignores gateway: no session still means the sign-in page', async () => {
    const res = await casLogin(new Agent(server.url), service, '&renew=true&gateway=true');
    expect(new URL(res.location!, server.url).pathname).toBe('/login');
  });
});

describe('CAS logout', () => {
  it('ends the SSO session, sends single logout with each validated ticket, and returns to a registered service', async () => {
    const { agent } = await signedIn();
    const t1 = await ticketFor(agent, service);
    const t2 = await ticketFor(agent, service2);
    const unvalidated = await ticketFor(agent, service);
    expect((await validate('/cas/serviceValidate', { service, ticket: t1 })).body.local).toBe('authenticationSuccess');
    expect((await validate('/cas/serviceValidate', { service: service2, ticket: t2 })).body.local).toBe('authenticationSuccess');
    logoutRequests.length = 0;

    const out = await agent.raw('GET', `/cas/logout?service=${q(service)}`);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(service);

    expect(logoutRequests.length).toBe(2);
    const byTicket = new Map<string, (typeof logoutRequests)[number]>();
    for (const r of logoutRequests) {
      expect(r.type).toBe('application/x-www-form-urlencoded');
      const xml = new URLSearchParams(r.body).get('logoutRequest')!;
      const doc = parseXml(xml);
      expect(doc.ns).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
      expect(doc.local).toBe('LogoutRequest');
      expect(doc.attrs.Version).toBe('2.0');
      expect(doc.attrs.ID).toMatch(/^[A-Za-z_][\w.-]*$/);
      expect(doc.children.find((c) => c.local === 'NameID')?.ns).toBe('urn:oasis:names:tc:SAML:2.0:assertion');
      byTicket.set(doc.children.find((c) => c.local === 'SessionIndex')!.text, r);
    }
    expect(byTicket.get(t1)?.path).toBe('/pension/home?lang=zh-CN');
    expect(byTicket.get(t2)?.path).toBe('/medical/cas');
    expect(byTicket.has(unvalidated)).toBe(false);

    expect((await agent.call('GET', '/api/session')).status).toBe(401);
    const again = await casLogin(agent, service);
    expect(new URL(again.location!, server.url).pathname).toBe('/login');
    expectFailure(await validate('/cas/serviceValidate', { service, ticket: unvalidated }), 'INVALID_TICKET');
  });

  it('logging out through the API sends single logout too', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    expect((await validate('/cas/serviceValidate', { service, ticket })).body.local).toBe('authenticationSuccess');
    logoutRequests.length = 0;
    expect((await agent.call('POST', '/api/session/logout')).status).toBe(204);
    expect(logoutRequests.map((r) => new URLSearchParams(r.body).get('logoutRequest'))).toEqual([
      expect.stringContaining(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`),
    ]);
  });

  it('shows a signed-out page instead of redirecting to an unregistered service', async () => {
    const { agent } = await signedIn();
    const out = await agent.raw('GET', `/cas/logout?service=${q('https://evil.example/')}&url=${q('https://evil.example/')}`);
    expect(out.status).toBe(200);
    expect(out.headers.get('location')).toBeNull();
    expect(out.body).toContain('您已安全退出');
    expect((await agent.call('GET', '/api/session')).status).toBe(401);
  });

  it('an unreachable service does not hold up logout, and the failure is audited', async () => {
    const { agent, p } = await signedIn();
    // Accepts the connection but never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await addBusinessSystem(server.ctx, { id: `silent${Date.now()}`, name: '无响应系统', casServicePatterns: [`${silentBase}/`] });
      const ticket = await ticketFor(agent, `${silentBase}/app`);
      expect((await validate('/cas/serviceValidate', { service: `${silentBase}/app`, ticket })).body.local).toBe('authenticationSuccess');
      const started = Date.now();
      const out = await agent.raw('GET', '/cas/logout');
      expect(out.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3500);
      const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
      const events = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('actor', '=', account.id).execute();
      expect(events).toContainEqual({ event: 'cas.single_logout', result: 'failure' });
      expect(events).toContainEqual({ event: 'cas.logout', result: 'success' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
  it('a service answering single logout with a redirect (mod_auth_cas: 302) counts as delivered', async () => {
    const { agent, p } = await signedIn();
    const received: string[] = [];
    const redirecting = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method === 'POST') received.push(body);
        res.writeHead(302, { location: '/app/' }).end();
      });
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      const id = `apache${Date.now()}`;
      await addBusinessSystem(server.ctx, { id, name: 'Apache 系统', casServicePatterns: [`${base}/`] });
      const ticket = await ticketFor(agent, `${base}/app/`);
      expect((await validate('/cas/serviceValidate', { service: `${base}/app/`, ticket })).body.local).toBe('authenticationSuccess');
      expect((await agent.raw('GET', '/cas/logout')).status).toBe(200);
      expect(received).toHaveLength(1);
      const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
      const events = await server.ctx.db.selectFrom('audit_log').select(['result', 'detail']).where('actor', '=', account.id).where('event', '=', 'cas.single_logout').execute();
      expect(events).toEqual([{ result: 'success', detail: { notified: 1, systems: [id] } }]);
    } finally {
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });
});

describe('CAS audit and limits', () => {
  it('audits issued, validated and failed tickets without the ticket itself', async () => {
    const { agent } = await signedIn();
    const ticket = await ticketFor(agent, service);
    await validate('/cas/serviceValidate', { service, ticket });
    await validate('/cas/serviceValidate', { service, ticket });
    const rows = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('event', 'like', 'cas.ticket%').execute();
    const events = new Set(rows.map((r) => `${r.event}:${r.result}`));
    expect(events).toEqual(new Set(['cas.ticket_issued:success', 'cas.ticket_validated:success', 'cas.ticket_failed:failure']));
    expect(JSON.stringify(rows)).not.toContain(ticket);
  });

  it('limits validation requests per IP with a CAS answer', async () => {
    const limited = await startServer({ limits: { ...testConfig().limits, casValidatePerIp: { max: 2, windowSeconds: 60 } } });
    try {
      const url = `${limited.url}/cas/serviceValidate?service=${q(service)}&ticket=ST-x`;
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url)).status).toBe(200);
      const third = await fetch(url);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      const doc = parseXml(await third.text());
      expect(schemaProblems(doc)).toEqual([]);
      expect(doc.children[0]!.attrs.code).toBe('INTERNAL_ERROR');
    } finally {
      await limited.close();
    }
  });
});

describe('CAS ticket housekeeping', () => {
  it('prunes expired unvalidated tickets and those of ended sessions, keeps what single logout needs', async () => {
    const { agent, p } = await signedIn();
    const kept = await ticketFor(agent, service);
    expect((await validate('/cas/serviceValidate', { service, ticket: kept })).body.local).toBe('authenticationSuccess');
    const stale = await ticketFor(agent, service);
    const ids = () => server.ctx.db.selectFrom('cas_tickets').select('id').where('id', 'in', [tokenDigest(kept), tokenDigest(stale)]).execute();
    server.clock.advance(11_000);
    await pruneCasTickets(server.ctx);
    expect((await ids()).map((r) => r.id)).toEqual([tokenDigest(kept)]);
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
    await endAllSessions(server.ctx, account.id, 'password_changed');
    await pruneCasTickets(server.ctx);
    expect(await ids()).toEqual([]);
  });
});

describe('CAS service matching (unit)', () => {
  it.each([
    ['https://a.gov.cn/app', 'https://a.gov.cn/app', true],
    ['https://a.gov.cn/app/x', 'https://a.gov.cn/app', true],
    ['https://a.gov.cn/app?x=1', 'https://a.gov.cn/app', true],
    ['https://a.gov.cn/apple', 'https://a.gov.cn/app', false],
    ['https://a.gov.cn/app2', 'https://a.gov.cn/app/', false],
    ['https://a.gov.cn/app/x', 'https://a.gov.cn/app/', true],
    ['https://a.gov.cn:8443/app', 'https://a.gov.cn/app', false],
    ['https://a.gov.cn.evil.cn/app', 'https://a.gov.cn/app', false],
    ['http://a.gov.cn/app', 'https://a.gov.cn/app', false],
    ['HTTPS://A.GOV.CN:443/app', 'https://a.gov.cn/app', true],
    ['https://a.gov.cn/app/%2e%2e/admin', 'https://a.gov.cn/app/', false],
  ])('%s under %s: %s', (svc, pattern, expected) => {
    const s = normaliseService(svc);
    expect(s !== undefined && serviceMatches(s, normaliseService(pattern)!)).toBe(expected);
  });

  it('appends the ticket to any query', () => {
    expect(withTicket('https://a/x', 'ST-1')).toBe('https://a/x?ticket=ST-1');
    expect(withTicket('https://a/x?y=1', 'ST-1')).toBe('https://a/x?y=1&ticket=ST-1');
    expect(withTicket('https://a/x?', 'ST-1')).toBe('https://a/x?ticket=ST-1');
  });
});

describe('CAS XML schema', () => {
  // Runs last: every document the tests above received.
  it('every serviceResponse validates against the CAS 3.0 XSD (JDK validator; .ci/run installs java)', async () => {
    expect(documents.length).toBeGreaterThan(20);
    const errors = await xsdErrors(documents);
    expect(errors, 'java is needed for the XSD check').toBeDefined();
    expect(errors).toEqual([]);
  });
});
