/**
 * Ending Shenfen sessions from elsewhere reaches the business systems: 退出该设备 in the account
 * centre and a password change tell the systems signed in on those sessions (back-channel logout,
 * CAS single logout) and end their refresh tokens, and only those; so does a session timing out.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { authorize, discover } from '../helpers/oidc.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
/** A business system: its OIDC redirect and back-channel endpoints and its CAS service URL. */
let rpServer: http.Server;
let rpBase: string;
const REDIRECT = 'http://localhost:9999/callback';
let secret: string;
let failingSecret: string;
/** Logout tokens (decoded claims) and CAS LogoutRequests the system received. */
const logoutTokens: Array<Record<string, unknown>> = [];
const casLogouts: string[] = [];

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

beforeAll(async () => {
  rpServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (req.url === '/backchannel') logoutTokens.push(claimsOf(form.get('logout_token') ?? ''));
      else if (req.url === '/broken') return res.writeHead(500).end();
      else if (req.method === 'POST' && req.url?.startsWith('/cas/')) casLogouts.push(form.get('logoutRequest') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => rpServer.listen(0, '127.0.0.1', r));
  rpBase = `http://127.0.0.1:${(rpServer.address() as AddressInfo).port}`;
  server = await startServer();
  const added = await addBusinessSystem(server.ctx, {
    id: 'social-ins',
    name: '社保业务系统',
    firstParty: true,
    oidc: { redirectUris: [REDIRECT], backchannelLogoutUri: `${rpBase}/backchannel`, grantTypes: ['authorization_code', 'refresh_token'] },
  });
  secret = added.clientSecret!;
  const failing = await addBusinessSystem(server.ctx, {
    id: 'unreachable',
    name: '无法通知的业务系统',
    firstParty: true,
    oidc: { redirectUris: [REDIRECT], backchannelLogoutUri: `${rpBase}/broken`, grantTypes: ['authorization_code', 'refresh_token'] },
  });
  failingSecret = failing.clientSecret!;
  await addBusinessSystem(server.ctx, { id: 'medical', name: '医保服务', casServicePatterns: [`${rpBase}/cas/`] });
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => rpServer?.close(r));
});

const rp = (clientId = 'social-ins', clientSecret = secret) => discover(server.url, clientId, clientSecret);

/** A signed-in browser signs in to the system by OIDC (with offline_access); returns its tokens. */
async function signInToSystem(agent: Agent, config: oidc.Configuration) {
  const { verifier, state, result } = await authorize(agent, config, REDIRECT, 'openid profile offline_access');
  expect(result.url.startsWith(REDIRECT)).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
  expect(tokens.refresh_token).toBeTruthy();
  return tokens;
}

