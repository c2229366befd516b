/**
 * The client_credentials benchmark's load, in its own process: token requests over keep-alive
 * connections, one request at a time per connection (no pipelining).
 *
 * It speaks HTTP/1.1 over plain sockets instead of node:http's client: the load generator shares
 * this host's two cores with the server it measures, and node:http's client spent ≈ 140 µs of CPU
 * per request (0.45 of a core at 3,000 requests/s), slowing the server's own work on the other core.
 * A fixed request and a response read up to its Content-Length cost a fraction of that.
 */
import net from 'node:net';

interface Job {
  url: string;
  clientSecret: string;
  seconds: number;
  concurrency: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Reads responses off one keep-alive connection: each call waits for the next complete response and gives its status. */
function responses(socket: net.Socket) {
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: { resolve: (status: number) => void; reject: (err: Error) => void } | undefined;
  const take = () => {
    if (!waiting) return;
    const headerEnd = buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = buffered.toString('latin1', 0, headerEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return fail(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
    const end = headerEnd + HEADER_END.length + Number(length[1]);
    if (buffered.length < end) return;
    buffered = buffered.subarray(end);
    const w = waiting;
    waiting = undefined;
    w.resolve(Number(head.slice(9, 12)));
  };
  const fail = (err: Error) => {
    const w = waiting;
    waiting = undefined;
    w?.reject(err);
    socket.destroy();
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    take();
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  return (request: Buffer) =>
    new Promise<number>((resolve, reject) => {
      waiting = { resolve, reject };
      socket.write(request);
    });
}

process.once('message', async (job: Job) => {
  const url = new URL('/oidc/token', job.url);
  const auth = `Basic ${Buffer.from(`bench:${encodeURIComponent(job.clientSecret)}`).toString('base64')}`;
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: 'urn:shenfen:api:api' }).toString();
  const request = Buffer.from(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\nAuthorization: ${auth}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const end = Date.now() + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (Date.now() < end) {
        const socket = net.connect({ host: url.hostname, port: Number(url.port) });
        socket.setNoDelay(true);
        const send = responses(socket);
        try {
          while (Date.now() < end) {
            if ((await send(request)) === 200) ok++;
            else failed++;
          }
        } catch {
          failed++; // the connection broke: count it and open another
        } finally {
          socket.destroy();
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  process.send!({ ok, failed, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
});
