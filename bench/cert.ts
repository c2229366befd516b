/**
 * Certificate login (issue 15): SM2-with-SM3 signature verifications per CPU-second — one core —
 * beside RSA-2048 (PKCS#1 v1.5, SHA-256) and ECDSA P-256, the target being ≥ 1,000 SM2 verifies a
 * second per core (≤ 1 ms each); then 数字证书登录 end to end (login flow, challenge, the chain to
 * the anchor and the signature verified, the binding, history, audit, L5 evidence, session) per
 * server CPU-second, with a client process signing as the UKey would. The CA is made in code
 * (src/certs/make.ts) and makes no CRL, so the bench runs with unchecked revocation allowed: a
 * CRL check adds one indexed read and the parse of the CA's CRL (not measured here).
 *
 *   npm run bench:cert       (PGlite in memory; DATABASE_URL=postgres://… for a server)
 */
import { fork } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HASH_KIND } from '../src/accounts/accounts.js';
import { insertPerson } from '../src/accounts/create-person.js';
import { createContext } from '../src/bootstrap.js';
import { schemeByName, verifySm2, verifyWith, readPublicKey } from '../src/certs/algorithms.js';
import { addAnchors } from '../src/certs/anchors.js';
import { bind } from '../src/certs/bindings.js';
import { parseCertificate, toPem } from '../src/certs/certificate.js';
import { makeSm2Certificate, sm2KeyPair, sm2Sign } from '../src/certs/make.js';
import { testConfig } from '../src/config.js';
import { gb11643CheckDigit } from '../src/domain/gb11643.js';
import { buildApp } from '../src/http/app.js';
import { dropSchema } from './postgres.js';

