/** The client_credentials benchmark's load, in its own process: token requests over keep-alive. */
import http from 'node:http';

interface Job {
  url: string;
  clientSecret: string;
  seconds: number;
  concurrency: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function token(job: Job, body: string, auth: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL('/oidc/token', job.url),
      { method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

process.once('message', async (job: Job) => {
  const auth = `Basic ${Buffer.from(`bench:${encodeURIComponent(job.clientSecret)}`).toString('base64')}`;
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: 'urn:shenfen:api:api' }).toString();
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const end = Date.now() + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (Date.now() < end) {
        const status = await token(job, body, auth).catch(() => 0);
        if (status === 200) ok++;
        else failed++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  process.send!({ ok, failed, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
});
