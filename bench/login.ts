/**
 * Password logins per second against raw argon2id verifies per second, in one run on PostgreSQL.
 * A full login is what a browser does: start a login flow, fetch its captcha, post the password
 * (flow, captcha, lockout guard, argon2id verify, session, login history, audit). The ratio shows
 * how much the platform costs beyond the hash; the target is ≥ 0.85.
 *
 *   npm run bench            (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { verify } from '@node-rs/argon2';
import { HASH_KIND } from '../src/accounts/accounts.js';
import { insertPerson } from '../src/accounts/create-person.js';
import { createContext } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { captchaFor } from '../src/connectors/captcha/raster.js';
import { gb11643CheckDigit } from '../src/domain/gb11643.js';
import { buildApp } from '../src/http/app.js';
import { dropSchema, postgresCpuMs } from './postgres.js';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
// Logins wait on the network and the database between hashes: more tabs keep the hash pool busy.
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 16);
const PEOPLE = 40;
const PASSWORD = 'Bench#Pass2026';
export const CAPTCHA = 'K7PX';

async function rawVerifies(hash: string): Promise<number> {
  let count = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        if (!(await verify(hash, PASSWORD))) throw new Error('verify failed');
        count++;
      }
    }),
  );
  return count / SECONDS;
}

async function main() {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const limits = Object.fromEntries(
    Object.entries(testConfig().limits).map(([k, l]) => [k, { ...l, max: 1e9 }]),
  ) as ReturnType<typeof testConfig>['limits'];
  // The browser's proof of work is the client's cost, not the server's: keep it small here.
  const config = testConfig({ databaseUrl: DATABASE_URL, limits, captcha: { powMax: 1000, accessiblePowMax: 1000 } });
  const ctx = await createContext(config, { captcha: { create: () => captchaFor(CAPTCHA) }, dataKey: randomBytes(32), schema, inMemory: true }, () => {});
  const app = await buildApp(ctx, { webRoot: '/nonexistent' });
  try {
    const hash = await ctx.passwords.hash(PASSWORD);
    const usernames: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const body = `44010619800101${String(i).padStart(3, '0')}`;
      const idNumber = body + gb11643CheckDigit(body);
      const username = `bench${i}`;
      usernames.push(username);
      await ctx.db.transaction().execute((tx) =>
        insertPerson(ctx, tx, {
          username,
          passwordHash: hash,
          name: '测试',
          idType: 'resident_id',
          idNumberEnc: ctx.vault.encrypt(idNumber),
          idNumberHash: ctx.vault.lookupHash(HASH_KIND.idNumber, idNumber),
          phoneEnc: ctx.vault.encrypt('13900000000'),
          phoneHash: ctx.vault.lookupHash(HASH_KIND.phone, '13900000000'),
          evidence: [{ method: 'declared_identity', source: 'self', level: 'L2', inputFingerprint: null, expiresAt: null }],
        }),
      );
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    console.log(`Shenfen login benchmark — PostgreSQL (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}), ${SECONDS}s per phase, concurrency ${CONCURRENCY}, argon2id m=19456 t=2 p=1`);
    const raw1 = await rawVerifies(hash);
    console.log(`raw argon2id verifies/s ............ ${raw1.toFixed(1)}`);

    const cpu0 = process.cpuUsage();
    const pg0 = postgresCpuMs();
    const client = fork(fileURLToPath(new URL('./login-client.js', import.meta.url)), [], { stdio: 'inherit' });
    const result = await new Promise<{ ok: number; failed: number }>((resolve, reject) => {
      client.once('message', (m) => resolve(m as { ok: number; failed: number }));
      client.once('error', reject);
      client.send({ url: `http://localhost:${port}`, usernames, password: PASSWORD, captcha: CAPTCHA, seconds: SECONDS, concurrency: LOGIN_CONCURRENCY });
    });
    client.kill();
    const cpu = process.cpuUsage(cpu0);
    const perLogin = (cpu.user + cpu.system) / 1000 / Math.max(1, result.ok);
    console.log(`server CPU per login ............... ${perLogin.toFixed(2)} ms (argon2id verify included)`);
    const pgPerLogin = (postgresCpuMs() - pg0) / Math.max(1, result.ok);
    if (!Number.isNaN(pgPerLogin)) console.log(`PostgreSQL CPU per login ........... ${pgPerLogin.toFixed(2)} ms (local server only)`);
    const logins = result.ok / SECONDS;
    console.log(`full password logins/s ............. ${logins.toFixed(1)}  (${result.failed} failed)`);

    const raw2 = await rawVerifies(hash);
    console.log(`raw argon2id verifies/s (again) .... ${raw2.toFixed(1)}`);
    const raw = (raw1 + raw2) / 2;
    const ratio = logins / raw;
    console.log(`ratio logins / raw verifies ........ ${ratio.toFixed(3)}  (target ≥ 0.85: ${ratio >= 0.85 ? 'met' : 'NOT met'})`);
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await ctx.store.close();
    await dropSchema(DATABASE_URL, schema);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
