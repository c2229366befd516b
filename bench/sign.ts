/**
 * ES256 token signatures per CPU-second: node:crypto asked for JWS's r‖s form directly
 * (`dsaEncoding: 'ieee-p1363'`) against Shenfen's LocalSigningKey (DER from OpenSSL, converted
 * in JavaScript). The first path is 2.3× slower on Node.js 24; run it under each runtime considered.
 *
 *   npm run bench:sign
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { LocalSigningKey } from '../src/protocols/oidc/signing-key.js';

const N = Number(process.env.BENCH_SIGNATURES ?? 20_000);

/** Calls per CPU-second of `f`, after a warm-up. */
function perCpuSecond(f: () => unknown): number {
  for (let i = 0; i < N / 10; i++) f();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) f();
  const cpu = process.cpuUsage(cpu0);
  return N / ((cpu.user + cpu.system) / 1e6);
}

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key = new LocalSigningKey({ ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256' });
const data = Buffer.alloc(420, 'x'); // the size of a client_credentials access token's signing input
const viaOptions = perCpuSecond(() => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
const viaDer = perCpuSecond(() => key.sign(data));
console.log(`ES256 signatures per CPU-second on Node.js ${process.versions.node} (OpenSSL ${process.versions.openssl})`);
console.log(`node:crypto, dsaEncoding ieee-p1363 ..... ${viaOptions.toFixed(0).padStart(6)}`);
console.log(`LocalSigningKey (DER → r‖s) ............. ${viaDer.toFixed(0).padStart(6)}  (${(viaDer / viaOptions).toFixed(2)}×)`);
