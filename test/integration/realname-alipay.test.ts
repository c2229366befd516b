import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlipayGateway } from '../../src/connectors/alipay/index.js';
import { seedSandboxRegistry, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];

beforeAll(async () => {
  server = await startServer();
  registry = await seedSandboxRegistry(server.ctx, { count: 40, seed: 5 });
});
afterAll(async () => {
  await server?.close();
});

const used = new Set<string>();
const pick = () => {
  const r = registry.find((x) => !used.has(x.idNumber) && x.status === 'alive' && x.idType === 'resident_id' && !!x.phone)!;
  used.add(r.idNumber);
  return r;
};

async function signedInAs(who: { name: string; idNumber: string }) {
  const p = { ...newPerson(), name: who.name, idNumber: who.idNumber };
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return agent;
}

/** Start → the sandbox's Alipay page → sign in there with `alipayPhone` → back to Shenfen; returns where Shenfen sends the browser. */
async function roundTrip(agent: Agent, alipayPhone: string): Promise<string> {
  const start = await agent.call('POST', '/api/account/real-name/alipay/start', {});
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const url = new URL(start.body.redirectUrl, server.url);
  expect(url.pathname).toBe('/sandbox/alipay/authorize');
  expect(url.searchParams.get('scope')).toBe('auth_user');
  const page = await agent.raw('GET', url.pathname + url.search);
  expect(page.status).toBe(200);
  expect(page.body).toContain('支付宝（沙箱）');
  const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), account: alipayPhone, password: 'anything' });
  const authorised = await agent.raw('POST', '/sandbox/alipay/authorize', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  expect(authorised.status).toBe(302);
  const back = new URL(authorised.headers.get('location')!);
  expect(back.pathname).toBe('/api/account/real-name/alipay/callback');
  expect(back.searchParams.get('state')).toBe(url.searchParams.get('state'));
  const done = await agent.raw('GET', back.pathname + back.search);
  expect(done.status).toBe(303);
  return done.headers.get('location')!;
}

describe('Alipay real-name (支付宝实名认证) through the sandbox — L3', () => {
  it("is listed as coming when a deployment has no Alipay configured", async () => {
    const off = await startServer({ alipay: { ...server.ctx.config.alipay, mode: 'off' } });
    try {
      const p = newPerson();
      await register(new Agent(off.url), p);
      const agent = new Agent(off.url);
      await login(agent, p.username, p.password);
      const list = (await agent.call('GET', '/api/account/real-name')).body.methods;
      expect(list.find((m: { id: string }) => m.id === 'alipay').kind).toBe('coming_soon');
      expect((await agent.call('POST', '/api/account/real-name/alipay/start', {})).body.error.code).toBe('realname.coming_soon');
      expect((await agent.raw('GET', '/sandbox/alipay/authorize')).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('authorises at the sandbox Alipay, checks is_certified, name and ID number, and records L3 evidence', async () => {
    const r = pick();
    const agent = await signedInAs(r);
    expect(await roundTrip(agent, r.phone!)).toBe('/account/real-name?alipay=ok');
    const list = (await agent.call('GET', '/api/account/real-name')).body;
    expect(list.assuranceLevel).toBe('L3');
    expect(list.methods.find((m: { id: string }) => m.id === 'alipay')).toMatchObject({ kind: 'redirect', status: 'verified' });
    const ev = await server.ctx.db.selectFrom('evidence').selectAll().where('method', '=', 'alipay').where('result', '=', 'pass').execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ source: 'sandbox:alipay', level: 'L3' });
  });

  it('refuses an Alipay account that is not certified, and one certified as someone else', async () => {
    const r = pick();
    const agent = await signedInAs(r);
    expect(await roundTrip(agent, '19912345678')).toBe('/account/real-name?alipay=realname.alipay_not_certified');
    server.clock.advanceMinutes(1);
    const other = pick();
    expect(await roundTrip(agent, other.phone!)).toBe('/account/real-name?alipay=realname.alipay_mismatch');
    const reasons = (await server.ctx.db.selectFrom('evidence').select('reason').where('method', '=', 'alipay').where('result', '=', 'fail').execute()).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['not_certified', 'mismatch']));
    expect((await agent.call('GET', '/api/account/real-name')).body.assuranceLevel).toBe('L2');
  });

  it("refuses a replayed state or auth_code, another person's state, and a sandbox page that would redirect elsewhere", async () => {
    const r = pick();
    const agent = await signedInAs(r);
    const start = await agent.call('POST', '/api/account/real-name/alipay/start', {});
    const url = new URL(start.body.redirectUrl, server.url);
    const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), account: r.phone!, password: 'x' });
    const back = new URL((await agent.raw('POST', '/sandbox/alipay/authorize', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' })).headers.get('location')!);
    // Someone else signed in cannot use this state.
    const intruder = await signedInAs(pick());
    expect((await intruder.raw('GET', back.pathname + back.search)).headers.get('location')).toBe('/account/real-name?alipay=realname.alipay_failed');
    expect((await agent.raw('GET', back.pathname + back.search)).headers.get('location')).toBe('/account/real-name?alipay=ok');
    expect((await agent.raw('GET', back.pathname + back.search)).headers.get('location')).toBe('/account/real-name?alipay=realname.alipay_failed');
    const evil = new URLSearchParams({ ...Object.fromEntries(url.searchParams), redirect_uri: 'https://evil.example/api/account/real-name/alipay/callback' });
    expect((await agent.raw('GET', `/sandbox/alipay/authorize?${evil}`)).status).toBe(400);
    const signedOut = await new Agent(server.url).raw('GET', back.pathname + back.search);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/login');
  });
});

