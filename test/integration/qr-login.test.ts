import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { describeDevice } from '../../src/methods/qr/device.js';
import { tokenDigest } from '../../src/security/tokens.js';
import { signedInPerson, type SignedIn } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { authorize, discover, follow } from '../helpers/oidc.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { startLogin } from '../helpers/phone.js';
import { startServer, type TestServer } from '../helpers/server.js';

const REDIRECT = 'http://localhost:9999/cb';
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

let server: TestServer;
let phone: SignedIn;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-12-04T04:00:00Z'));
  phone = await signedInPerson(server);
});
afterAll(async () => {
  await server?.close();
});

/** A computer's browser on the login page, with a QR code shown. */
async function desktopWithQr(body: Record<string, unknown> = {}) {
  const desktop = new Agent(server.url);
  const flowId = await startLogin(desktop);
  const res = await desktop.call('POST', `/api/flows/login/${flowId}/qr`, body, { 'user-agent': DESKTOP_UA });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const secret = new URL(res.body.qr.url).pathname.replace('/m/qr/', '');
  return { desktop, flowId, qr: res.body.qr, secret };
}

const poll = (agent: Agent, flowId: string) => agent.call('GET', `/api/flows/login/${flowId}/qr`);

describe('扫码登录 (QR login)', () => {
  it('is offered as a person login method', async () => {
    const meta = await new Agent(server.url).call('GET', '/api/meta');
    expect(meta.body.loginMethods.person).toContain('qr');
    expect(meta.body.loginMethods.org).not.toContain('qr');
  });

  it('a login flow started for 扫码登录 draws no captcha (it never asks for one), and still signs in', async () => {
    const desktop = new Agent(server.url);
    const draws = server.captchaDraws();
    const start = await desktop.call('POST', '/api/flows/login', { method: 'qr' });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    expect(start.body.flow.captcha).toBeUndefined();
    expect(server.captchaDraws()).toBe(draws);
    const flowId = start.body.flow.id;
    const qr = await desktop.call('POST', `/api/flows/login/${flowId}/qr`, {});
    expect(qr.status, JSON.stringify(qr.body)).toBe(200);
    const secret = new URL(qr.body.qr.url).pathname.replace('/m/qr/', '');
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).status).toBe(200);
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret })).status).toBe(200);
    expect((await poll(desktop, flowId)).body.state).toBe('approved');
    // Any other start body is refused.
    const odd = await new Agent(server.url).call('POST', '/api/flows/login', { method: 'sms' });
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe('request.invalid');
  });

  it('signs the computer in once the phone scans and confirms; login history says qr', async () => {
    const { desktop, flowId, qr, secret } = await desktopWithQr();
    expect(qr.svg).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qr.svg.split(',')[1], 'base64').toString()).toContain('<svg');
    // Built from the configured origin (development: the server's own), 256 random bits.
    expect(qr.url).toBe(`${server.url}/m/qr/${secret}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(qr.expiresAt).getTime() - server.clock.now().getTime()).toBe(120_000);
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'pending' });

    const scan = await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    expect(scan.body.ticket).toMatchObject({
      device: { browser: 'Chrome 120', os: 'Windows' },
      place: { ip: '127.0.0.1' },
      service: '身份统一认证平台',
      expiresAt: qr.expiresAt,
    });
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'scanned' });

    const confirm = await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret });
    expect(confirm.body).toEqual({ state: 'approved' });
    // A second approval fails.
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret })).body.error.code).toBe('qr.invalid');

    // A second poll racing this one (same browser, cookies as they were before sign-in).
    const racing = new Agent(server.url);
    for (const [k, v] of desktop.cookies) racing.cookies.set(k, v);
    const signedIn = await poll(desktop, flowId);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body).toMatchObject({ state: 'approved', account: { id: phone.accountId, kind: 'person' } });
    desktop.csrf = signedIn.body.csrfToken;
    expect((await desktop.call('GET', '/api/session')).body.account.id).toBe(phone.accountId);
    const history = await desktop.call('GET', '/api/account/login-history');
    expect(history.body.items[0]).toMatchObject({ method: 'qr', result: 'success' });
    const row = await server.ctx.db.selectFrom('sessions').select('auth_methods').where('id', '=', tokenDigest(desktop.cookies.get('__Host-shenfen_sid')!)).executeTakeFirstOrThrow();
    expect(row.auth_methods).toEqual(['qr']);

    // Single use: the racing poll finds the flow completed; the signed-in browser has a new binding,
    // so the flow is no longer its own; the phone can do nothing more with the ticket.
    expect((await poll(racing, flowId)).body.error.code).toBe('flow.wrong_state');
    expect((await poll(desktop, flowId)).body.error.code).toBe('flow.not_found');
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('qr.invalid');
    const ticket = await server.ctx.db.selectFrom('qr_tickets').selectAll().where('flow_id', '=', flowId).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ state: 'used', account_id: phone.accountId, desktop_ip: '127.0.0.1', desktop_user_agent: DESKTOP_UA });
    expect(ticket.used_at).not.toBeNull();

    const events = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('subject', '=', ticket.id).orderBy('id').execute();
    expect(events.map((e) => e.event)).toEqual(['qr.scan', 'qr.confirm', 'login.qr']);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('never stores the secret in plain', async () => {
    const { secret } = await desktopWithQr();
    await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    const db = server.ctx.db;
    const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows.map((t) => t.name);
    expect(tables).toContain('qr_tickets');
    for (const table of tables) {
      const hit = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t where t::text like ${`%${secret}%`} limit 1`.execute(db);
      expect(hit.rows, table).toEqual([]);
    }
  });

  it('expires after two minutes: nothing can be done with it, the computer is told to refresh', async () => {
    const { desktop, flowId, secret } = await desktopWithQr();
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).status).toBe(200);
    server.clock.advance(119_000);
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'scanned' });
    server.clock.advance(1_000);
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret })).body.error.code).toBe('qr.invalid');
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'expired' });
    expect((await server.ctx.db.selectFrom('qr_tickets').select('state').where('flow_id', '=', flowId).executeTakeFirstOrThrow()).state).toBe('expired');
    // A new code on the same flow replaces the old one and works.
    const again = await desktop.call('POST', `/api/flows/login/${flowId}/qr`, {});
    const fresh = new URL(again.body.qr.url).pathname.replace('/m/qr/', '');
    expect(fresh).not.toBe(secret);
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'pending' });
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('qr.invalid');
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: fresh })).status).toBe(200);
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: fresh })).status).toBe(200);
    expect((await poll(desktop, flowId)).body.state).toBe('approved');
  });

  it('an approved ticket not collected within its two minutes signs nobody in', async () => {
    const { desktop, flowId, secret } = await desktopWithQr();
    await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret });
    server.clock.advance(120_000);
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'expired' });
    expect(desktop.cookies.has('__Host-shenfen_sid')).toBe(false);
  });

  it('is bound to the browser that showed it', async () => {
    const { desktop, flowId, secret } = await desktopWithQr();
    const other = new Agent(server.url);
    await other.refreshCsrf();
    expect((await poll(other, flowId)).body.error.code).toBe('flow.not_found');
    expect((await other.call('POST', `/api/flows/login/${flowId}/qr`, {})).body.error.code).toBe('flow.not_found');
    await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret });
    // The other browser still cannot collect the sign-in; the one that showed the code can.
    expect((await poll(other, flowId)).body.error.code).toBe('flow.not_found');
    expect((await poll(desktop, flowId)).body.state).toBe('approved');
  });

  it('cancelled on the phone: the computer is told, the ticket is dead', async () => {
    const { desktop, flowId, secret } = await desktopWithQr();
    await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    expect((await phone.agent.call('POST', '/api/qr/cancel', { ticket: secret })).body).toEqual({ state: 'cancelled' });
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'cancelled' });
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret })).body.error.code).toBe('qr.invalid');
    const events = await server.ctx.db.selectFrom('audit_log').select('event').where('actor', '=', phone.accountId).where('event', '=', 'qr.cancel').execute();
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('only the person who scanned may confirm; confirming needs a scan first', async () => {
    const { secret } = await desktopWithQr();
    expect((await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret })).body.error.code).toBe('qr.invalid');
    await phone.agent.call('POST', '/api/qr/scan', { ticket: secret });
    const stranger = await signedInPerson(server);
    expect((await stranger.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('qr.invalid');
    expect((await stranger.agent.call('POST', '/api/qr/confirm', { ticket: secret })).body.error.code).toBe('qr.invalid');
    expect((await stranger.agent.call('POST', '/api/qr/cancel', { ticket: secret })).body.error.code).toBe('qr.invalid');
  });

  it('answers unknown and malformed tickets alike, and needs a signed-in phone', async () => {
    const unknown = await phone.agent.call('POST', '/api/qr/scan', { ticket: 'A'.repeat(43) });
    expect(unknown.status).toBe(410);
    expect(unknown.body.error).toMatchObject({ code: 'qr.invalid', message: '二维码已失效，请在电脑上刷新二维码' });
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: 'short' })).body.error.code).toBe('qr.invalid');
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: 'A'.repeat(43), extra: 1 })).status).toBe(400);
    const en = new Agent(server.url);
    en.lang = 'en-US';
    Object.assign(en, { cookies: phone.agent.cookies, csrf: phone.agent.csrf });
    expect((await en.call('POST', '/api/qr/scan', { ticket: 'A'.repeat(43) })).body.error.message).toBe('This QR code is no longer valid; please refresh the QR code on the computer');
    const { secret } = await desktopWithQr();
    const anonymous = new Agent(server.url);
    expect((await anonymous.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('session.required');
  });

  it('an org account cannot scan or confirm; nor can a locked person', async () => {
    const org = await registerOrg(phone.agent, (await companies(server, 10))());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    const { desktop, flowId, secret } = await desktopWithQr();
    expect((await orgAgent.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('qr.person_only');
    const refused = await orgAgent.call('POST', '/api/qr/confirm', { ticket: secret });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('qr.person_only');
    expect((await poll(desktop, flowId)).body).toEqual({ state: 'pending' });

    const locked = await signedInPerson(server);
    await server.ctx.db.insertInto('login_guards').values({ key: `account:${locked.accountId}`, failures: 0, consecutive_failures: 5, locked_until: new Date(server.clock.now().getTime() + 600_000), updated_at: server.clock.now() }).execute();
    expect((await locked.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.error.code).toBe('qr.account_unusable');
  });

  it('names the business system the computer was going to', async () => {
    await addBusinessSystem(server.ctx, { id: 'qr-pension', name: '养老保险服务', casServicePatterns: ['https://pension.example.com/'] });
    const next = `/cas/login?service=${encodeURIComponent('https://pension.example.com/home')}`;
    const { secret } = await desktopWithQr({ next });
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.ticket.service).toBe('养老保险服务');
    const other = await desktopWithQr({ next: '/cas/login?service=https%3A%2F%2Funknown.example.com%2F' });
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: other.secret })).body.ticket.service).toBe('身份统一认证平台');
  });

  it('signs in to a business system by OIDC: the phone names it, the computer goes on to it', async () => {
    const { clientSecret } = await addBusinessSystem(server.ctx, { id: 'qr-medical', name: '医疗保险服务', firstParty: true, oidc: { redirectUris: [REDIRECT] } });
    const desktop = new Agent(server.url);
    const config = await discover(server.url, 'qr-medical', clientSecret!);
    const started = await authorize(desktop, config, REDIRECT, 'openid');
    const loginUrl = new URL(started.result.url);
    expect(loginUrl.pathname).toBe('/login');
    const next = loginUrl.searchParams.get('next')!;
    expect(next).toMatch(/^\/oidc\/interaction\//);
    const flowId = await startLogin(desktop);
    const qr = await desktop.call('POST', `/api/flows/login/${flowId}/qr`, { next });
    const secret = new URL(qr.body.qr.url).pathname.replace('/m/qr/', '');
    expect((await phone.agent.call('POST', '/api/qr/scan', { ticket: secret })).body.ticket.service).toBe('医疗保险服务');
    await phone.agent.call('POST', '/api/qr/confirm', { ticket: secret });
    expect((await poll(desktop, flowId)).body.state).toBe('approved');
    const back = await follow(desktop, `${server.url}${next}`);
    expect(back.url.startsWith(REDIRECT), back.url).toBe(true);
    expect(new URL(back.url).searchParams.get('code')).toBeTruthy();
  });

  it('housekeeping drops tickets a day past expiry', async () => {
    const { flowId } = await desktopWithQr();
    server.clock.advanceMinutes(24 * 60 + 3);
    await runHousekeeping(server.ctx);
    expect(await server.ctx.db.selectFrom('qr_tickets').select('id').where('flow_id', '=', flowId).execute()).toEqual([]);
  });

  it('reads the browser and system from the User-Agent', () => {
    expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15')).toEqual({ browser: 'Safari 17', os: 'macOS' });
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91')).toEqual({ browser: 'Edge 120', os: 'Windows' });
    expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0')).toEqual({ browser: 'Firefox 121', os: 'Linux' });
    expect(describeDevice(null)).toEqual({ browser: null, os: null });
  });
});

describe('扫码登录 rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    const base = (await import('../../src/config.js')).testConfig();
    limited = await startServer({ limits: { ...base.limits, qrPerIp: { max: 2, windowSeconds: 60 }, qrPollPerIp: { max: 3, windowSeconds: 60 } } });
    limited.clock.setTo(new Date('2026-12-04T04:00:30Z'));
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('limits new codes and polls per IP', async () => {
    const desktop = new Agent(limited.url);
    const flowId = await startLogin(desktop);
    for (let i = 0; i < 2; i++) expect((await desktop.call('POST', `/api/flows/login/${flowId}/qr`, {})).status).toBe(200);
    const third = await desktop.call('POST', `/api/flows/login/${flowId}/qr`, {});
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    for (let i = 0; i < 3; i++) expect((await poll(desktop, flowId)).body.state).toBe('pending');
    expect((await poll(desktop, flowId)).status).toBe(429);
    // The phone's steps count against the same per-IP limit as new codes.
    const p = await signedInPerson(limited);
    expect((await p.agent.call('POST', '/api/qr/scan', { ticket: 'A'.repeat(43) })).status).toBe(429);
  });
});
