/**
 * Captcha drawing cost, old and new in one run: the svg-captcha outlines Shenfen drew before
 * (bench/svg-captcha-old.ts) against the raster picture (src/connectors/captcha/raster.ts), in
 * drawings per CPU-second of one core, and the size of what the browser is sent. Also how many numbers
 * a second one core tries for the proof of work (node:crypto), to put its difficulty in numbers.
 *
 *   npm run bench:captcha            (BENCH_SECONDS=3 by default, per measurement)
 */
import { createHash } from 'node:crypto';
import { drawCaptcha as drawRaster } from '../src/connectors/captcha/raster.js';
import { drawCaptcha as drawSvg } from './svg-captcha-old.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TEXTS = ['K7PX', '4AC9', 'MHTW', '3DFN'];

function rate(name: string, draw: (text: string) => { length: number }) {
  for (let i = 0; i < 20; i++) draw(TEXTS[i % TEXTS.length]!); // warm up (fonts, glyph caches, JIT)
  let n = 0;
  let bytes = 0;
  // CPU time, not wall time: on a busy machine the wall clock counts other processes' turns too.
  const cpu = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    bytes += draw(TEXTS[n % TEXTS.length]!).length;
    n++;
  }
  const used = process.cpuUsage(cpu);
  const perSecond = n / ((used.user + used.system) / 1e6);
  console.log(`${name.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} draws per CPU-second  ${(1000 / perSecond).toFixed(2).padStart(6)} ms each  ${(bytes / n / 1024).toFixed(1).padStart(5)} KB each`);
  return perSecond;
}

const old = rate('old: svg-captcha outlines (SVG)', (t) => drawSvg(t).svg);
const raster = rate('new: raster, warped (PNG)', drawRaster);
console.log(`new / old: ${(raster / old).toFixed(2)}`);

let tries = 0;
const cpu = process.cpuUsage();
const start = performance.now();
while (performance.now() - start < SECONDS * 1000) {
  for (let i = 0; i < 1000; i++) createHash('sha256').update(`0123456789abcdef012345${tries + i}`).digest('hex');
  tries += 1000;
}
const used = process.cpuUsage(cpu);
console.log(`proof of work: ${(tries / ((used.user + used.system) / 1e6) / 1000).toFixed(0)}k numbers per CPU-second (node:crypto, one hash object a number)`);
