/**
 * The face engine: Human (@vladmandic/human 3.3.6) on TensorFlow.js' WebAssembly backend, in process.
 * One Human instance per process, its models loaded once, lazily, from the package's own `models/`
 * directory (no network): a TensorFlow.js load router reads `file://` model URLs from disk.
 *
 * Angles: Human's `face.rotation.angle` (radians) is converted to the convention in ./types.ts —
 * yaw > 0 when the person turns to THEIR left, pitch > 0 when they raise their head. The signs were
 * measured on perspective-warped frames (test/helpers/face-media.ts, test/integration/face-engine.test.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import type { Human as HumanInstance, Config as HumanConfig, FaceResult } from '@vladmandic/human';
import type { FaceConfig } from './config.js';
import { faceSimilarity } from './similarity.js';
import { FaceImageError, type FaceEngine, type FaceReading, type FrameReading } from './types.js';

const require = createRequire(import.meta.url);
/** `@vladmandic/human`'s exports map resolves `require` to the tfjs-node build; the wasm build sits beside it. */
const HUMAN_NODE = require.resolve('@vladmandic/human');
const HUMAN_DIR = path.resolve(path.dirname(HUMAN_NODE), '..');
const MODELS_DIR = path.join(HUMAN_DIR, 'models');
const WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));

const HUMAN_CONFIG: Partial<HumanConfig> = {
  backend: 'wasm',
  wasmPath: `${WASM_DIR}/`,
  modelBasePath: `file://${MODELS_DIR}/`,
  debug: false,
  async: false,
  warmup: 'none',
  // Every frame is a separate photo: no result caching between calls (it would mix people's frames).
  cacheSensitivity: 0,
  skipAllowed: false,
  cacheModels: false,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 3, minConfidence: 0.3, return: false, skipFrames: 0 },
    mesh: { enabled: true },
    iris: { enabled: true },
    attention: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: true, skipFrames: 0 },
    antispoof: { enabled: true, skipFrames: 0 },
    liveness: { enabled: true, skipFrames: 0 },
  } as HumanConfig['face'],
  body: { enabled: false } as HumanConfig['body'],
  hand: { enabled: false } as HumanConfig['hand'],
  object: { enabled: false } as HumanConfig['object'],
  gesture: { enabled: false },
  segmentation: { enabled: false } as HumanConfig['segmentation'],
};

type Tf = HumanInstance['tf'];

/** Reads `file://…/x.json` graph models and their weight shards from disk for TensorFlow.js. */
function registerFileLoader(tf: Tf): void {
  tf.io.registerLoadRouter((url: string | string[]) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = url.slice('file://'.length);
    return {
      load: async () => {
        const json = JSON.parse(await readFile(file, 'utf8'));
        return tf.io.getModelArtifactsForJSON(json, async (manifest: { paths: string[]; weights: object[] }[]) => {
          const specs: object[] = [];
          const parts: Buffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const p of group.paths) parts.push(await readFile(path.join(path.dirname(file), p)));
          }
          const all = Buffer.concat(parts);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  });
}

/** A camera frame is at most this many pixels (4096×4096); larger dimensions are refused before decoding. */
export const MAX_PIXELS = 4096 * 4096;

/**
 * Width and height from the header, without decoding: PNG's IHDR, JPEG's first SOF marker. A few
 * hundred KB can declare a 50 000 × 50 000 picture; decoding it would take gigabytes.
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return bytes.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : null;
  }
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    const length = view.getUint16(i + 2);
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/** Decodes JPEG/PNG bytes to RGBA pixels; anything else is a FaceImageError. */
export async function decodeImage(bytes: Uint8Array): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!jpeg && !png) throw new FaceImageError();
  const size = imageSize(bytes);
  if (!size || !size.width || !size.height) throw new FaceImageError('the image has no readable size');
  if (size.width * size.height > MAX_PIXELS) throw new FaceImageError('the image is too large');
  let image: Image;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw new FaceImageError('the image could not be decoded');
  }
  if (!image.width || !image.height) throw new FaceImageError('the image has no pixels');
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, rgba: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** Mean luma (BT.601) inside the box, clipped to the frame. */
export function boxLuminance(rgba: Uint8ClampedArray, width: number, height: number, box: [number, number, number, number]): number {
  const x0 = Math.max(0, Math.floor(box[0]));
  const y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(width, Math.ceil(box[0] + box[2]));
  const y1 = Math.min(height, Math.ceil(box[1] + box[3]));
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = (y * width + x0) * 4; x < x1; x++, i += 4) {
      sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
      n++;
    }
  }
  return n ? sum / n : 0;
}

