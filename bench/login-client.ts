/**
 * The benchmark's browser side, in its own process: each virtual user is one browser tab that
 * signs in again and again, as the SPA does it — start a login flow (its captcha comes inline),
 * post the password, keep the rotated CSRF token. Plain node:http with keep-alive.
 */
import http from 'node:http';
import { solvePow } from '../src/connectors/captcha/pow.js';

interface Job {
  url: string;
  usernames: string[];
  password: string;
  captcha: string;
  seconds: number;
  concurrency: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, cookies: setCookie, body: Buffer.concat(chunks).toString('utf8') });
      });
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

async function oneLogin(tab: Tab, job: Job, username: string): Promise<boolean> {
  const flow = await tab.send('POST', '/api/flows/login', {});
  if (flow.status !== 201) return false;
  // The proof of work as the SPA's worker solves it (the bench server sets a low difficulty).
  const pow = String(solvePow(flow.json.flow.pow));
  const res = await tab.send('POST', `/api/flows/login/${flow.json.flow.id}/password`, { identifier: username, password: job.password, captcha: job.captcha, pow });
  if (res.status !== 200) return false;
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
      let i = worker;
      while (Date.now() < end) {
        const username = job.usernames[i % job.usernames.length]!;
        i += job.concurrency;
        if (await oneLogin(tab, job, username).catch(() => false)) ok++;
        else failed++;
      }
    }),
  );
  const cpu = process.cpuUsage();
  console.log(`client CPU per login ............... ${((cpu.user + cpu.system) / 1000 / Math.max(1, ok)).toFixed(2)} ms`);
  process.send!({ ok, failed });
});
