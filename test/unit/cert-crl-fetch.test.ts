/** The CRL fetcher's limits (src/certs/revocation.ts): http only, no redirects, bounded size and time. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpCrlFetcher } from '../../src/certs/revocation.js';

let server: Server;
let base: string;
const limits = { timeoutMs: 2000, maxBytes: 1000 };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/small') res.end(Buffer.alloc(500, 1));
    else if (req.url === '/large') res.end(Buffer.alloc(5000, 1));
    else if (req.url === '/chunked-large') {
      // No content-length: the body is counted as it arrives.
      res.write(Buffer.alloc(600, 1));
      res.end(Buffer.alloc(600, 1));
    } else if (req.url === '/redirect') res.writeHead(302, { location: '/small' }).end();
    else if (req.url === '/never') {
      /* never answers: the timeout ends it */
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('fetches a CRL within the size limit', async () => {
  expect((await httpCrlFetcher(`${base}/small`, limits)).length).toBe(500);
});

it('refuses a body over the limit, whether declared or streamed', async () => {
  await expect(httpCrlFetcher(`${base}/large`, limits)).rejects.toThrow(/too large/);
  await expect(httpCrlFetcher(`${base}/chunked-large`, limits)).rejects.toThrow(/too large/);
});

it('does not follow redirects, and refuses https and other schemes', async () => {
  await expect(httpCrlFetcher(`${base}/redirect`, limits)).rejects.toThrow(/302/);
  await expect(httpCrlFetcher('https://127.0.0.1:1/x.crl', limits)).rejects.toThrow(/only http/);
  await expect(httpCrlFetcher('file:///etc/passwd', limits)).rejects.toThrow(/only http/);
});

it('gives up after the time limit', async () => {
  await expect(httpCrlFetcher(`${base}/never`, { ...limits, timeoutMs: 200 })).rejects.toThrow();
});