// ---- The real connector against a local peer that checks RSA2 exactly as Alipay documents it ----

/** Alipay's documented rule, written out independently: drop sign and empty values, sort by key, k=v joined by &. */
function alipayStringToSign(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([k, v]) => k !== 'sign' && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

describe("Alipay gateway connector: RSA2 as Alipay's open platform documents it", () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appPem = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const appPublicPem = app.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // Alipay's console shows its public key as bare base64, without PEM armour.
  const alipayPublicBare = alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const seen: URLSearchParams[] = [];
  let tamper = false;
  let peer: Server;
  let gatewayUrl = '';

  const respond = (key: string, content: Record<string, unknown>) => {
    const json = JSON.stringify(content);
    const sign = createSign('RSA-SHA256').update(json, 'utf8').sign(alipay.privateKey, 'base64');
    return `{"${key}":${tamper ? json.replace('2088', '2089') : json},"sign":"${sign}"}`;
  };

  beforeAll(async () => {
    peer = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        seen.push(params);
        res.setHeader('content-type', 'application/json;charset=utf-8');
        const okSignature = createVerify('RSA-SHA256').update(alipayStringToSign(params), 'utf8').verify(appPublicPem, params.get('sign') ?? '', 'base64');
        if (req.headers['content-type'] !== 'application/x-www-form-urlencoded;charset=utf-8' || params.get('sign_type') !== 'RSA2' || !okSignature) {
          return res.end(respond('error_response', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' }));
        }
        if (params.get('method') === 'alipay.system.oauth.token') {
          if (params.get('code') !== 'good-code') return res.end(respond('error_response', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' }));
          return res.end(respond('alipay_system_oauth_token_response', { user_id: '2088102104794936', access_token: 'authusrB1', expires_in: 1296000, refresh_token: 'r', re_expires_in: 2592000 }));
        }
        if (params.get('method') === 'alipay.user.info.share' && params.get('auth_token') === 'authusrB1') {
          return res.end(respond('alipay_user_info_share_response', { code: '10000', msg: 'Success', user_id: '2088102104794936', is_certified: 'T', user_name: '王建国', cert_no: '440106198506151271', cert_type: '0', nick_name: 'Jianguo \\"W\\" {}' }));
        }
        res.end(respond('error_response', { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: '' }));
      });
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    gatewayUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/gateway.do`;
  });
  afterAll(async () => {
    await new Promise((r) => peer.close(r));
  });

  const client = (privateKey: string = appPem) =>
    createAlipayGateway({ appId: '2021004100000001', privateKey, alipayPublicKey: alipayPublicBare, gatewayUrl, authorizeUrl: 'https://openauth.alipay.com/oauth2/publicAppAuthorize.htm', now: () => new Date('2026-11-23T05:06:07Z') });

  it('signs both calls so the peer verifies them, and checks the signed answers', async () => {
    seen.length = 0;
    const res = await client().fetchUser('good-code');
    expect(res).toEqual({ ok: true, user: { userId: '2088102104794936', certified: true, userName: '王建国', certNo: '440106198506151271', certType: '0' } });
    expect(seen.map((p) => p.get('method'))).toEqual(['alipay.system.oauth.token', 'alipay.user.info.share']);
    expect(Object.fromEntries(seen[0]!)).toMatchObject({ app_id: '2021004100000001', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', version: '1.0', timestamp: '2026-11-23 13:06:07', grant_type: 'authorization_code', code: 'good-code' });
    expect(seen[1]!.get('auth_token')).toBe('authusrB1');
  });

  it('the authorisation URL is Alipay\'s page with app_id, scope auth_user, redirect_uri and state', () => {
    const u = new URL(client().authorizeUrl('https://id.example.gov.cn/api/account/real-name/alipay/callback', 'st-1'));
    expect(u.origin + u.pathname).toBe('https://openauth.alipay.com/oauth2/publicAppAuthorize.htm');
    expect(Object.fromEntries(u.searchParams)).toEqual({ app_id: '2021004100000001', scope: 'auth_user', redirect_uri: 'https://id.example.gov.cn/api/account/real-name/alipay/callback', state: 'st-1' });
  });

  it('a request signed with another key is refused by the peer; an error answer is reported', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(await client(other).fetchUser('good-code')).toEqual({ ok: false, error: '40002:isv.invalid-signature' });
    expect(await client().fetchUser('bad-code')).toEqual({ ok: false, error: '40002:isv.code-invalid' });
  });

  it('an answer whose content does not match Alipay\'s signature is not believed', async () => {
    tamper = true;
    try {
      expect(await client().fetchUser('good-code')).toEqual({ ok: false, error: 'bad_signature' });
    } finally {
      tamper = false;
    }
  });
});
