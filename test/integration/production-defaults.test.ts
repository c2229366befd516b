import { execFile } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { Agent } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Production is safe by default (SECURITY.md): no demo data, no development outboxes for strangers,
// a configured public origin (issuer and links never from the Host header).

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** A request with a Host header of our choosing (fetch does not let a caller set one). */
function withHost(path: string, host: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('the public origin', () => {
  it('is required in production, and in development is http://localhost:PORT', () => {
    const prod = { SHENFEN_MODE: 'production', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true' };
    expect(() => loadConfig(prod)).toThrow(/SHENFEN_PUBLIC_ORIGIN is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true' })).toThrow(/SHENFEN_PUBLIC_ORIGIN is required/);
    expect(loadConfig({ ...prod, SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn/' }).publicOrigin).toBe('https://id.example.gov.cn');
    expect(loadConfig({ SHENFEN_MODE: 'development' }).publicOrigin).toBe('http://localhost:3000');
    expect(loadConfig({ SHENFEN_MODE: 'development', PORT: '8080' }).publicOrigin).toBe('http://localhost:8080');
  });

  it('is the OIDC issuer whatever Host the first request names, and the only Origin a write is taken from', async () => {
    const discovery = await withHost('/oidc/.well-known/openid-configuration', 'evil.example');
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.body).issuer).toBe(`${server.url}/oidc`);
    // A page served under another Host name cannot write with that name as its Origin.
    const agent = new Agent(server.url);
    const token = await agent.refreshCsrf();
    const forged = await withHost('/api/flows/login', 'evil.example', 'POST', { origin: 'http://evil.example', cookie: agent.cookieHeader(), 'x-csrf-token': token, 'content-type': 'application/json' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.code).toBe('csrf.invalid');
    expect((await agent.call('POST', '/api/flows/login', {}, { origin: server.url })).status).toBe(201);
  });
});

describe('the development outboxes', () => {
  it('answer this machine only: 404 to any other address, also when a trusted proxy names one', async () => {
    const direct = await buildApp(server.ctx, { webRoot: '/nonexistent' });
    const proxied = await buildApp({ ...server.ctx, config: { ...server.ctx.config, trustProxy: true } }, { webRoot: '/nonexistent' });
    try {
      for (const url of ['/dev/sms-outbox', '/dev/mail-outbox']) {
        expect((await direct.inject({ url, remoteAddress: '127.0.0.1' })).statusCode, url).toBe(200);
        expect((await direct.inject({ url, remoteAddress: '::1' })).statusCode, url).toBe(200);
        const lan = await direct.inject({ url, remoteAddress: '192.168.1.20' });
        expect(lan.statusCode, url).toBe(404);
        expect(lan.json().error.code).toBe('request.not_found');
        expect((await direct.inject({ url, remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode, url).toBe(404);
        expect((await proxied.inject({ url, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode, url).toBe(404);
      }
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

describe('shenfen serve --demo and seed', () => {
  // The built CLI (`npm test` builds first).
  const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
  const production = { ...process.env, SHENFEN_MODE: 'production', SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true', SHENFEN_DATA_KEY: Buffer.alloc(32, 1).toString('base64'), DATABASE_URL: '' };

  for (const args of [['serve', '--demo'], ['seed']]) {
    it(`refuses \`${args.join(' ')}\` in production with a message and a non-zero exit, before touching a store`, async () => {
      const run = promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...production, SHENFEN_DATA_DIR: '/nonexistent/shenfen' }, timeout: 60_000 });
      const failed = await run.then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/refused: .*demo accounts.*published.*refused in production/);
    });
  }
});
