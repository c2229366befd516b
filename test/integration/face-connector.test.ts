/**
 * The face authority (issue 13): the sandbox compares a frame with the built-in portrait of the
 * identity on the real model (and answers 0 for an identity it holds none for, or a wrong name);
 * the signed HTTP bridge carries the same call, and anything but a well-signed, well-formed answer
 * is "unavailable", never a similarity.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_COMPARE_PATH, FaceAuthorityUnavailable, setSandboxPortrait } from '../../src/connectors/face/index.js';
import { createHttpFaceAuthority } from '../../src/connectors/face/http.js';
import { pgNonceStore, signResponse, verifySignedRequest } from '../../src/connectors/realname/index.js';
import { facePhoto } from '../helpers/face-media.js';
import { newPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

const KEY_ID = 'shenfen-test';
const SECRET = 'a-test-secret-of-at-least-32-characters!';

let server: TestServer;
let bridge: Server;
let url: string;
/** What the bridge answers instead of the sandbox's comparison, when set. */
let override: { body: string; secret?: string } | null = null;

beforeAll(async () => {
  server = await startServer();
  const nonces = pgNonceStore(server.ctx.db, server.ctx.clock);
  bridge = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const path = (req.url ?? '/').split('?')[0]!;
        const verdict = await verifySignedRequest({ method: req.method ?? '', path, headers: req.headers, body }, { secretFor: (k) => (k === KEY_ID ? SECRET : undefined), nonces, now: server.ctx.clock.now() });
        if (!verdict.ok || path !== FACE_COMPARE_PATH) {
          res.writeHead(401).end();
          return;
        }
        const i = JSON.parse(body.toString('utf8')) as { name: string; idNumber: string; image: string };
        const out = override?.body ?? JSON.stringify(await server.ctx.face.compare(i.name, i.idNumber, Buffer.from(i.image, 'base64')));
        const headers = signResponse({ keyId: KEY_ID, secret: override?.secret ?? SECRET, path, requestNonce: String(req.headers['x-shenfen-nonce']), body: out, now: server.ctx.clock.now() });
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(out);
      })();
    });
  });
  await new Promise<void>((r) => bridge.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((r) => bridge?.close(r));
  await server?.close();
});

describe('the sandbox face authority', () => {
  it('compares with the portrait of the identity; none held, or another name, is similarity 0', async () => {
    const p = newPerson();
    await setSandboxPortrait(server.ctx, p, 'a');
    const same = await server.ctx.face.compare(p.name, p.idNumber, facePhoto('a'));
    const other = await server.ctx.face.compare(p.name, p.idNumber, facePhoto('b'));
    const threshold = server.ctx.config.face.thresholds.match;
    expect(same.source).toBe('sandbox:face');
    expect(same.similarity).toBeGreaterThan(threshold);
    expect(other.similarity).toBeLessThan(threshold);
    expect((await server.ctx.face.compare('王五', p.idNumber, facePhoto('a'))).similarity).toBe(0);
    expect((await server.ctx.face.compare(p.name, newPerson().idNumber, facePhoto('a'))).similarity).toBe(0);
  }, 120_000);
});

describe('the face authority over the signed HTTP bridge', () => {
  it('carries the comparison, and refuses badly signed or malformed answers', async () => {
    const p = newPerson();
    await setSandboxPortrait(server.ctx, p, 'a');
    const http = createHttpFaceAuthority({ baseUrl: url, keyId: KEY_ID, secret: SECRET, clock: server.ctx.clock });
    const local = await server.ctx.face.compare(p.name, p.idNumber, facePhoto('a'));
    const remote = await http.compare(p.name, p.idNumber, facePhoto('a'));
    expect(remote.similarity).toBeCloseTo(local.similarity, 5);
    expect(remote.source).toBe('sandbox:face');
    for (const o of [{ body: JSON.stringify({ similarity: 0.9, source: 'x' }), secret: 'another-secret-of-at-least-32-characters' }, { body: JSON.stringify({ similarity: 1.5, source: 'x' }) }, { body: '{"similarity":"high"}' }]) {
      override = o;
      await expect(http.compare(p.name, p.idNumber, facePhoto('a'))).rejects.toBeInstanceOf(FaceAuthorityUnavailable);
    }
    override = null;
    const wrongKey = createHttpFaceAuthority({ baseUrl: url, keyId: KEY_ID, secret: 'not-the-secret-but-at-least-32-characters', clock: server.ctx.clock });
    await expect(wrongKey.compare(p.name, p.idNumber, facePhoto('a'))).rejects.toBeInstanceOf(FaceAuthorityUnavailable);
  }, 120_000);
});
