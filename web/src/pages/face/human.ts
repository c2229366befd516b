// Human (@vladmandic/human) in the browser, for guidance only: the server runs it again on the frames
// and alone decides (src/face/). Loaded on first use — after the person agreed, on a capture page —
// as its own chunk, with its models and tfjs's WebAssembly files from our own origin (/face/, written
// by web/vite.config.ts). WebAssembly rather than WebGL: the same numbers on every phone, as on the server.
import type { Config, FaceResult, Human } from '@vladmandic/human';
import { eyesOpenness, mouthOpenness, type GuideFace, type GuideReading } from './guide';

const CONFIG: Partial<Config> = {
  backend: 'wasm',
  wasmPath: '/face/wasm/',
  modelBasePath: '/face/models/',
  debug: false,
  async: true,
  warmup: 'none',
  // Every frame is looked at afresh: a cached box would follow a face that has left.
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: { enabled: false },
  gesture: { enabled: false },
  face: {
    enabled: true,
    // Two at most: enough to tell 'more than one face'.
    detector: { rotation: false, maxDetected: 2, minConfidence: 0.3, return: false, skipFrames: 0 },
    mesh: { enabled: true },
    iris: { enabled: true },
    emotion: { enabled: false },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
};

let loading: Promise<Human> | null = null;

/** The one Human of the page, its models loaded (once; a failed load may be tried again). */
export function loadHuman(): Promise<Human> {
  loading ??= (async () => {
    const { Human } = await import('@vladmandic/human');
    const human = new Human(CONFIG);
    await human.load();
    return human;
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

const DEG = 180 / Math.PI;

/** Mean luma (0..255) of a region of the canvas, sampled on a grid of at most ~64×64 points. */
export function luminance(ctx: CanvasRenderingContext2D, [x, y, w, h]: [number, number, number, number]): number {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(ctx.canvas.width, Math.ceil(x + w));
  const y1 = Math.min(ctx.canvas.height, Math.ceil(y + h));
  if (x1 <= x0 || y1 <= y0) return 0;
  const { data } = ctx.getImageData(x0, y0, x1 - x0, y1 - y0);
  const width = x1 - x0;
  const height = y1 - y0;
  const step = Math.max(1, Math.floor(Math.max(width, height) / 64));
  let sum = 0;
  let n = 0;
  for (let j = 0; j < height; j += step) {
    for (let i = 0; i < width; i += step) {
      const k = (j * width + i) * 4;
      sum += 0.299 * data[k]! + 0.587 * data[k + 1]! + 0.114 * data[k + 2]!;
      n += 1;
    }
  }
  return n ? sum / n : 0;
}

/**
 * Human's face in src/face/types.ts' terms (as src/face/engine.ts converts it): yaw > 0 when the
 * person turns to THEIR left, pitch > 0 when they raise their head — Human's own signs negated.
 */
function toGuideFace(face: FaceResult, ctx: CanvasRenderingContext2D): GuideFace {
  const angle = face.rotation?.angle ?? { yaw: 0, pitch: 0, roll: 0 };
  const mesh = face.mesh as [number, number, number?][];
  const box = face.box.map((v) => Math.round(v)) as [number, number, number, number];
  return {
    box,
    yaw: -angle.yaw * DEG,
    pitch: -angle.pitch * DEG,
    eyesOpen: mesh.length >= 468 ? eyesOpenness(mesh) : 1,
    mouthOpen: mesh.length >= 468 ? mouthOpenness(mesh) : 0,
    luminance: luminance(ctx, box),
  };
}

/** What Human sees in the canvas (a copy of one video frame), with the frame's own mean luma. */
export async function readCanvas(human: Human, canvas: HTMLCanvasElement): Promise<GuideReading> {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const result = await human.detect(canvas);
  if (result.error) throw new Error(`face guidance: ${result.error}`);
  return {
    width: canvas.width,
    height: canvas.height,
    faces: result.face.filter((f) => f.score >= 0.5).map((f) => toGuideFace(f, ctx)),
    frameLuminance: luminance(ctx, [0, 0, canvas.width, canvas.height]),
  };
}
