/**
 * Reverse-proxy mode (issue 15): nginx (Debian's) terminates TLS with the UKey's client
 * certificate and passes it to Shenfen on X-SSL-Client-Cert, which Shenfen reads only from the
 * configured proxy address (nginx connects from 127.0.0.2 here): the certificate signs in after
 * Shenfen's own chain, revocation and binding checks; a forged header from anywhere else is ignored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addAnchors, addConfiguredCrl } from '../../src/certs/anchors.js';
import { signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { bindCert, opensslSigner } from '../helpers/cert-login.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { openssl, TestCa, type Issued } from '../helpers/test-ca.js';

let server: TestServer;
let nginx: ChildProcess;
let proxyPort: number;
let ca: TestCa;
let dir: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function accepting(port: number) {
  // Wait for what nginx shows (an open port), not for time.
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (ok) return;
    if (nginx.exitCode !== null) throw new Error(readFileSync(join(dir, 'error.log'), 'utf8'));
    await new Promise((r) => setImmediate(r));
  }
}

beforeAll(async () => {
  ca = TestCa.root('rsa');
  server = await startServer({});
  server.ctx.config.certs.proxyFrom = ['127.0.0.2'];
  await addAnchors(server.ctx, Buffer.from(ca.certPem), 'test');
  await addConfiguredCrl(server.ctx, ca.crl(), 'test');
  dir = mkdtempSync(join(tmpdir(), 'shenfen-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt'), '-subj', '/CN=localhost', '-days', '2']);
  proxyPort = await freePort();
  const shenfen = new URL(server.url).port;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${proxyPort} ssl;
    ssl_certificate ${dir}/server.crt;
    ssl_certificate_key ${dir}/server.key;
    # The handshake proves the UKey's key; Shenfen checks chain, dates, revocation and binding itself.
    ssl_verify_client optional_no_ca;
    location / {
      proxy_pass http://127.0.0.1:${shenfen};
      proxy_bind 127.0.0.2;
      proxy_set_header Host $host;
      proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
    }
  }
}
`,
  );
  nginx = spawn(existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  await accepting(proxyPort);
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await server?.close();
});

/** A browser tab through nginx, with the UKey's certificate in the TLS handshake (or none). */
function tlsTab(leaf?: Issued) {
  const jar = new Map<string, string>();
  let csrf = '';
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: proxyPort,
          method,
          path,
          rejectUnauthorized: false,
          ...(leaf ? { key: readFileSync(leaf.keyPath), cert: readFileSync(leaf.certPath) } : {}),
          headers: {
            cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(payload ? { 'content-type': 'application/json', 'x-csrf-token': csrf } : {}),
          },
        },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const pair = c.split(';')[0]!;
            jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
          }
          let raw = '';
          res.setEncoding('utf8').on('data', (d: string) => (raw += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : null }));
        },
      );
      req.on('error', reject).end(payload);
    });
  return {
    async login(accountKind: 'person' | 'org' = 'person') {
      csrf = (await call('GET', '/api/csrf')).body.csrfToken;
      const flow = await call('POST', '/api/flows/login', { method: 'cert' });
      expect(flow.status, JSON.stringify(flow.body)).toBe(201);
      return call('POST', `/api/flows/login/${flow.body.flow.id}/cert-tls`, { accountKind });
    },
  };
}

it('a bound certificate presented to nginx signs in, with Shenfen’s own checks', async () => {
  const p = await signedInPerson(server);
  const leaf = ca.issue({ person: { name: '张三', idNumber: p.person.idNumber } });
  expect((await bindCert(p.agent, opensslSigner(leaf, ca, false))).status).toBe(200);
  const res = await tlsTab(leaf).login();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.account).toMatchObject({ id: p.accountId, assuranceLevel: 'L5' });
  // Revoked: nginx (optional_no_ca) lets it through the handshake; Shenfen refuses it.
  ca.revoke(leaf);
  await addConfiguredCrl(server.ctx, ca.crl(), 'test');
  expect((await tlsTab(leaf).login()).body.error.code).toBe('cert.revoked');
});

it('no client certificate, a certificate of an unknown CA, and a forged header sent straight to Shenfen are refused', async () => {
  expect((await tlsTab().login()).body.error.code).toBe('cert.no_client_certificate');
  const stranger = TestCa.root('rsa').issue({ person: { name: '张三', idNumber: '11010519491231002X' } });
  expect((await tlsTab(stranger).login()).body.error.code).toBe('cert.unknown_ca');

  const p = await signedInPerson(server);
  const leaf = ca.issue({ person: { name: '张三', idNumber: p.person.idNumber } });
  expect((await bindCert(p.agent, opensslSigner(leaf, ca, false))).status).toBe(200);
  const direct = new Agent(server.url);
  const flow = await direct.call('POST', '/api/flows/login', { method: 'cert' });
  const forged = await direct.call('POST', `/api/flows/login/${flow.body.flow.id}/cert-tls`, { accountKind: 'person' }, { 'x-ssl-client-cert': encodeURIComponent(leaf.certPem) });
  expect(forged.body.error.code).toBe('cert.no_client_certificate');
});
