/**
 * Test media for the face capability (issue 13), made with ffmpeg from photos shipped in npm packages
 * (@vladmandic/face-api's demo/sample*.jpg), no downloads. Person a and person b are two different
 * women cut out of two different group photos; each is placed on a plain grey 640×480 frame with the
 * face box about a third of the frame wide (a person 50–60 cm from a laptop camera, docs/face.md).
 *
 * Head motions are perspective warps of the face cut-out, taken as a cylinder turning (yaw) or
 * tilting (pitch) by up to 45°: a turn to the person's left moves the features to the image's right
 * and squeezes that side, a raised head moves them up. (Flat 2-D perspective warps of the whole
 * cut-out moved the model's yaw by only 3°, too little to be a turn.) The real model measures them (test/integration/face-engine.test.ts shows the yaw/pitch change); blinks and
 * open mouths cannot be made from a still, so tests narrow the pool to turns and nods.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { FaceAction } from '../../src/face/types.js';

const require = createRequire(import.meta.url);
const SAMPLES = path.join(path.dirname(require.resolve('@vladmandic/face-api')), '..', 'demo');

export type Who = 'a' | 'b';
export const WIDTH = 640;
export const HEIGHT = 480;

/** A face in a sample photo: the square around Human's face box (pixels of the original). */
export interface Source { file: string; cx: number; cy: number; side: number }
/** Face boxes as the engine found them (x, y, w): the square is 1.35 × the box, centred on it. */
export function source(file: string, x: number, y: number, w: number): Source {
  return { file: path.isAbsolute(file) ? file : path.join(SAMPLES, file), cx: x + w / 2, cy: y + w / 2, side: Math.round(w * 1.35) };
}
export const PEOPLE: Record<Who, Source> = {
  a: source('sample3.jpg', 1005, 187, 367),
  b: source('sample6.jpg', 1081, 280, 368),
};
/**
 * Every face the engine finds in face-api's six sample photos (21 women; the detector's boxes), for
 * the threshold measurements in bench/face-record.ts. PEOPLE.a is SAMPLE_FACES[7], PEOPLE.b [19].
 */
export const SAMPLE_FACES: Source[] = [
  source('sample1.jpg', 334, 316, 352), source('sample1.jpg', 1438, 205, 279), source('sample1.jpg', 773, 386, 327),
  source('sample2.jpg', 1370, 112, 347), source('sample2.jpg', 805, 188, 353),
  source('sample3.jpg', 515, 295, 361), source('sample3.jpg', 1372, 244, 409), source('sample3.jpg', 1005, 187, 367),
  source('sample4.jpg', 611, 64, 278), source('sample4.jpg', 1216, 134, 305), source('sample4.jpg', 908, 149, 330), source('sample4.jpg', 176, 185, 302),
  source('sample5.jpg', 727, 93, 272), source('sample5.jpg', 525, 400, 308), source('sample5.jpg', 1045, 171, 319), source('sample5.jpg', 1319, 342, 395), source('sample5.jpg', 279, 847, 370),
  source('sample6.jpg', 177, 456, 360), source('sample6.jpg', 1402, 236, 377), source('sample6.jpg', 1081, 280, 368), source('sample6.jpg', 587, 300, 384),
];

/** Size of the face cut-out on the 640×480 frame: the face box comes out about 210 px wide (share 0.33). */
const FACE_SIDE = 280;

export interface Pose {
  /** -1..1: 1 = fully turned to the person's left, -1 to their right. */
  yaw?: number;
  /** -1..1: 1 = head fully raised, -1 lowered. */
  pitch?: number;
  /** Multiplies the luma (1 = unchanged). */
  light?: number;
  /** Cut-out size multiplier (1 = about 55 cm from the camera). */
  scale?: number;
  /** Shift of the cut-out in pixels (frame-to-frame jitter of a held camera). */
  dx?: number;
  dy?: number;
}

/** Turn/nod angle at a full action, degrees: the head is taken as a cylinder as wide as the cut-out. */
const FULL_TURN = 45;

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
}

