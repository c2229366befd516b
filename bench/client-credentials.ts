/**
 * client_credentials tokens per server CPU-second on PostgreSQL: ES256 JWT access tokens for a
 * business system API, keep-alive connections, the load from a separate process. Printed beside
 * Keycloak's published figure of 120 per vCPU; the target is ≥ 3,000.
 *
 *   npm run bench:cc         (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { addBusinessSystem } from '../src/business-systems/business-systems.js';
import { createContext } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { dropSchema, postgresCpuMs } from './postgres.js';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const KEYCLOAK_PER_VCPU = 120;

async function main() {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const ctx = await createContext(testConfig({ databaseUrl: DATABASE_URL }), { dataKey: randomBytes(32), schema, inMemory: true }, () => {});
  const app = await buildApp(ctx, { webRoot: '/nonexistent' });
  try {
    const { clientSecret } = await addBusinessSystem(ctx, { id: 'bench', name: 'bench', oidc: { redirectUris: ['https://bench.example/cb'], grantTypes: ['client_credentials'] } });
    await addBusinessSystem(ctx, { id: 'api', name: 'api' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    console.log(`Shenfen client_credentials benchmark — PostgreSQL, ${SECONDS}s, concurrency ${CONCURRENCY}, ES256 JWT access tokens, keep-alive`);

    // Warm up: provider creation, key loading, JIT.
    await runClient({ url, clientSecret: clientSecret!, seconds: 2, concurrency: CONCURRENCY });
    const cpu0 = process.cpuUsage();
    const pg0 = postgresCpuMs();
    const { ok, failed } = await runClient({ url, clientSecret: clientSecret!, seconds: SECONDS, concurrency: CONCURRENCY });
    const cpu = process.cpuUsage(cpu0);
    const serverCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const pgCpuSeconds = (postgresCpuMs() - pg0) / 1000;
    const perServerCpu = ok / serverCpuSeconds;
    console.log(`tokens/s (wall) .......................... ${(ok / SECONDS).toFixed(0)}  (${failed} failed)`);
    console.log(`server CPU seconds ....................... ${serverCpuSeconds.toFixed(2)}`);
    console.log(`tokens per server CPU-second ............. ${perServerCpu.toFixed(0)}  (target ≥ 3000: ${perServerCpu >= 3000 ? 'met' : 'NOT met'})`);
    if (!Number.isNaN(pgCpuSeconds)) console.log(`tokens per (server + PostgreSQL) CPU-second ${(ok / (serverCpuSeconds + pgCpuSeconds)).toFixed(0)}`);
    console.log(`Keycloak, published ...................... ${KEYCLOAK_PER_VCPU} per vCPU  (ratio ${(perServerCpu / KEYCLOAK_PER_VCPU).toFixed(1)}×)`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await ctx.store.close();
    await dropSchema(DATABASE_URL, schema);
  }
}

function runClient(job: { url: string; clientSecret: string; seconds: number; concurrency: number }) {
  const child = fork(fileURLToPath(new URL('./cc-client.js', import.meta.url)), [], { stdio: 'inherit' });
  return new Promise<{ ok: number; failed: number }>((resolve, reject) => {
    child.once('message', (m) => {
      child.kill();
      resolve(m as { ok: number; failed: number });
    });
    child.once('error', reject);
    child.send(job);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
