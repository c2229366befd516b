/**
 * Records real engine readings of the generated test frames into test/fixtures/face/*.json (the unit
 * tests check the pure action/decision code on them), and measures the thresholds of docs/face.md on
 * every face in the packaged sample photos.
 *
 *   npm run build:server && node dist/bench/face-record.js [--no-fixtures] [--no-thresholds]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getFaceEngine } from '../src/face/engine.js';
import type { CapturedFrame, FaceAction, FaceEngine, FaceReading } from '../src/face/types.js';
import { actionFrames, personFrame, SAMPLE_FACES, stillFrames, type MediaFrame, type Pose, type Who } from '../test/helpers/face-media.js';

const FIXTURES = path.resolve('test/fixtures/face');
const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

function compact(face: FaceReading): FaceReading {
  return {
    ...face,
    yaw: round(face.yaw, 2), pitch: round(face.pitch, 2), roll: round(face.roll, 2),
    eyesOpen: round(face.eyesOpen, 3), mouthOpen: round(face.mouthOpen, 3), luminance: round(face.luminance, 1),
    embedding: face.embedding.map((v) => round(v)),
  };
}

async function record(engine: FaceEngine, name: string, who: Who, actions: FaceAction[], frames: MediaFrame[], note: string) {
  const captured: CapturedFrame[] = [];
  for (const f of frames) {
    const reading = await engine.analyse(f.image);
    captured.push({ step: f.step, at: f.at, reading: { ...reading, faces: reading.faces.map(compact) } });
  }
  writeFileSync(path.join(FIXTURES, `${name}.json`), JSON.stringify({ recordedBy: 'bench/face-record.ts', engine: engine.version, who, actions, note, frames: captured }) + '\n');
  console.log(name, captured.map((c) => `${c.step}:${c.reading.faces.map((f) => `yaw ${f.yaw} pitch ${f.pitch}`).join('/')}`).join('  '));
}

async function fixtures(engine: FaceEngine) {
  await record(engine, 'turns-a', 'a', ['turn_left', 'turn_right'], actionFrames('a', ['turn_left', 'turn_right']), 'person a turns left, then right');
  await record(engine, 'turns-b', 'b', ['turn_right', 'turn_left'], actionFrames('b', ['turn_right', 'turn_left']), 'person b turns right, then left');
  await record(engine, 'still-a', 'a', ['turn_left', 'turn_right'], stillFrames('a', ['turn_left', 'turn_right']), 'person a holds still (a photo held up)');
  await record(engine, 'still-b', 'b', ['turn_right', 'turn_left'], stillFrames('b', ['turn_right', 'turn_left']), 'person b holds still');
  await record(engine, 'nods-a', 'a', ['raise_head', 'lower_head'], actionFrames('a', ['raise_head', 'lower_head']), 'person a: warped nods (the model barely measures them; docs/face.md)');
}

const pct = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)} %)`;
function quantiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3);
  return `min ${s[0]!.toFixed(3)}  p5 ${q(0.05)}  median ${q(0.5)}  p95 ${q(0.95)}  max ${s[s.length - 1]!.toFixed(3)}`;
}

async function thresholds(engine: FaceEngine) {
  // Same person: the neutral frame against changes of pose, light, distance and position.
  const variants: [string, Pose][] = [
    ['turned left 0.6', { yaw: 0.6 }], ['turned right 0.6', { yaw: -0.6 }], ['raised 0.6', { pitch: 0.6 }],
    ['darker ×0.6', { light: 0.6 }], ['brighter ×1.3', { light: 1.3 }], ['farther ×0.75', { scale: 0.75 }], ['nearer ×1.25', { scale: 1.25, dy: 20 }],
  ];
  const neutral: (FaceReading | undefined)[] = [];
  const same: number[] = [];
  const sameByVariant = new Map<string, number[]>();
  const real: number[] = [];
  const live: number[] = [];
  let missed = 0;
  for (const [i, src] of SAMPLE_FACES.entries()) {
    const base = (await engine.analyse(personFrame(src))).faces.sort((a, b) => b.box[2] - a.box[2])[0];
    neutral.push(base);
    if (!base) { missed++; continue; }
    real.push(base.real ?? NaN); live.push(base.live ?? NaN);
    for (const [label, pose] of variants) {
      const v = (await engine.analyse(personFrame(src, pose))).faces.sort((a, b) => b.box[2] - a.box[2])[0];
      if (!v) { missed++; continue; }
      const sim = engine.similarity(base.embedding, v.embedding);
      same.push(sim);
      sameByVariant.set(label, [...(sameByVariant.get(label) ?? []), sim]);
      real.push(v.real ?? NaN); live.push(v.live ?? NaN);
    }
    console.error(`face ${i + 1}/${SAMPLE_FACES.length}`);
  }
  const different: number[] = [];
  for (let i = 0; i < neutral.length; i++) for (let j = i + 1; j < neutral.length; j++) {
    const a = neutral[i]; const b = neutral[j];
    if (a && b) different.push(engine.similarity(a.embedding, b.embedding));
  }
  console.log(`\nfaces: ${SAMPLE_FACES.length} people, ${same.length} same-person pairs, ${different.length} different-person pairs, ${missed} frames without a face`);
  console.log(`same person      ${quantiles(same)}`);
  for (const [label, sims] of sameByVariant) console.log(`  ${label.padEnd(16)} ${quantiles(sims)}`);
  console.log(`different people ${quantiles(different)}`);
  console.log('\nthreshold  false reject (same person below)  false accept (different people at or above)');
  for (const t of [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    console.log(`${t.toFixed(2).padEnd(10)} ${pct(same.filter((s) => s < t).length, same.length).padEnd(33)} ${pct(different.filter((s) => s >= t).length, different.length)}`);
  }
  console.log(`\nanti-spoofing real (genuine frames) ${quantiles(real.filter((v) => !Number.isNaN(v)))}`);
  console.log(`liveness live (genuine frames)      ${quantiles(live.filter((v) => !Number.isNaN(v)))}`);
}

const engine = await getFaceEngine();
if (!process.argv.includes('--no-fixtures')) await fixtures(engine);
if (!process.argv.includes('--no-thresholds')) await thresholds(engine);
