/**
 * Pulling the retiree registry (issue 14, src/pension/source.ts): the sandbox source page by page,
 * and the signed HTTP bridge — a deployer's bridge answering from the sandbox — imported all or
 * nothing; a bridge whose answers are not signed with the shared secret writes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgNonceStore } from '../../src/connectors/realname/signing.js';
import { portraitImage } from '../../src/connectors/face/portraits.js';
import { ssnHash } from '../../src/pension/registry.js';
import { generateRetirees } from '../../src/pension/sandbox.js';
import { answerRegistryPage, createHttpRegistrySource, createSandboxRegistrySource, pullRegistry } from '../../src/pension/source.js';
import { startServer, type TestServer } from '../helpers/server.js';

const KEY_ID = 'si-bridge';
const SECRET = 'pension-bridge-secret-0123456789abcdef';
let server: TestServer;
let bridge: Server;
let url = '';
let responseSecret = SECRET;
let seed = (process.pid % 1000) * 1000 + 900;
let rows = generateRetirees(5, ++seed);

beforeAll(async () => {
  server = await startServer();
  const nonces = pgNonceStore(server.ctx.db, server.ctx.clock);
  bridge = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const source = createSandboxRegistrySource(rows, { pageSize: 2, photo: new Uint8Array(await portraitImage('a')) });
        const answer = await answerRegistryPage(
          { method: req.method ?? '', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') },
          source,
          { keyId: KEY_ID, secret: responseSecret, secretFor: (k) => (k === KEY_ID ? SECRET : undefined), nonces, now: server.ctx.clock.now() },
        );
        res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json' }).end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => bridge?.close(r));
  await server?.close();
});

const found = async (ssn: string) => server.ctx.db.selectFrom('pension_retirees').select(['id', 'photo_enc']).where('ssn_hash', '=', ssnHash(server.ctx, ssn)).executeTakeFirst();

describe('pulling the registry', () => {
  it('imports every page of the sandbox source in one go', async () => {
    const local = generateRetirees(5, ++seed);
    const report = await pullRegistry(server.ctx, createSandboxRegistrySource(local, { pageSize: 2 }), 'test');
    expect(report).toMatchObject({ rows: 5, created: 5, errors: [] });
    for (const r of local) expect(await found(r.ssn)).toBeDefined();
  });

  it('imports through the signed HTTP bridge, photos included', async () => {
    rows = generateRetirees(5, ++seed);
    const source = createHttpRegistrySource({ baseUrl: url, keyId: KEY_ID, secret: SECRET, clock: server.ctx.clock });
    const report = await pullRegistry(server.ctx, source, 'test');
    expect(report).toMatchObject({ rows: 5, created: 5, photos: 5, errors: [] });
    for (const r of rows) expect((await found(r.ssn))?.photo_enc).toBeTruthy();
  });

  it('writes nothing when the bridge’s answers are not signed with the shared secret, or it refuses the key', async () => {
    rows = generateRetirees(5, ++seed);
    responseSecret = 'another-secret-another-secret-0123456';
    try {
      expect(await pullRegistry(server.ctx, createHttpRegistrySource({ baseUrl: url, keyId: KEY_ID, secret: SECRET, clock: server.ctx.clock }), 'test')).toBe('unavailable');
    } finally {
      responseSecret = SECRET;
    }
    expect(await pullRegistry(server.ctx, createHttpRegistrySource({ baseUrl: url, keyId: 'other', secret: SECRET, clock: server.ctx.clock }), 'test')).toBe('unavailable');
    for (const r of rows) expect(await found(r.ssn)).toBeUndefined();
  });
});