/** RGBA pixels of a person's square cut-out at the given side (cached: ffmpeg runs once per size). */
const cutouts = new Map<string, Buffer>();
function cutout(s: Source, side: number): Buffer {
  const key = `${s.file}:${s.cx}:${s.cy}:${side}`;
  let px = cutouts.get(key);
  if (!px) {
    const x = Math.max(0, Math.round(s.cx - s.side / 2));
    const y = Math.max(0, Math.round(s.cy - s.side / 2));
    px = ffmpeg(['-i', s.file, '-vf', `crop=${s.side}:${s.side}:${x}:${y}:exact=1,scale=${side}:${side}:flags=bicubic`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
    cutouts.set(key, px);
  }
  return px;
}

/**
 * Source coordinate (0..side) of an output coordinate when a cylinder of that width turns by `deg`:
 * a point at angle φ (x = sin φ) is seen at sin(φ + θ), so the output u comes from sin(asin(u) − θ).
 * Points turned past the edge show the cut-out's edge.
 */
function cylinder(out: number, side: number, deg: number): number {
  if (!deg) return out;
  const u = Math.max(-1, Math.min(1, (2 * out) / side - 1));
  const phi = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, Math.asin(u) - (deg * Math.PI) / 180));
  return ((Math.sin(phi) + 1) * side) / 2;
}