/** A signed-in browser signs in to the CAS service; returns the validated ticket. */
async function signInToCas(agent: Agent): Promise<string> {
  const service = `${rpBase}/cas/home`;
  const res = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(service)}`);
  expect(res.status).toBe(302);
  const ticket = new URL(res.headers.get('location')!).searchParams.get('ticket')!;
  const validated = await (await fetch(`${server.url}/cas/serviceValidate?${new URLSearchParams({ service, ticket })}`)).text();
  expect(validated).toContain('authenticationSuccess');
  return ticket;
}

async function device(person: TestPerson): Promise<Agent> {
  const agent = new Agent(server.url);
  expect((await login(agent, person.username, person.password)).status).toBe(200);
  return agent;
}

/**
 * A new person signed in on two devices (phone, desk), each signed in to the system by OIDC and to
 * the CAS service; what the system received so far is cleared.
 */
async function twoDevicesSignedIn() {
  const person = newPerson();
  await register(new Agent(server.url), person);
  const config = await rp();
  const phone = await device(person);
  const desk = await device(person);
  const phoneTokens = await signInToSystem(phone, config);
  const deskTokens = await signInToSystem(desk, config);
  const phoneTicket = await signInToCas(phone);
  const deskTicket = await signInToCas(desk);
  logoutTokens.length = 0;
  casLogouts.length = 0;
  return { person, config, phone, desk, phoneTokens, deskTokens, phoneTicket, deskTicket };
}

async function stillRefreshes(config: oidc.Configuration, refreshToken: string): Promise<boolean> {
  try {
    await oidc.refreshTokenGrant(config, refreshToken);
    return true;
  } catch (err) {
    expect(err).toMatchObject({ error: 'invalid_grant' });
    return false;
  }
}

describe('signing a device out (退出该设备)', () => {
  it("tells that device's systems and ends their refresh tokens; the other device stays signed in", async () => {
    const { person, config, phone, desk, phoneTokens, deskTokens, phoneTicket, deskTicket } = await twoDevicesSignedIn();

    const list = await desk.call('GET', '/api/account/sessions');
    const other = (list.body.items as Array<{ ref: string; current: boolean }>).find((i) => !i.current)!;
    const end = await desk.call('POST', `/api/account/sessions/${other.ref}/end`, {});
    expect(end.status, JSON.stringify(end.body)).toBe(200);
    expect(end.body.current).toBe(false);

    // The phone's sign-in to the system ends: its logout token, naming the phone's sid only.
    expect(logoutTokens).toHaveLength(1);
    expect(logoutTokens[0]).toMatchObject({ aud: 'social-ins', sub: phoneTokens.claims()!.sub, sid: phoneTokens.claims()!.sid });
    expect(logoutTokens[0]!.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
    expect(phoneTokens.claims()!.sid).not.toBe(deskTokens.claims()!.sid);
    // CAS: the service gets single logout for the phone's ticket, not the desk's.
    expect(casLogouts).toEqual([expect.stringContaining(`<samlp:SessionIndex>${phoneTicket}</samlp:SessionIndex>`)]);
    expect(casLogouts[0]).not.toContain(deskTicket);

    // The phone's refresh token no longer works; the desk's does.
    expect(await stillRefreshes(config, phoneTokens.refresh_token!)).toBe(false);
    expect((await oidc.tokenIntrospection(config, phoneTokens.access_token)).active).toBe(false);
    expect(await stillRefreshes(config, deskTokens.refresh_token!)).toBe(true);
    expect((await phone.call('GET', '/api/session')).status).toBe(401);
    expect((await desk.call('GET', '/api/session')).status).toBe(200);

    // Nothing more is sent when the desk later logs out than what the desk had.
    logoutTokens.length = 0;
    casLogouts.length = 0;
    expect((await desk.call('POST', '/api/session/logout', {})).status).toBe(204);
    expect(logoutTokens.map((t) => t.sid)).toEqual([deskTokens.claims()!.sid]);
    expect(casLogouts).toEqual([expect.stringContaining(deskTicket)]);
  });

  it('a system that cannot be told is audited and does not stop the sign-out', async () => {
    const person = newPerson();
    await register(new Agent(server.url), person);
    const accountId = await accountIdOf(server, person.username);
    const config = await rp('unreachable', failingSecret);
    const phone = await device(person);
    const desk = await device(person);
    const phoneTokens = await signInToSystem(phone, config);

    const list = await desk.call('GET', '/api/account/sessions');
    const other = (list.body.items as Array<{ ref: string; current: boolean }>).find((i) => !i.current)!;
    expect((await desk.call('POST', `/api/account/sessions/${other.ref}/end`, {})).status).toBe(200);
    expect((await phone.call('GET', '/api/session')).status).toBe(401);
    expect(await stillRefreshes(config, phoneTokens.refresh_token!)).toBe(false);
    const audited = await server.ctx.db
      .selectFrom('audit_log')
      .select(['result', 'subject', 'detail'])
      .where('actor', '=', accountId)
      .where('event', '=', 'oidc.backchannel_logout')
      .execute();
    expect(audited).toEqual([expect.objectContaining({ result: 'failure', subject: 'unreachable' })]);
    expect(JSON.stringify(audited[0]!.detail)).toContain('500');
  });
});

describe('changing the password', () => {
  it('tells every system signed in on any device and ends every refresh token', async () => {
    const { person, config, phone, desk, phoneTokens, deskTokens, phoneTicket, deskTicket } = await twoDevicesSignedIn();

    const res = await desk.call('POST', '/api/account/password', { currentPassword: person.password, newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect(logoutTokens.map((t) => t.sid).sort()).toEqual([phoneTokens.claims()!.sid, deskTokens.claims()!.sid].sort());
    for (const t of logoutTokens) expect(t).toMatchObject({ aud: 'social-ins', sub: phoneTokens.claims()!.sub });
    expect(casLogouts).toHaveLength(2);
    expect(casLogouts.join('\n')).toContain(phoneTicket);
    expect(casLogouts.join('\n')).toContain(deskTicket);
    expect(await stillRefreshes(config, phoneTokens.refresh_token!)).toBe(false);
    expect(await stillRefreshes(config, deskTokens.refresh_token!)).toBe(false);
  });
});

describe('an org unbinding a person (解除绑定)', () => {
  it('tells the systems signed in for the org and ends those tokens; the personal sign-in elsewhere stays', async () => {
    const nextCompany = await companies(server, 10);
    const registrant = new Agent(server.url);
    const founder = newPerson();
    await register(registrant, founder);
    expect((await login(registrant, founder.username, founder.password)).status).toBe(200);
    const org = await registerOrg(registrant, nextCompany());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);

    const person = newPerson();
    await register(new Agent(server.url), person);
    const acting = await device(person);
    const personal = await device(person);
    const invited = await orgAgent.call('POST', '/api/org/members', { name: person.name, idNumber: person.idNumber, role: 'agent' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(202);
    expect((await acting.call('POST', `/api/account/org-invitations/${invited.body.id}/accept`, {})).status).toBe(204);
    expect((await orgAgent.call('PUT', `/api/org/members/${invited.body.id}/grants`, { grants: [{ systemId: 'social-ins' }] })).status).toBe(204);
    expect((await acting.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);

    const config = await rp();
    const forOrg = await signInToSystem(acting, config);
    expect(forOrg.claims()!.sub).toContain(':');
    const own = await signInToSystem(personal, config);
    logoutTokens.length = 0;

    expect((await orgAgent.call('DELETE', `/api/org/members/${invited.body.id}`)).status).toBe(204);
    expect(logoutTokens).toEqual([expect.objectContaining({ aud: 'social-ins', sub: forOrg.claims()!.sub, sid: forOrg.claims()!.sid })]);
    expect(await stillRefreshes(config, forOrg.refresh_token!)).toBe(false);
    expect(await stillRefreshes(config, own.refresh_token!)).toBe(true);
    expect((await acting.call('GET', '/api/session')).status).toBe(401);
    expect((await personal.call('GET', '/api/session')).status).toBe(200);
  });
});

describe('logging out at a business system (RP-initiated logout)', () => {
  it("ends the Shenfen session and tells the browser's other systems, CAS services included", async () => {
    const { config, phone: browser, desk: other, phoneTokens: tokens, deskTokens: otherTokens, phoneTicket: ticket, deskTicket: otherTicket } = await twoDevicesSignedIn();

    // The system sends the browser to end_session; the person confirms on Shenfen's page (确认退出).
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token! });
    const confirm = await browser.raw('GET', end.href.slice(server.url.length));
    expect(confirm.status).toBe(200);
    const html = String(confirm.body);
    expect(html).toContain('确认退出');
    const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"/.exec(html)?.[1] ?? /action="([^"]+)"[^>]*id="op.logoutForm"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();
    const done = await browser.raw('POST', new URL(action!, server.url).pathname, new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([200, 302, 303]).toContain(done.status);

    // The Shenfen session ends and the CAS service of this browser gets its single logout (after the answer: wait for it).
    for (let i = 0; i < 50 && casLogouts.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(casLogouts).toEqual([expect.stringContaining(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`)]);
    expect(casLogouts[0]).not.toContain(otherTicket);
    expect((await browser.call('GET', '/api/session')).status).toBe(401);
    // oidc-provider told the system of its own session; the other device stays signed in everywhere.
    expect(logoutTokens.map((t) => t.sid)).toEqual([tokens.claims()!.sid]);
    expect((await other.call('GET', '/api/session')).status).toBe(200);
    expect(await stillRefreshes(config, otherTokens.refresh_token!)).toBe(true);
  });
});

