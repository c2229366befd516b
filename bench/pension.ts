/**
 * A certification season in small (issue 14): the registry import — N sandbox retirees (default
 * 10,000) from a CSV, rows per second and the process's memory before and after — then
 * certifications end to end through the HTTP API (sign-in flow, name + number + captcha, capture,
 * frames, the decision on the registry photo, the records), per CPU-minute, beside the face
 * engine's own cost for the same attempts measured in the same run (the frames and the registry
 * photo analysed, the decision taken). The difference is what the rest costs: target ≤ 10 %.
 *
 *   npm run bench:pension                         (PGlite in memory; --count 10000 --certs 10, after one warm-up)
 *   npm run bench:pension -- --count 2000 --certs 5
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:pension
 *
 * The server runs in this process: the CPU of an end-to-end certification includes the client's
 * small share (fetch, JSON, a proof of work kept tiny), so the overhead printed is an upper bound.
 * On PostgreSQL the server's own CPU is printed beside it (PGlite runs inside this process).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createContext } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { captchaFor } from '../src/connectors/captcha/raster.js';
import { portraitImage } from '../src/connectors/face/portraits.js';
import { decide } from '../src/face/decide.js';
import { faceEngine } from '../src/face/attempts.js';
import type { CapturedFrame, FaceAction } from '../src/face/types.js';
import { buildApp } from '../src/http/app.js';
import { importRetirees } from '../src/pension/import.js';
import { generateRetirees, retireesCsv } from '../src/pension/sandbox.js';
import { Agent } from '../test/helpers/browser.js';
import { actionFrames } from '../test/helpers/face-media.js';
import { dropSchema, postgresCpuMs } from './postgres.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  return v;
};
const COUNT = arg('--count', 10_000);
const CERTS = arg('--certs', 10);
const CAPTCHA = 'K7PX';
const FILMABLE: FaceAction[] = ['turn_left', 'turn_right'];
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main() {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = databaseUrl ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  const base = testConfig();
  const limits = Object.fromEntries(Object.entries(base.limits).map(([k, l]) => [k, { ...l, max: 1e9 }])) as typeof base.limits;
  const config = testConfig({ databaseUrl, limits, captcha: { powMax: 50, accessiblePowMax: 500 }, face: { ...base.face, actions: FILMABLE }, pension: { ...base.pension, attemptsPerDay: 50 } });
  // The server's clock runs ahead by the time the frames span, as if the person had taken them (a page takes seconds).
  let ahead = 0;
  const clock = { now: () => new Date(Date.now() + ahead) };
  const ctx = await createContext(config, { clock, captcha: { create: () => captchaFor(CAPTCHA) }, dataKey: randomBytes(32), inMemory: true, ...(schema ? { schema } : {}) }, () => {});
  const app = await buildApp(ctx, { webRoot: '/nonexistent' });
  try {
    console.log(`node ${process.version}, store: ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}`);

    // 1. The import.
    const rows = generateRetirees(COUNT, 7, ctx.clock.now());
    const csv = retireesCsv(rows);
    const photo = new Uint8Array(await portraitImage('a'));
    const certRows = rows.filter((r) => r.benefitStatus === 'normal' && r.survivalStatus === 'alive').slice(0, CERTS + 1);
    const photos = new Map(certRows.map((r) => [r.ssn, photo] as const));
    global.gc?.();
    const before = process.memoryUsage();
    let cpu = process.cpuUsage();
    let wall = performance.now();
    const report = await importRetirees(ctx, { csv, photos }, 'bench');
    const importWall = (performance.now() - wall) / 1000;
    const importCpu = cpuSeconds(process.cpuUsage(cpu));
    const after = process.memoryUsage();
    if (report.errors.length) throw new Error(`import refused: ${JSON.stringify(report.errors.slice(0, 3))}`);
    console.log(`\nimport of ${COUNT} retirees (${(csv.length / 1024).toFixed(0)} KB CSV, ${photos.size} photos): ${importWall.toFixed(2)} s wall, ${importCpu.toFixed(2)} CPU-s in this process`);
    console.log(`  rows per second        ${(COUNT / importWall).toFixed(0)}`);
    console.log(`  RSS before / after     ${mb(before.rss)} / ${mb(after.rss)}   heap ${mb(before.heapUsed)} / ${mb(after.heapUsed)}`);

    // 2. Certifications end to end. The frames are the browser's work: drawn before measuring.
    const frames = new Map<string, ReturnType<typeof actionFrames>>();
    for (const order of [FILMABLE, [...FILMABLE].reverse()]) frames.set(order.join(), actionFrames('a', order));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const engine = await faceEngine();
    await engine.analyse(photo); // models loaded and warm before measuring
    const e2e: number[] = [];
    const engineOnly: number[] = [];
    const results: string[] = [];
    const pgCpu: number[] = [];
    for (const r of certRows) {
      const pgBefore = databaseUrl ? postgresCpuMs() : Number.NaN;
      const agent = new Agent(url);
      cpu = process.cpuUsage();
      wall = performance.now();
      const flow = await agent.call('POST', '/api/pension/sign-in/flow', {});
      const signed = await agent.call('POST', '/api/pension/sign-in', { flowId: flow.body.flow.id, name: r.name, ssn: r.ssn, captcha: CAPTCHA });
      if (signed.status !== 200) throw new Error(`sign-in: ${JSON.stringify(signed.body)}`);
      const c = await agent.call('POST', '/api/pension/certification/capture', { consent: true });
      const media = frames.get((c.body.actions as FaceAction[]).join())!;
      ahead += Math.max(...media.map((m) => m.at)) + 500;
      const res = await agent.call('POST', '/api/pension/certification', { nonce: c.body.nonce, frames: media.map((f) => ({ step: f.step, at: f.at, image: f.image.toString('base64') })) });
      const spent = cpuSeconds(process.cpuUsage(cpu));
      const pgSpent = (postgresCpuMs() - pgBefore) / 1000;
      results.push(res.status === 200 ? res.body.result : res.body.error.code);

      // The engine alone on the same attempt: the frames, the registry photo, the decision.
      cpu = process.cpuUsage();
      const captured: CapturedFrame[] = [];
      for (const f of media) captured.push({ step: f.step, at: f.at, reading: await engine.analyse(f.image) });
      const reference = (await engine.analyse(photo)).faces[0]!.embedding;
      await decide(ctx.config, c.body.actions, captured, async (best) => engine.similarity(captured[best]!.reading.faces[0]!.embedding, reference));
      const alone = cpuSeconds(process.cpuUsage(cpu));
      const warmUp = r === certRows[0];
      if (!warmUp) {
        e2e.push(spent);
        engineOnly.push(alone);
        if (databaseUrl) pgCpu.push(pgSpent);
      }
      console.log(`  certification ${warmUp ? '(warm-up, not counted)' : e2e.length}: ${spent.toFixed(2)} CPU-s end to end (${((performance.now() - wall) / 1000).toFixed(2)} s wall incl. the engine-only run), engine alone ${alone.toFixed(2)} CPU-s — ${results.at(-1)}`);
    }
    const e = mean(e2e);
    const f = mean(engineOnly);
    console.log(`\ncertifications end to end   ${e.toFixed(2)} CPU-s each   ${(60 / e).toFixed(1)} per CPU-minute`);
    console.log(`face engine alone           ${f.toFixed(2)} CPU-s each   ${(60 / f).toFixed(1)} per CPU-minute   (${frames.values().next().value!.length} frames + the registry photo)`);
    console.log(`overhead of the rest        ${(((e - f) / f) * 100).toFixed(1)} %   target ≤ 10 %`);
    if (pgCpu.length && pgCpu.every(Number.isFinite)) console.log(`PostgreSQL server CPU       ${mean(pgCpu).toFixed(3)} CPU-s per certification beside it (every postgres process on this machine: an upper bound)`);
    console.log(`results                     ${[...new Set(results)].map((x) => `${x} ×${results.filter((y) => y === x).length}`).join(', ')}`);
    console.log(`RSS at the end              ${mb(process.memoryUsage().rss)}`);
  } finally {
    await app.close();
    if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
    await ctx.store.close();
  }
}

await main();
