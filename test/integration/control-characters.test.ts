import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { Agent } from '../helpers/browser.js';
import { discover } from '../helpers/oidc.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let secret: string;
const REDIRECT = 'http://localhost:9999/callback';
const SERVICE = 'https://cas.example/app';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  server = await startServer();
  const added = await addBusinessSystem(server.ctx, {
    id: 'ctrl',
    name: '控制字符测试',
    oidc: { redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] },
    casServicePatterns: [SERVICE],
  });
  secret = added.clientSecret!;
});
afterAll(async () => {
  await server?.close();
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`ctrl:${secret}`).toString('base64')}` });

function expectRefused(res: { status: number; body: any }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('request.control_character');
  expect(Object.keys(res.body.error.fields)).toEqual([field]);
}

describe('control characters in the API', () => {
  it('refuses a NUL in a login or recovery identifier with 400 request.control_character, not a database error', async () => {
    const agent = new Agent(server.url);
    const login = await agent.call('POST', '/api/flows/login', {});
    expectRefused(await agent.call('POST', `/api/flows/login/${login.body.flow.id}/password`, { identifier: 'ab\u0000cd', password: 'x', captcha: TEST_CAPTCHA }), 'identifier');
    const recovery = await agent.call('POST', '/api/flows/recovery', {});
    expectRefused(await agent.call('POST', `/api/flows/recovery/${recovery.body.flow.id}/account`, { identifier: 'ab\u0000cd', captcha: TEST_CAPTCHA }), 'identifier');
    // The same steps still answer a plain wrong identifier as before.
    const again = await agent.call('POST', '/api/flows/login', {});
    expect((await agent.call('POST', `/api/flows/login/${again.body.flow.id}/password`, { identifier: 'nobody-here', password: 'x', captcha: TEST_CAPTCHA })).status).toBe(401);
  });

  it('refuses every C0 and C1 control character and DEL, in any field, key, nesting or path parameter', async () => {
    const agent = new Agent(server.url);
    const flow = (await agent.call('POST', '/api/flows/login', {})).body.flow.id;
    for (const c of ['\u0001', '\t', '\n', '\u001f', '\u007f', '\u0085', '\u009f']) {
      expectRefused(await agent.call('POST', `/api/flows/login/${flow}/password`, { identifier: 'zhang', password: `pa${c}ss`, captcha: TEST_CAPTCHA }), 'password');
    }
    expectRefused(await agent.call('POST', `/api/flows/login/${flow}/password`, { identifier: 'zhang', password: 'x', captcha: TEST_CAPTCHA, ['k\u0000']: 1 }), 'k\u0000');
    expectRefused(await agent.call('POST', `/api/flows/login/${flow}/password`, { identifier: 'zhang', password: 'x', captcha: { deep: [[{ x: 'a\u0000' }]] } }), 'captcha.deep.0.0.x');
    expectRefused(await agent.call('GET', '/api/flows/ab%00cd'), 'id');
    // Deep nesting is walked without recursion.
    const deep = `${'['.repeat(5000)}"\\u0000"${']'.repeat(5000)}`;
    expect((await agent.call('POST', `/api/flows/login/${flow}/password`, `{"identifier":${deep}}`)).body.error.code).toBe('request.control_character');
    // Printable text of any script, full-width and zero-width characters included, is not refused here.
    const ok = await agent.call('POST', `/api/flows/login/${flow}/password`, { identifier: '张三　ｚｈａｎｇ\u200b', password: 'x', captcha: TEST_CAPTCHA });
    expect(ok.body.error.code).toBe('auth.invalid_credentials');
  });
});

describe('control characters at the OIDC endpoints', () => {
  it('refuses them in the authorization request with invalid_request (a page for a browser)', async () => {
    const agent = new Agent(server.url);
    const json = await agent.raw('GET', '/oidc/auth?client_id=%00x&response_type=code&scope=openid');
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('control characters') });
    const url = `/oidc/auth?client_id=ctrl&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}&state=a%00b&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
    const html = await agent.raw('GET', url, undefined, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(html.status).toBe(400);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.body).toContain('无法完成登录');
    expect(html.headers.get('location')).toBeNull();
  });

  it('refuses them in token, introspection and revocation bodies, and still serves clean requests', async () => {
    const agent = new Agent(server.url);
    for (const [path, body] of [
      ['/oidc/token', 'grant_type=client_credentials&client_id=%00&client_secret=x'],
      ['/oidc/token', `grant_type=authorization_code&code=%00abc&redirect_uri=${encodeURIComponent(REDIRECT)}&code_verifier=${'a'.repeat(43)}`],
      ['/oidc/token', 'grant_type=refresh_token&refresh_token=ab%01c'],
      ['/oidc/token/introspection', 'token=%00abc'],
      ['/oidc/token/revocation', 'token=%7Fabc'],
    ] as const) {
      const res = await agent.raw('POST', path, body, { ...FORM, ...basic() });
      expect(res.status, `${path} ${body}`).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
    // The body read for the check reaches the provider whole: a token, and the provider's own
    // answer about that token (a JWT access token cannot be introspected).
    const config = await discover(server.url, 'ctrl', secret);
    const tokens = await oidc.clientCredentialsGrant(config, { resource: 'urn:shenfen:api:ctrl', scope: 'api' });
    expect(tokens.access_token).toBeTruthy();
    const introspected = await agent.raw('POST', '/oidc/token/introspection', `token=${tokens.access_token}`, { ...FORM, ...basic() });
    expect(introspected.body.error).toBe('unsupported_token_type');
  });
});

describe('control characters at the CAS endpoints', () => {
  it('refuses a service with a control character as unregistered, and a ticket with one as an invalid request', async () => {
    const agent = new Agent(server.url);
    // The URL parser would strip a trailing NUL and match the registered service.
    const login = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(SERVICE)}%00`);
    expect(login.status).toBe(403);
    const validate = await agent.raw('GET', `/cas/serviceValidate?service=${encodeURIComponent(SERVICE)}&ticket=ST-1%00`);
    expect(validate.status).toBe(200);
    expect(validate.body).toContain('code="INVALID_REQUEST"');
    expect((await agent.raw('GET', '/cas/validate?service=%00&ticket=%00')).body).toBe('no\n\n');
  });
});
