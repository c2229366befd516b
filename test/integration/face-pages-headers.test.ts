// Issue 13 (and 14): the camera is allowed for Shenfen's own origin on the capture pages' documents only
// (src/shared/capture-pages.ts); every other page, asset and API answer keeps `camera=()`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_PAGES } from '../../src/shared/capture-pages.js';
import { Agent } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';

const FORBIDDEN = 'camera=(), microphone=(), geolocation=()';
const ALLOWED = 'camera=(self), microphone=(), geolocation=()';
const SPA_CSP = "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self'";
const CAPTURE_CSP = SPA_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

describe('Permissions-Policy on the capture pages', () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shenfen-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>身份</title><div id="root"></div>');
    writeFileSync(join(root, 'assets/index-AbCd1234.js'), 'console.log(1)');
    server = await startServer({}, { webRoot: root });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('allows the camera for our own origin on 人脸识别认证, 刷脸认证找回 and the pension 人脸认证, and lets WebAssembly compile there', async () => {
    const agent = new Agent(server.url);
    expect(CAPTURE_PAGES).toEqual(['/account/real-name/face', '/login/forgot-password/face', '/pension/certify']);
    for (const path of [...CAPTURE_PAGES, '/login/forgot-password/face?lang=en-US', '/account/real-name/face/', '/pension/certify/']) {
      const res = await agent.raw('GET', path);
      expect(res.status, path).toBe(200);
      expect(String(res.body), path).toContain('<div id="root">');
      expect(res.headers.get('permissions-policy'), path).toBe(ALLOWED);
      expect(res.headers.get('content-security-policy'), path).toBe(CAPTURE_CSP);
      // The rest of the page's headers stay as on every SPA page.
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('keeps camera=() on every other page, asset and API answer, the neighbours of the capture pages included', async () => {
    const agent = new Agent(server.url);
    const paths = ['/', '/login', '/login/forgot-password', '/account/real-name', '/account', '/account/real-name/face2', '/login/forgot-password/face/x', '/pension', '/pension/center', '/pension/certify/x', '/assets/index-AbCd1234.js', '/api/meta', '/api/account/real-name/face'];
    for (const path of paths) {
      const res = await agent.raw('GET', path);
      expect(res.headers.get('permissions-policy'), path).toBe(FORBIDDEN);
      expect(res.headers.get('content-security-policy'), path).toBe(SPA_CSP);
    }
  });
});
