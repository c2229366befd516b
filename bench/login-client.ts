/** The benchmark's browser side, in its own process: full logins in a loop (keep-alive), then the count. */

interface Job {
  url: string;
  usernames: string[];
  password: string;
  captcha: string;
  seconds: number;
  concurrency: number;
}

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

async function oneLogin(job: Job, username: string): Promise<boolean> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${job.url}/api/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const headers = () => ({ 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookie() });
  const flowRes = await fetch(`${job.url}/api/flows/login`, { method: 'POST', headers: headers(), body: '{}' });
  const { flow } = (await flowRes.json()) as { flow: { id: string } };
  const img = await fetch(`${job.url}/api/flows/${flow.id}/captcha`, { headers: { cookie: cookie() } });
  await img.arrayBuffer();
  const res = await fetch(`${job.url}/api/flows/login/${flow.id}/password`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ identifier: username, password: job.password, captcha: job.captcha }),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

process.once('message', async (job: Job) => {
  let ok = 0;
  let failed = 0;
  const end = Date.now() + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, worker) => {
      let i = worker;
      while (Date.now() < end) {
        const username = job.usernames[i % job.usernames.length]!;
        i += job.concurrency;
        if (await oneLogin(job, username).catch(() => false)) ok++;
        else failed++;
      }
    }),
  );
  const cpu = process.cpuUsage();
  console.log(`client CPU per login ............... ${((cpu.user + cpu.system) / 1000 / Math.max(1, ok)).toFixed(2)} ms`);
  process.send!({ ok, failed });
});