describe('a session timing out (idle 30 min)', () => {
  it('housekeeping ends it and tells its systems; a device in use stays; a browser coming back late ends its own at once', async () => {
    const { person, config, phone, desk, phoneTokens, deskTokens, phoneTicket, deskTicket } = await twoDevicesSignedIn();
    const sub = phoneTokens.claims()!.sub;
    const mine = () => logoutTokens.filter((t) => t.sub === sub).map((t) => t.sid);
    const slo = (ticket: string) => casLogouts.filter((r) => r.includes(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`));

    // The desk is used 20 minutes in; 15 minutes later the phone has been idle 35, the desk 15.
    server.clock.advanceMinutes(20);
    expect((await desk.call('GET', '/api/session')).status).toBe(200);
    server.clock.advanceMinutes(15);
    const swept = await runHousekeeping(server.ctx);
    expect(swept.timedOutSessions).toBeGreaterThanOrEqual(1); // sessions of earlier tests in this file time out too

    expect(mine()).toEqual([phoneTokens.claims()!.sid]);
    expect(slo(phoneTicket)).toHaveLength(1);
    expect(slo(deskTicket)).toHaveLength(0);
    expect(await stillRefreshes(config, phoneTokens.refresh_token!)).toBe(false);
    expect(await stillRefreshes(config, deskTokens.refresh_token!)).toBe(true);
    expect((await phone.call('GET', '/api/session')).status).toBe(401);
    expect((await desk.call('GET', '/api/session')).status).toBe(200);
    const accountId = await accountIdOf(server, person.username);
    const ended = await server.ctx.db.selectFrom('sessions').select('end_reason').where('account_id', '=', accountId).where('ended_at', 'is not', null).execute();
    expect(ended.map((s) => s.end_reason)).toEqual(['idle_timeout']);

    // The desk then idles past 30 minutes and comes back before housekeeping ran: refused, and its systems are told.
    server.clock.advanceMinutes(31);
    expect((await desk.call('GET', '/api/session')).status).toBe(401);
    await vi.waitFor(() => expect(mine()).toEqual([phoneTokens.claims()!.sid, deskTokens.claims()!.sid]), { timeout: 5_000 });
    await vi.waitFor(() => expect(slo(deskTicket)).toHaveLength(1), { timeout: 5_000 });
    expect(await stillRefreshes(config, deskTokens.refresh_token!)).toBe(false);
    // Nothing is left for housekeeping to tell about this person.
    await runHousekeeping(server.ctx);
    expect(mine()).toHaveLength(2);
    expect(slo(deskTicket)).toHaveLength(1);
  });
});

describe('a session reaching its absolute limit (12 h)', () => {
  it('ends even while in use, as absolute_timeout, and its systems are told', async () => {
    const person = newPerson();
    await register(new Agent(server.url), person);
    const config = await rp();
    const browser = await device(person);
    const tokens = await signInToSystem(browser, config);
    const sid = tokens.claims()!.sid;
    // Used every 25 minutes: the idle timeout never strikes, the absolute one does.
    let minutes = 0;
    while (minutes < 12 * 60) {
      server.clock.advanceMinutes(25);
      minutes += 25;
      const status = (await browser.call('GET', '/api/session')).status;
      expect(status, `at ${minutes} min`).toBe(minutes < 12 * 60 ? 200 : 401);
    }
    await vi.waitFor(() => expect(logoutTokens.map((t) => t.sid)).toContain(sid), { timeout: 5_000 });
    expect(await stillRefreshes(config, tokens.refresh_token!)).toBe(false);
    const accountId = await accountIdOf(server, person.username);
    const ended = await server.ctx.db.selectFrom('sessions').select('end_reason').where('account_id', '=', accountId).execute();
    expect(ended.map((s) => s.end_reason)).toEqual(['absolute_timeout']);
  });
});