type Point = [number, number, number?];
const dy = (a: Point | undefined, b: Point | undefined) => (a && b ? Math.abs(a[1] - b[1]) : 0);

/** Eye lid gap over the eye's height, Human's blink measure (src/gesture/gesture.ts): about 0.2 when closed. */
const EYE_OPEN_RATIO = 0.6; // a wide-open eye measures about this; eyesOpen = ratio / this, clamped
export function eyesOpenness(mesh: Point[]): number {
  const left = dy(mesh[374], mesh[386]) / (dy(mesh[443], mesh[450]) || 1);
  const right = dy(mesh[145], mesh[159]) / (dy(mesh[223], mesh[230]) || 1);
  return Math.min(1, Math.max(0, (left + right) / 2 / EYE_OPEN_RATIO));
}

/** Lip gap over the face height, Human's mouth measure ×5 (Human counts above 10 % as open), clamped to 0..1. */
export function mouthOpenness(mesh: Point[]): number {
  return Math.min(1, (5 * dy(mesh[13], mesh[14])) / (dy(mesh[10], mesh[152]) || 1));
}

const DEG = 180 / Math.PI;

/**
 * Human's angles, measured on warped frames: its yaw is negative when the face points to the
 * image's right (the person's left, camera frames are not mirrored) and its pitch is negative when
 * the face points up. Both are negated here to give ./types.ts' convention.
 */
export function toReading(face: FaceResult, rgba: Uint8ClampedArray, width: number, height: number): FaceReading {
  const box = face.box.map((v) => Math.round(v)) as [number, number, number, number];
  const angle = face.rotation?.angle ?? { yaw: 0, pitch: 0, roll: 0 };
  const mesh = face.mesh as Point[];
  return {
    box,
    score: face.score,
    yaw: -angle.yaw * DEG,
    pitch: -angle.pitch * DEG,
    roll: angle.roll * DEG,
    eyesOpen: mesh.length >= 468 ? eyesOpenness(mesh) : 1,
    mouthOpen: mesh.length >= 468 ? mouthOpenness(mesh) : 0,
    embedding: Array.from(face.embedding ?? []),
    real: typeof face.real === 'number' ? face.real : null,
    live: typeof face.live === 'number' ? face.live : null,
    luminance: boxLuminance(rgba, width, height, box),
  };
}

class HumanEngine implements FaceEngine {
  readonly version: string;
  #queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly human: HumanInstance) {
    this.version = `human ${human.version} / faceres`;
  }

  similarity(a: number[], b: number[]): number {
    return faceSimilarity(a, b);
  }

  analyse(image: Uint8Array): Promise<FrameReading> {
    // Human keeps per-call state (this.result, this.process): one detection at a time.
    const run = this.#queue.then(() => this.#analyse(image));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #analyse(bytes: Uint8Array): Promise<FrameReading> {
    const { width, height, rgba } = await decodeImage(bytes);
    const tf = this.human.tf;
    const rgb = new Int32Array(width * height * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4) {
      rgb[j++] = rgba[i]!;
      rgb[j++] = rgba[i + 1]!;
      rgb[j++] = rgba[i + 2]!;
    }
    const tensor = tf.tensor(rgb, [1, height, width, 3], 'int32');
    try {
      const result = await this.human.detect(tensor);
      if (result.error) throw new Error(`face engine: ${result.error}`);
      return { width, height, faces: result.face.map((f) => toReading(f, rgba, width, height)) };
    } finally {
      tf.dispose(tensor);
    }
  }
}

let loading: Promise<FaceEngine> | undefined;

async function load(): Promise<FaceEngine> {
  const { Human } = require(path.join(path.dirname(HUMAN_NODE), 'human.node-wasm.js')) as typeof import('@vladmandic/human');
  const human = new Human(HUMAN_CONFIG);
  registerFileLoader(human.tf);
  await human.load();
  const loaded = Object.entries(human.models.models).filter(([, m]) => m).map(([name]) => name);
  for (const needed of ['blazeface', 'facemesh', 'iris', 'faceres', 'antispoof', 'liveness']) {
    if (!loaded.includes(needed)) throw new Error(`face engine: model ${needed} did not load from ${MODELS_DIR}`);
  }
  return new HumanEngine(human);
}

/**
 * The process's face engine. The first call loads the models (about 1 CPU-second, ~100 MB);
 * concurrent first calls share that load; a failed load is retried by the next call.
 */
export function getFaceEngine(_cfg?: { face: FaceConfig }): Promise<FaceEngine> {
  if (!loading) {
    loading = load();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
