/**
 * Self-hosted image captcha, drawn to a PNG with Skia (@napi-rs/canvas): the text comes from a
 * CSPRNG; each glyph gets its own font, size, rotation and shear and leans into its neighbours;
 * two strokes in the glyphs' own colour cross them; then the whole picture is warped by two sine
 * waves (bilinear) and speckled. The output is pixels only — no outlines, no text — so the old
 * attack on svg-captcha (match the bundled font's outlines) has nothing to match, and two drawings
 * of one text differ everywhere (docs/captcha.md).
 *
 * Readable for elderly people: dark ink on a light ground (contrast ≥ 7:1 before the warp), large
 * glyphs (≈ 50 px of 80), four characters from an alphabet without look-alikes.
 *
 * Fonts: the Debian packages fonts-dejavu-core, fonts-dejavu-extra and fonts-liberation2 (free
 * licences: Bitstream Vera / public domain, SIL OFL), installed by .ci/run; at least one must be
 * present. Skia keeps rasterised glyphs in its own glyph cache, so text is the cheap part of a
 * drawing (measure: `npm run bench:captcha`).
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';

export interface CaptchaImage {
  text: string;
  /** The picture, PNG. */
  png: Buffer;
}

export interface CaptchaGenerator {
  create(): CaptchaImage;
}

/**
 * Upper-case letters and digits that elderly people cannot confuse, whatever the font, rotation or
 * warp: no 0/O/Q/D, 1/I/J/L, 2/Z, 5/S, 8/B, 6/G, 9/g, U/V. Answers are compared case-insensitively.
 */
export const ALPHABET = '3467ACEFHKMNPRTWXY';

export const WIDTH = 240;
export const HEIGHT = 80;

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu/', '/usr/share/fonts/truetype/liberation2/', '/usr/share/fonts/truetype/liberation/'];
const FONT_FILES = [
  'DejaVuSans-Bold.ttf',
  'DejaVuSerif-Bold.ttf',
  'DejaVuSansMono-Bold.ttf',
  'DejaVuSansCondensed-Bold.ttf',
  'DejaVuSerifCondensed-Bold.ttf',
  'LiberationSans-Bold.ttf',
  'LiberationSerif-Bold.ttf',
  'LiberationMono-Bold.ttf',
];

let families: string[] | undefined;

/** Registers the captcha fonts once, each under a family name of its own; returns the family names. */
export function captchaFonts(): string[] {
  if (families) return families;
  const found: string[] = [];
  for (const file of FONT_FILES) {
    const dir = FONT_DIRS.find((d) => existsSync(d + file));
    if (!dir) continue;
    const family = `shenfen-captcha-${found.length}`;
    if (GlobalFonts.registerFromPath(dir + file, family)) found.push(family);
  }
  if (found.length === 0) throw new Error('captcha: no font found — install the Debian packages fonts-dejavu-core fonts-dejavu-extra fonts-liberation2');
  return (families = found);
}

// Dark inks on a light ground: each ≥ 7:1 against BACKGROUND (WCAG AAA), different hues so colour alone separates nothing.
const INKS = ['#1b2a4a', '#0b3d2e', '#5c1717', '#222222', '#3a1d5c', '#553000'];
const BACKGROUND = [246, 247, 249] as const;

const rnd = (min: number, max: number) => min + Math.random() * (max - min);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Faint rings behind the text: clutter for a segmenter, too light to bother a reader. */
function background(g: SKRSContext2D) {
  g.fillStyle = `rgb(${BACKGROUND.join(',')})`;
  g.fillRect(0, 0, WIDTH, HEIGHT);
  g.lineWidth = 1.2;
  for (let i = 0; i < 7; i++) {
    g.strokeStyle = `hsl(${Math.floor(rnd(0, 360))},45%,80%)`;
    g.beginPath();
    g.arc(rnd(0, WIDTH), rnd(0, HEIGHT), rnd(8, 36), 0, Math.PI * 2);
    g.stroke();
  }
}

/** Advance widths at 100 px, per font and character: measured once (a width scales with the size). */
const widths = new Map<string, number>();

function advance(g: SKRSContext2D, family: string, ch: string): number {
  const key = `${family}\0${ch}`;
  let w = widths.get(key);
  if (w === undefined) {
    g.font = `100px ${family}`;
    w = g.measureText(ch).width;
    if (widths.size < 4096) widths.set(key, w);
  }
  return w;
}

/** The glyphs: each its own font and size, rotated and sheared, overlapping its neighbours; centred as a whole. */
function glyphs(g: SKRSContext2D, text: string, ink: string) {
  const fams = captchaFonts();
  const chars = [...text].map((ch) => {
    const size = rnd(54, 62);
    const family = pick(fams);
    return { ch, font: `${size.toFixed(1)}px ${family}`, width: (advance(g, family, ch) * size) / 100, step: rnd(0.86, 0.96) };
  });
  // Overlap: each glyph starts before the previous one ends; scale the steps to fit the width.
  let total = chars.reduce((s, c, i) => s + (i < chars.length - 1 ? c.width * c.step : c.width), 0);
  const fit = Math.min(1, (WIDTH - 16) / total);
  total *= fit;
  let x = (WIDTH - total) / 2 + rnd(-6, 6);
  g.fillStyle = ink;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  for (const c of chars) {
    g.save();
    g.font = c.font;
    g.translate(x + (c.width * fit) / 2, HEIGHT / 2 + rnd(-5, 5));
    g.rotate(rnd(-0.3, 0.3));
    g.transform(1, 0, rnd(-0.22, 0.22), 1, 0, 0);
    g.fillText(c.ch, 0, 2);
    g.restore();
    x += c.width * c.step * fit;
  }
}