/** Draws one person with a pose on the grey 640×480 frame; returns RGBA pixels. */
function personPixels(who: Who | Source, pose: Pose): Uint8ClampedArray {
  const side = Math.round(FACE_SIDE * (pose.scale ?? 1));
  const src = cutout(typeof who === 'string' ? PEOPLE[who] : who, side);
  const frame = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  for (let i = 0; i < frame.length; i += 4) {
    frame[i] = 0x8a;
    frame[i + 1] = 0x8f;
    frame[i + 2] = 0x94;
    frame[i + 3] = 255;
  }
  const ox = Math.round((WIDTH - side) / 2 + (pose.dx ?? 0));
  const oy = Math.round((HEIGHT - side) / 2 - 20 + (pose.dy ?? 0));
  // Turning to the person's left moves the features to the image's right (camera frames are not mirrored);
  // raising the head moves them up.
  const yawDeg = (pose.yaw ?? 0) * FULL_TURN;
  const pitchDeg = -(pose.pitch ?? 0) * FULL_TURN;
  const xs = Array.from({ length: side }, (_, x) => cylinder(x + 0.5, side, yawDeg) - 0.5);
  const ys = Array.from({ length: side }, (_, y) => cylinder(y + 0.5, side, pitchDeg) - 0.5);
  const at = (x: number, y: number, c: number) => src[(Math.min(side - 1, Math.max(0, y)) * side + Math.min(side - 1, Math.max(0, x))) * 4 + c]!;
  for (let y = 0; y < side; y++) {
    const sy = ys[y]!;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let x = 0; x < side; x++) {
      const sx = xs[x]!;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const fxOut = ox + x;
      const fyOut = oy + y;
      if (fxOut < 0 || fyOut < 0 || fxOut >= WIDTH || fyOut >= HEIGHT) continue;
      const o = (fyOut * WIDTH + fxOut) * 4;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx;
        const bottom = at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx;
        frame[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  const light = pose.light ?? 1;
  if (light !== 1) for (let i = 0; i < frame.length; i += 4) for (let c = 0; c < 3; c++) frame[i + c] = frame[i + c]! * light;
  return frame;
}

function jpeg(rgba: Uint8ClampedArray, width = WIDTH, height = HEIGHT): Buffer {
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.encodeSync('jpeg', 90);
}

/** A JPEG of one person with a pose (quality 90, as browsers send). */
export function personFrame(who: Who | Source, pose: Pose = {}): Buffer {
  return jpeg(personPixels(who, pose));
}

/** JPEG bytes of person a / person b, 640×480, facing the camera. */
export function facePhoto(who: Who): Buffer {
  return personFrame(who);
}

/** The pose of one action at its fullest. */
export function actionPose(action: FaceAction): Pose {
  switch (action) {
    case 'turn_left': return { yaw: 1 };
    case 'turn_right': return { yaw: -1 };
    case 'raise_head': return { pitch: 1 };
    case 'lower_head': return { pitch: -1 };
    default: return {}; // blink / open_mouth cannot be made from a still photo
  }
}

export interface MediaFrame { step: number; at: number; image: Buffer }

/** When frames are taken: two neutral frames, then two per action (half-way and full), ms since the challenge. */
function frameTimes(actions: FaceAction[]): { step: number; at: number; amount: number }[] {
  const out = [
    { step: 0, at: 400, amount: 0 },
    { step: 0, at: 900, amount: 0 },
  ];
  actions.forEach((_, i) => {
    const start = 1500 + i * 2500;
    out.push({ step: i + 1, at: start + 900, amount: 0.5 }, { step: i + 1, at: start + 1600, amount: 1 });
  });
  return out;
}

/** Frames where the requested head motions really happen (with a few pixels of hand jitter). */
export function actionFrames(who: Who, actions: FaceAction[]): MediaFrame[] {
  return frameTimes(actions).map(({ step, at, amount }, i) => {
    const full = step > 0 ? actionPose(actions[step - 1]!) : {};
    const pose: Pose = { yaw: (full.yaw ?? 0) * amount, pitch: (full.pitch ?? 0) * amount, dx: (i % 3) - 1, dy: (i % 2) * 2 - 1 };
    return { step, at, image: personFrame(who, pose) };
  });
}

/** The same count and timing of frames, no motion: must fail with 'actions_not_done'. */
export function stillFrames(who: Who, actions: FaceAction[]): MediaFrame[] {
  return frameTimes(actions).map(({ step, at }, i) => ({ step, at, image: personFrame(who, { dx: (i % 3) - 1, dy: (i % 2) * 2 - 1 }) }));
}

/** Person a in a dark room: face luminance far below the minimum. */
export function darkFrame(): Buffer {
  return personFrame('a', { light: 0.22 });
}

/** A 640×480 piece of a sample photo with no face in it (a sofa and legs). */
export function noFaceFrame(): Buffer {
  return ffmpeg(['-i', path.join(SAMPLES, 'sample3.jpg'), '-vf', `crop=960:720:0:630,scale=${WIDTH}:${HEIGHT}`, '-frames:v', '1', '-q:v', '3', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1']);
}

/** Person a and person b side by side on one 640×480 frame. */
export function twoFacesFrame(): Buffer {
  const side = 240;
  const part = (who: Who, n: number) => {
    const s = PEOPLE[who];
    return `[${n}:v]crop=${s.side}:${s.side}:${Math.round(s.cx - s.side / 2)}:${Math.round(s.cy - s.side / 2)},scale=${side}:${side}[p${n}]`;
  };
  const graph = [`color=c=0x8a8f94:s=${WIDTH}x${HEIGHT}:d=1[bg]`, part('a', 0), part('b', 1), `[bg][p0]overlay=50:100[t]`, `[t][p1]overlay=${WIDTH - 50 - side}:100,format=yuv420p[out]`].join(';');
  return ffmpeg(['-i', PEOPLE.a.file, '-i', PEOPLE.b.file, '-filter_complex', graph, '-map', '[out]', '-frames:v', '1', '-q:v', '3', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1']);
}

/** Writes a y4m of JPEG frames held for the given seconds (Chromium's --use-file-for-fake-video-capture loops it). */
function writeVideo(frames: { image: Buffer; seconds: number }[], file: string, fps = 10): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'face-video-'));
  try {
    const lines: string[] = [];
    frames.forEach((f, i) => {
      const name = path.join(dir, `f${i}.jpg`);
      writeFileSync(name, f.image);
      lines.push(`file '${name}'`, `duration ${f.seconds}`);
    });
    // The concat demuxer ignores the last duration unless the last file is repeated.
    lines.push(`file '${path.join(dir, `f${frames.length - 1}.jpg`)}'`);
    writeFileSync(path.join(dir, 'list.txt'), lines.join('\n'));
    ffmpeg(['-f', 'concat', '-safe', '0', '-i', path.join(dir, 'list.txt'), '-vf', `fps=${fps},format=yuv420p`, '-f', 'yuv4mpegpipe', file]);
    return file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A y4m that shows the person facing the camera for 2 s, then each head motion in order (1 s going,
 * 1 s held, 1 s back), then 2 s facing the camera again.
 */
export function faceVideo(who: Who, actions: FaceAction[], file: string): string {
  const frames: { image: Buffer; seconds: number }[] = [{ image: personFrame(who), seconds: 2 }];
  for (const action of actions) {
    const full = actionPose(action);
    for (const amount of [0.33, 0.66]) frames.push({ image: personFrame(who, { yaw: (full.yaw ?? 0) * amount, pitch: (full.pitch ?? 0) * amount }), seconds: 0.5 });
    frames.push({ image: personFrame(who, full), seconds: 1 });
    frames.push({ image: personFrame(who, { yaw: (full.yaw ?? 0) * 0.5, pitch: (full.pitch ?? 0) * 0.5 }), seconds: 0.5 });
    frames.push({ image: personFrame(who), seconds: 0.5 });
  }
  frames.push({ image: personFrame(who), seconds: 2 });
  return writeVideo(frames, file);
}

/** A y4m of the person holding still (a photo held up to the camera). */
export function stillVideo(who: Who, file: string): string {
  return writeVideo([{ image: personFrame(who), seconds: 2 }], file);
}

export function darkVideo(file: string): string {
  return writeVideo([{ image: darkFrame(), seconds: 2 }], file);
}

export function noFaceVideo(file: string): string {
  return writeVideo([{ image: noFaceFrame(), seconds: 2 }], file);
}
