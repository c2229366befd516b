/**
 * Face attempt cost on the server (issue 13): CPU time per attempt of 8 frames (2 neutral + 3 head
 * turns × 2, as the page sends at most face.maxFrames), attempts per CPU-minute of one core, and the
 * process's RSS with the models loaded — beside the seed's figure (1–5 s per recognition) and the
 * targets (≤ 1.5 CPU-s per attempt, ≤ 500 MB).
 *
 *   npm run bench:face            (BENCH_ATTEMPTS=3 by default)
 */
import { testConfig } from '../src/config.js';
import { decide } from '../src/face/decide.js';
import { getFaceEngine } from '../src/face/engine.js';
import type { CapturedFrame, FaceAction } from '../src/face/types.js';
import { actionFrames, facePhoto } from '../test/helpers/face-media.js';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 3);
const cfg = testConfig();
const actions: FaceAction[] = ['turn_left', 'turn_right', 'turn_left'];
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`node ${process.version}, RSS before the models ${mb(process.memoryUsage().rss)}`);
const media = actionFrames('a', actions); // drawn before measuring: the browser makes the frames
const referenceImage = facePhoto('a');
const frameBytes = media.reduce((n, f) => n + f.image.length, 0) / media.length;

let cpu = process.cpuUsage();
let wall = performance.now();
const engine = await getFaceEngine(cfg);
console.log(`${engine.version}: models loaded in ${cpuSeconds(process.cpuUsage(cpu)).toFixed(2)} CPU-s (${((performance.now() - wall) / 1000).toFixed(1)} s wall), RSS ${mb(process.memoryUsage().rss)}`);

const reference = (await engine.analyse(referenceImage)).faces[0]!.embedding; // warm-up, and the held reference
const perAttempt: number[] = [];
let result = '';
for (let i = 0; i < ATTEMPTS; i++) {
  cpu = process.cpuUsage();
  wall = performance.now();
  const frames: CapturedFrame[] = [];
  for (const f of media) frames.push({ step: f.step, at: f.at, reading: await engine.analyse(f.image) });
  const d = await decide(cfg, actions, frames, async (best) => engine.similarity(frames[best]!.reading.faces[0]!.embedding, reference));
  result = d.result;
  perAttempt.push(cpuSeconds(process.cpuUsage(cpu)));
  console.log(`attempt ${i + 1}: ${frames.length} frames (${(frameBytes / 1024).toFixed(0)} KB JPEG each), ${perAttempt[i]!.toFixed(2)} CPU-s, ${((performance.now() - wall) / 1000).toFixed(2)} s wall, ${d.result}`);
}
const mean = perAttempt.reduce((a, b) => a + b, 0) / perAttempt.length;
const rss = process.memoryUsage().rss;
console.log('');
console.log(`per attempt (${media.length} frames)   ${mean.toFixed(2)} CPU-s   (${(mean / media.length).toFixed(2)} CPU-s per frame)   target ≤ 1.5 CPU-s   seed: 1–5 s per recognition`);
console.log(`attempts per CPU-minute  ${(60 / mean).toFixed(0)}   (one core)`);
console.log(`RSS with models loaded   ${mb(rss)}   target ≤ 500 MB`);
console.log(`decision                 ${result}`);
