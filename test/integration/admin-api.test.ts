import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { Agent } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let consoleSecret: string;
let otherSecret: string;

beforeAll(async () => {
  server = await startServer({ adminClientIds: ['console'] });
  consoleSecret = (await addBusinessSystem(server.ctx, { id: 'console', name: '管理控制台', oidc: { redirectUris: ['https://console.example/cb'], grantTypes: ['client_credentials'] } })).clientSecret!;
  otherSecret = (await addBusinessSystem(server.ctx, { id: 'other', name: '普通系统', oidc: { redirectUris: ['https://other.example/cb'], grantTypes: ['client_credentials'] } })).clientSecret!;
});
afterAll(async () => {
  await server?.close();
});

async function tokenFor(clientId: string, secret: string, resource = 'urn:shenfen:admin', scope = 'admin') {
  const config = await oidc.discovery(new URL(`${server.url}/oidc`), clientId, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
  return (await oidc.clientCredentialsGrant(config, { resource, scope })).access_token;
}

const asAdmin = (token: string) => ({ authorization: `Bearer ${token}` });

describe('admin API: business systems', () => {
  it('lets an admin client list, add and remove business systems, audited', async () => {
    const token = await tokenFor('console', consoleSecret);
    const agent = new Agent(server.url);
    const added = await agent.raw('POST', '/api/admin/business-systems', { id: 'medical', name: '医保业务系统', minLevel: 'L3', oidc: { redirectUris: ['https://medical.example/cb'] } }, asAdmin(token));
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.clientSecret).toMatch(/^[\w-]{40,}$/);
    const list = await agent.raw('GET', '/api/admin/business-systems', undefined, asAdmin(token));
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain('medical');
    expect(JSON.stringify(list.body)).not.toContain(added.body.clientSecret);
    expect((await agent.raw('DELETE', '/api/admin/business-systems/medical', undefined, asAdmin(token))).status).toBe(204);
    expect((await agent.raw('DELETE', '/api/admin/business-systems/medical', undefined, asAdmin(token))).status).toBe(404);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'actor']).where('event', 'like', 'admin.%').execute();
    expect(audit).toEqual(expect.arrayContaining([{ event: 'admin.business_system.added', actor: 'client:console' }, { event: 'admin.business_system.removed', actor: 'client:console' }]));
  });

  it('registers which other systems may get tokens for a system\'s API (apiClients; default none)', async () => {
    const token = await tokenFor('console', consoleSecret);
    const agent = new Agent(server.url);
    const added = await agent.raw('POST', '/api/admin/business-systems', { id: 'housing', name: '公积金业务系统', apiClients: ['other'] }, asAdmin(token));
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.system.apiClients).toEqual(['other']);
    expect((await agent.raw('GET', '/api/admin/business-systems', undefined, asAdmin(token))).body.items.find((s: { id: string }) => s.id === 'housing').apiClients).toEqual(['other']);
    expect(await tokenFor('other', otherSecret, 'urn:shenfen:api:housing', 'api')).toBeTruthy();
    await expect(tokenFor('console', consoleSecret, 'urn:shenfen:api:housing', 'api')).rejects.toMatchObject({ error: 'invalid_target' });
    await expect(tokenFor('console', consoleSecret, 'urn:shenfen:api:other', 'api')).rejects.toMatchObject({ error: 'invalid_target' });
    const bad = await agent.raw('POST', '/api/admin/business-systems', { id: 'bad-list', name: '错误', apiClients: ['Not An Id'] }, asAdmin(token));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toContain('apiClients.0');
  });

  it('validates what an admin sends', async () => {
    const token = await tokenFor('console', consoleSecret);
    const res = await new Agent(server.url).raw('POST', '/api/admin/business-systems', { id: 'x', name: '', oidc: { redirectUris: ['ftp://nope'] } }, asAdmin(token));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['id', 'name']));
  });

  it('answers URLs that do not parse (a bare "http://") with 400 naming the field, not 500', async () => {
    const token = await tokenFor('console', consoleSecret);
    const agent = new Agent(server.url);
    const cases: Array<[unknown, string]> = [
      [{ id: 'cas-bare', name: 'x', casServicePatterns: ['https://ok.example/', 'http://'] }, 'casServicePatterns.1'],
      [{ id: 'oidc-bare', name: 'x', oidc: { redirectUris: ['http://'] } }, 'oidc.redirectUris.0'],
      [{ id: 'logout-bare', name: 'x', oidc: { redirectUris: ['https://ok.example/cb'], postLogoutRedirectUris: ['https://'] } }, 'oidc.postLogoutRedirectUris.0'],
      [{ id: 'bcl-bare', name: 'x', oidc: { redirectUris: ['https://ok.example/cb'], backchannelLogoutUri: 'https://[::1' } }, 'oidc.backchannelLogoutUri'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.raw('POST', '/api/admin/business-systems', body, asAdmin(token));
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('request.invalid');
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    // A control character anywhere, in the body or the path, is refused before the database sees it.
    expect((await agent.raw('POST', '/api/admin/business-systems', { id: 'nul-name', name: 'a\u0000' }, asAdmin(token))).body.error.code).toBe('request.control_character');
    expect((await agent.raw('DELETE', '/api/admin/business-systems/a%00b', undefined, asAdmin(token))).body.error.code).toBe('request.control_character');
    const list = await agent.raw('GET', '/api/admin/business-systems', undefined, asAdmin(token));
    const ids = list.body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain('console');
    for (const refused of ['cas-bare', 'oidc-bare', 'logout-bare', 'bcl-bare', 'nul-name']) expect(ids).not.toContain(refused);
  });

  it('refuses callers without a valid admin token', async () => {
    const agent = new Agent(server.url);
    expect((await agent.raw('GET', '/api/admin/business-systems')).body.error.code).toBe('admin.unauthorized');
    expect((await agent.raw('GET', '/api/admin/business-systems', undefined, { authorization: 'Bearer nonsense' })).status).toBe(401);
    // A token for a business-system API is not an admin token.
    const apiToken = await tokenFor('console', consoleSecret, 'urn:shenfen:api:console', 'api');
    expect((await agent.raw('GET', '/api/admin/business-systems', undefined, asAdmin(apiToken))).status).toBe(401);
    // A tampered admin token fails its signature.
    const token = await tokenFor('console', consoleSecret);
    const [h, p, sig] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600 })).toString('base64url')}.${sig}`;
    expect((await agent.raw('GET', '/api/admin/business-systems', undefined, asAdmin(forged))).status).toBe(401);
  });

  it('gives admin tokens only to the clients named in the configuration', async () => {
    await expect(tokenFor('other', otherSecret)).rejects.toMatchObject({ error: 'invalid_target' });
  });
});

