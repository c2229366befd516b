/**
 * client_credentials tokens per server CPU-second on PostgreSQL: ES256 JWT access tokens for a
 * business system API, keep-alive connections, the load from a separate process. Printed beside
 * Keycloak's published figure of 120 per vCPU; the target is ≥ 3,000.
 *
 * CPU-seconds on a shared virtual machine drift by ±20 % from minute to minute, so the run
 * interleaves ROUNDS rounds of Shenfen with rounds of a bare Node.js HTTP server answering a
 * token-sized JSON body to the same load (the most any Node.js server can do on this host), and
 * prints medians and their ratio: the ratio is the figure to compare across hosts and commits.
 *
 *   npm run bench:cc         (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 */
import { fork } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { addBusinessSystem } from '../src/business-systems/business-systems.js';
import { createContext } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { LocalSigningKey } from '../src/protocols/oidc/signing-key.js';
import { dropSchema, postgresCpuMs } from './postgres.js';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const KEYCLOAK_PER_VCPU = 120;
const TARGET = 3000;
/** With BENCH_PROFILE=<file.cpuprofile>, Shenfen's rounds (not the bare server's) are CPU-profiled into that file. */
const PROFILE = process.env.BENCH_PROFILE;

interface Round {
  ok: number;
  failed: number;
  perCpuSecond: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  pgCpuSeconds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => n.toFixed(0).padStart(6);

/** One timed round of load against `url`, with the server's (this process's) CPU measured around it. */
async function round(url: string, clientSecret: string): Promise<Round> {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  const { ok, failed, cpuSeconds } = await runClient({ url, clientSecret, seconds: SECONDS, concurrency: CONCURRENCY });
  const cpu = process.cpuUsage(cpu0);
  const serverCpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { ok, failed, perCpuSecond: ok / serverCpuSeconds, serverCpuSeconds, clientCpuSeconds: cpuSeconds, pgCpuSeconds: (postgresCpuMs() - pg0) / 1000 };
}

/** A bare Node.js HTTP server that reads the request and answers `body` as JSON: this host's ceiling. */
async function bareServer(body: string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

/** ES256 signatures per CPU-second as Shenfen makes them (LocalSigningKey), for scale. */
function rawSignsPerCpuSecond(): number {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = new LocalSigningKey({ ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256' });
  const data = Buffer.alloc(420, 'x');
  const cpu0 = process.cpuUsage();
  const n = 20_000;
  for (let i = 0; i < n; i++) key.sign(data);
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

async function main() {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const ctx = await createContext(testConfig({ databaseUrl: DATABASE_URL }), { dataKey: randomBytes(32), schema, inMemory: true }, () => {});
  const app = await buildApp(ctx, { webRoot: '/nonexistent' });
  const bare = await bareServer(JSON.stringify({ access_token: 'x'.repeat(560), expires_in: 600, token_type: 'Bearer', scope: 'api' }));
  try {
    const { clientSecret } = await addBusinessSystem(ctx, { id: 'bench', name: 'bench', oidc: { redirectUris: ['https://bench.example/cb'], grantTypes: ['client_credentials'] } });
    await addBusinessSystem(ctx, { id: 'api', name: 'api', apiClients: ['bench'] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    ctx.config.publicOrigin = url;
    console.log(
      `Shenfen client_credentials benchmark — Node.js ${process.versions.node}, PostgreSQL, ${ROUNDS} × ${SECONDS}s interleaved with a bare Node.js server, concurrency ${CONCURRENCY}, ES256 JWT access tokens, keep-alive`,
    );

    // Warm up: provider creation, key loading, JIT.
    await runClient({ url, clientSecret: clientSecret!, seconds: 2, concurrency: CONCURRENCY });
    await runClient({ url: bare.url, clientSecret: '-', seconds: 1, concurrency: CONCURRENCY });
    const profiler = PROFILE ? new Session() : undefined;
    const profiles: unknown[] = [];
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    const shenfen: Round[] = [];
    const ceiling: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ceiling.push(await round(bare.url, '-'));
      if (profiler) await profiler.post('Profiler.start');
      const r = await round(url, clientSecret!);
      if (profiler) await profiler.post('Profiler.stop').then(({ profile }) => profiles.push(profile));
      shenfen.push(r);
      console.log(
        `round ${i + 1}: Shenfen ${fmt(r.perCpuSecond)} tokens per server CPU-second (${fmt(r.ok / SECONDS)}/s wall, ${r.failed} failed; load generator ${r.clientCpuSeconds.toFixed(1)} CPU-s)   bare Node.js ${fmt(ceiling[i]!.perCpuSecond)} responses per CPU-second`,
      );
    }
    if (PROFILE) writeFileSync(PROFILE, JSON.stringify(profiles.at(-1)));
    const perServerCpu = median(shenfen.map((r) => r.perCpuSecond));
    const bareMedian = median(ceiling.map((r) => r.perCpuSecond));
    const withPg = median(shenfen.map((r) => r.ok / (r.serverCpuSeconds + (Number.isNaN(r.pgCpuSeconds) ? 0 : r.pgCpuSeconds))));
    const failed = shenfen.reduce((n, r) => n + r.failed, 0);
    const signs = rawSignsPerCpuSecond();
    console.log(`tokens per server CPU-second, median ..... ${fmt(perServerCpu)}  (target ≥ ${TARGET}: ${perServerCpu >= TARGET ? 'met' : 'NOT met'})`);
    console.log(`tokens per (server + PostgreSQL) CPU-s ... ${fmt(withPg)}`);
    console.log(`bare Node.js responses per CPU-second .... ${fmt(bareMedian)}  (Shenfen reaches ${((perServerCpu / bareMedian) * 100).toFixed(1)} % of it)`);
    console.log(`raw ES256 signatures per CPU-second ...... ${fmt(signs)}  (signing is ≈ ${((perServerCpu / signs) * 100).toFixed(0)} % of a token's CPU)`);
    console.log(`Keycloak, published ...................... ${fmt(KEYCLOAK_PER_VCPU)} per vCPU  (ratio ${(perServerCpu / KEYCLOAK_PER_VCPU).toFixed(1)}×)`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    bare.server.close();
    await app.close();
    await ctx.store.close();
    await dropSchema(DATABASE_URL, schema);
  }
}

function runClient(job: { url: string; clientSecret: string; seconds: number; concurrency: number }) {
  const child = fork(fileURLToPath(new URL('./cc-client.js', import.meta.url)), [], { stdio: 'inherit' });
  return new Promise<{ ok: number; failed: number; cpuSeconds: number }>((resolve, reject) => {
    child.once('message', (m) => {
      child.kill();
      resolve(m as { ok: number; failed: number; cpuSeconds: number });
    });
    child.once('error', reject);
    child.send(job);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