/** Two strokes in the ink's colour that cross the glyphs from edge to edge. */
function strikes(g: SKRSContext2D, ink: string) {
  g.strokeStyle = ink;
  for (let i = 0; i < 2; i++) {
    g.lineWidth = rnd(1.6, 2.2);
    g.beginPath();
    g.moveTo(rnd(0, 16), rnd(18, HEIGHT - 18));
    g.bezierCurveTo(rnd(WIDTH * 0.25, WIDTH * 0.45), rnd(0, HEIGHT), rnd(WIDTH * 0.55, WIDTH * 0.75), rnd(0, HEIGHT), rnd(WIDTH - 16, WIDTH), rnd(18, HEIGHT - 18));
    g.stroke();
  }
}

/**
 * Warps the picture by two sine waves (rows move along x with y, columns along y with x), sampling
 * bilinearly, and sprinkles light and dark specks.
 */
function warp(src: Uint8ClampedArray, dst: Uint8ClampedArray) {
  const ax = rnd(2.5, 4), px = rnd(50, 80), fx = rnd(0, Math.PI * 2);
  const ay = rnd(3.5, 5.5), py = rnd(80, 140), fy = rnd(0, Math.PI * 2);
  const dxs = new Float64Array(HEIGHT);
  for (let y = 0; y < HEIGHT; y++) dxs[y] = ax * Math.sin((y / px) * 2 * Math.PI + fx);
  const dys = new Float64Array(WIDTH);
  for (let x = 0; x < WIDTH; x++) dys[x] = ay * Math.sin((x / py) * 2 * Math.PI + fy);
  const row = WIDTH * 4;
  const [br, bg, bb] = BACKGROUND;
  for (let y = 0, o = 0; y < HEIGHT; y++) {
    const dx = dxs[y]!;
    for (let x = 0; x < WIDTH; x++, o += 4) {
      const sx = x + dx;
      const sy = y + dys[x]!;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= WIDTH - 1 || y0 >= HEIGHT - 1) {
        dst[o] = br;
        dst[o + 1] = bg;
        dst[o + 2] = bb;
        dst[o + 3] = 255;
        continue;
      }
      const tx = sx - x0;
      const ty = sy - y0;
      const i = y0 * row + x0 * 4;
      const w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty, w11 = tx * ty;
      dst[o] = src[i]! * w00 + src[i + 4]! * w01 + src[i + row]! * w10 + src[i + row + 4]! * w11;
      dst[o + 1] = src[i + 1]! * w00 + src[i + 5]! * w01 + src[i + row + 1]! * w10 + src[i + row + 5]! * w11;
      dst[o + 2] = src[i + 2]! * w00 + src[i + 6]! * w01 + src[i + row + 2]! * w10 + src[i + row + 6]! * w11;
      dst[o + 3] = 255;
    }
  }
  for (let i = 0; i < 160; i++) {
    const o = (randomInt(HEIGHT) * WIDTH + randomInt(WIDTH)) * 4;
    const v = i % 2 ? 70 : 225;
    dst[o] = dst[o + 1] = dst[o + 2] = v;
  }
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const b = Buffer.alloc(12 + data.length);
  b.writeUInt32BE(data.length, 0);
  b.write(type, 4, 'latin1');
  data.copy(b, 8);
  b.writeUInt32BE(crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
  return b;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IHDR = chunk('IHDR', Buffer.from([0, 0, 0, WIDTH, 0, 0, 0, HEIGHT, 8, 2, 0, 0, 0])); // 8-bit RGB
const IEND = chunk('IEND', Buffer.alloc(0));

/**
 * The pixels as an RGB PNG, rows unfiltered, zlib's fastest level: a fraction of the time Skia's
 * encoder takes for the same picture (which was the bulk of a drawing), at about its size.
 */
function encodePng(rgba: Uint8ClampedArray): Buffer {
  const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  for (let y = 0, o = 0, i = 0; y < HEIGHT; y++) {
    raw[o++] = 0;
    for (let x = 0; x < WIDTH; x++, i += 4) {
      raw[o++] = rgba[i]!;
      raw[o++] = rgba[i + 1]!;
      raw[o++] = rgba[i + 2]!;
    }
  }
  return Buffer.concat([PNG_SIGNATURE, IHDR, chunk('IDAT', deflateSync(raw, { level: 1 })), IEND]);
}

// One canvas for every drawing: drawing is synchronous, so no two share it at once.
let canvas: Canvas | undefined;

/** Draws a given text; tests use it with a known text, production with a random one. */
export function drawCaptcha(text: string): Buffer {
  const g = (canvas ??= createCanvas(WIDTH, HEIGHT)).getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  const ink = pick(INKS);
  background(g);
  glyphs(g, text, ink);
  strikes(g, ink);
  const out = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  warp(g.getImageData(0, 0, WIDTH, HEIGHT).data, out);
  return encodePng(out);
}

/**
 * A captcha for `text` whose picture is drawn on first read of `png`: a flow start refused by its
 * rate limit (src/flows/flow.ts, createFlow) stores nothing and shows nothing, so it draws nothing.
 */
export function captchaFor(text: string, draw: (text: string) => Buffer = drawCaptcha): CaptchaImage {
  let png: Buffer | undefined;
  return {
    text,
    get png() {
      return (png ??= draw(text));
    },
  };
}

export const rasterCaptcha: CaptchaGenerator = {
  create() {
    let text = '';
    for (let i = 0; i < 4; i++) text += ALPHABET[randomInt(ALPHABET.length)];
    return captchaFor(text);
  },
};

/** A PNG as a data: URI, for JSON answers. */
export const pngDataUri = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
