/**
 * bench/cert.ts's browser and UKey, in their own process so the server's CPU is measured alone:
 * each tab starts a login flow for 数字证书登录, takes a challenge, signs it with its person's SM2
 * key (what the agent would) and signs in. Plain node:http with keep-alive.
 */
import http from 'node:http';
import { sm2Sign, type Sm2KeyPair } from '../src/certs/make.js';

interface Job {
  url: string;
  people: { key: Sm2KeyPair; certificate: string }[];
  chain: string[];
  seconds: number;
  concurrency: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

class Tab {
  private readonly jar = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}
  async send(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
      headers['x-csrf-token'] = this.csrf;
    }
    const res = await request(new URL(path, this.base), method, headers, payload);
    for (const c of res.cookies) {
      const pair = c.split(';')[0]!;
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
  }
}

async function oneLogin(tab: Tab, job: Job, p: Job['people'][number]): Promise<boolean> {
  const flow = await tab.send('POST', '/api/flows/login', { method: 'cert' });
  if (flow.status !== 201) return false;
  const id = flow.json.flow.id as string;
  const ch = await tab.send('POST', `/api/flows/login/${id}/cert-challenge`, {});
  if (ch.status !== 200) return false;
  const signature = sm2Sign(p.key, Buffer.from(ch.json.challenge.toBeSigned, 'utf8')).toString('base64');
  const res = await tab.send('POST', `/api/flows/login/${id}/cert`, { challengeId: ch.json.challenge.id, accountKind: 'person', certificate: p.certificate, chain: job.chain, algorithm: 'sm2-sm3', signature });
  if (res.status !== 200) {
    if (process.env.BENCH_DEBUG) console.error(res.json);
    return false;
  }
  tab.csrf = res.json.csrfToken;
  return true;
}

process.once('message', async (job: Job) => {
  let ok = 0;
  let failed = 0;
  const end = Date.now() + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, worker) => {
      const tab = new Tab(job.url);
      tab.csrf = (await tab.send('GET', '/api/csrf')).json.csrfToken;
      for (let i = worker; Date.now() < end; i += job.concurrency) {
        if (await oneLogin(tab, job, job.people[i % job.people.length]!)) ok++;
        else failed++;
      }
    }),
  );
  process.send!({ ok, failed });
});