const N = Number(process.env.BENCH_SIGNATURES ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PEOPLE = 20;
const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Calls per CPU-second of `f` on this one thread, after a warm-up. */
function perCpuSecond(f: () => unknown, n = N): number {
  for (let i = 0; i < n / 10; i++) f();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

function verifies() {
  const data = Buffer.from(`Shenfen certificate sign_in\norigin=https://id.example.gov.cn\nchallenge=${randomBytes(32).toString('base64url')}\n`);
  const sm2Key = sm2KeyPair();
  const sm2Sig = sm2Sign(sm2Key, data);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaSig = sign('sha256', data, rsa.privateKey);
  const rsaKey = readPublicKey(new Uint8Array(rsa.publicKey.export({ format: 'der', type: 'spki' })));
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecSig = sign('sha256', data, ec.privateKey);
  const ecKey = readPublicKey(new Uint8Array(ec.publicKey.export({ format: 'der', type: 'spki' })));
  const check = (ok: boolean) => {
    if (!ok) throw new Error('a benchmark signature did not verify');
  };
  // Keys seen for the first time (a person's first login): verified as they come.
  const fresh = Array.from({ length: Math.max(50, N / 10) }, () => {
    const k = sm2KeyPair();
    return { k, sig: sm2Sign(k, data) };
  });
  const cpuFresh = process.cpuUsage();
  for (const f of fresh) check(verifySm2(f.k.publicKey, data, f.sig));
  const used = process.cpuUsage(cpuFresh);
  const sm2First = fresh.length / ((used.user + used.system) / 1e6);
  // A key seen before (the CA's, which signs every certificate; a person signing in again): precomputed.
  const sm2 = perCpuSecond(() => check(verifySm2(sm2Key.publicKey, data, sm2Sig)));
  const rsaRate = perCpuSecond(() => check(verifyWith(rsaKey, schemeByName('rsa-pkcs1-sha256'), data, rsaSig)), N * 5);
  const ecRate = perCpuSecond(() => check(verifyWith(ecKey, schemeByName('ecdsa-sha256'), data, ecSig)), N * 5);
  console.log(`Signature verifications per CPU-second (one core), Node.js ${process.versions.node}, OpenSSL ${process.versions.openssl}`);
  console.log(`SM2-with-SM3 (sm-crypto-v2), known key ${sm2.toFixed(0).padStart(7)}  ${(1000 / sm2).toFixed(3)} ms each  (target ≥ 1,000: ${sm2 >= 1000 ? 'met' : 'NOT met'})`);
  console.log(`SM2-with-SM3, a key's first verify .... ${sm2First.toFixed(0).padStart(7)}  ${(1000 / sm2First).toFixed(3)} ms each`);
  console.log(`RSA-2048 PKCS#1 v1.5 SHA-256 ........... ${rsaRate.toFixed(0).padStart(7)}`);
  console.log(`ECDSA P-256 SHA-256 .................... ${ecRate.toFixed(0).padStart(7)}`);
}

async function logins() {
  const schema = DATABASE_URL ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  const base = testConfig({ databaseUrl: DATABASE_URL });
  const limits = Object.fromEntries(Object.entries(base.limits).map(([k, l]) => [k, { ...l, max: 1e9 }])) as typeof base.limits;
  const config = { ...base, limits, certs: { ...base.certs, uncheckedRevocation: 'allow' as const } };
  const ctx = await createContext(config, { dataKey: randomBytes(32), ...(schema ? { schema } : {}), inMemory: true }, () => {});
  const app = await buildApp(ctx, { webRoot: '/nonexistent' });
  try {
    const now = Date.now();
    const caKey = sm2KeyPair();
    const caName: [string, string][] = [['2.5.4.6', 'CN'], ['2.5.4.3', 'Bench SM2 CA']];
    const ca = makeSm2Certificate({ subject: caName, issuer: caName, subjectKey: caKey.publicKey, issuerKey: caKey, ca: true, notBefore: new Date(now - 86400_000), notAfter: new Date(now + 365 * 86400_000) });
    await addAnchors(ctx, Buffer.from(toPem(ca)), 'bench');
    const hash = await ctx.passwords.hash('Bench#Pass2026');
    const people: { key: ReturnType<typeof sm2KeyPair>; certificate: string }[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const body = `51010419800101${String(i).padStart(3, '0')}`;
      const idNumber = body + gb11643CheckDigit(body);
      const accountId = await ctx.db.transaction().execute((tx) =>
        insertPerson(ctx, tx, {
          username: `certbench${i}`,
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
      const key = sm2KeyPair();
      const der = makeSm2Certificate({ subject: [['2.5.4.3', '测试'], ['2.5.4.5', idNumber]], issuer: caName, subjectKey: key.publicKey, issuerKey: caKey, ca: false, notBefore: new Date(now - 86400_000), notAfter: new Date(now + 30 * 86400_000) });
      await bind(ctx, { accountId: accountId, accountKind: 'person', leaf: parseCertificate(der), via: 'counter', boundBy: 'bench', ip: null });
      people.push({ key, certificate: Buffer.from(der).toString('base64') });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    ctx.config.publicOrigin = `http://localhost:${port}`;
    const cpu0 = process.cpuUsage();
    const client = fork(fileURLToPath(new URL('./cert-client.js', import.meta.url)), [], { stdio: 'inherit' });
    const result = await new Promise<{ ok: number; failed: number }>((resolve, reject) => {
      client.once('message', (m) => resolve(m as { ok: number; failed: number }));
      client.once('error', reject);
      client.send({ url: `http://localhost:${port}`, people, chain: [], seconds: SECONDS, concurrency: CONCURRENCY });
    });
    client.kill();
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`\n数字证书登录 end to end, ${DATABASE_URL ? 'PostgreSQL' : 'PGlite (in process: its CPU counts as the server’s)'}, ${SECONDS}s, ${CONCURRENCY} tabs`);
    console.log(`certificate logins ................ ${result.ok}  (${result.failed} failed)`);
    console.log(`logins per server CPU-second ...... ${(result.ok / cpuSeconds).toFixed(1)}`);
    console.log(`server CPU per login .............. ${((cpuSeconds * 1000) / Math.max(1, result.ok)).toFixed(2)} ms`);
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await ctx.store.close();
    if (DATABASE_URL && schema) await dropSchema(DATABASE_URL, schema);
  }
}

verifies();
logins().catch((err) => {
  console.error(err);
  process.exit(1);
});
