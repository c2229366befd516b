/**
 * The captcha drawing Shenfen used before the raster one (src/connectors/captcha/raster.ts), kept
 * only so bench/captcha.ts can measure both in one run. It was read by machine on every try
 * (issue 18): its glyphs are the font's outlines, moved and jittered. Do not use it.
 *
 * Self-hosted image captcha: the text comes from a CSPRNG; the drawing is svg-captcha's (its font,
 * colours, noise lines and jittered glyph outlines). Outlines are cached per character at origin,
 * so a captcha only moves, jitters and prints them — opentype's glyph work happens once per
 * character, not once per image. The output equals svg-captcha's for the same random draws.
 */
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';

export interface CaptchaImage {
  text: string;
  svg: string;
}

export interface CaptchaGenerator {
  create(): CaptchaImage;
}

// Letters and digits that elderly users cannot confuse (no 0/O, 1/l/I, 2/Z, 5/S, 8/B).
const ALPHABET = '34679ACDEFGHJKMNPRTUVWXYabcdefhjkmnprtuvwxy';

interface Command {
  type: 'M' | 'L' | 'Q' | 'C' | 'Z';
  x: number;
  y: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface Glyph {
  advanceWidth?: number;
  getPath(x: number, y: number, fontSize: number): { commands: Command[] };
}
interface Font {
  unitsPerEm: number;
  charToGlyph(ch: string): Glyph;
}

const require = createRequire(import.meta.url);
const { options: defaults } = require('svg-captcha/lib/option-manager') as { options: { font: Font; ascender: number; descender: number } };
const random = require('svg-captcha/lib/random') as { int(min: number, max: number): number; color(background?: string): string };

const WIDTH = 160;
const HEIGHT = 56;
const FONT_SIZE = 56;
const NOISE = 2;
const BACKGROUND = '#f5f7fa';

/** A character's outline at the origin, and its advance width, at FONT_SIZE. */
const outlines = new Map<string, { commands: Command[]; width: number }>();

function outline(ch: string) {
  let o = outlines.get(ch);
  if (!o) {
    const glyph = defaults.font.charToGlyph(ch);
    const scale = FONT_SIZE / defaults.font.unitsPerEm;
    o = { commands: glyph.getPath(0, 0, FONT_SIZE).commands, width: glyph.advanceWidth ? glyph.advanceWidth * scale : 0 };
    // Any character may be drawn (tests draw fixed texts); the map stays as small as the alphabets used.
    if (outlines.size < 256) outlines.set(ch, o);
  }
  return o;
}

// As opentype's Path.toPathData: integers as such, others with two decimals; a minus sign separates.
// Integer arithmetic instead of toFixed (the bulk of the drawing time); at a .xx5 tie it may round
// the other way than toFixed, a hundredth of a pixel.
const num = (v: number) => {
  if (Math.round(v) === v) return String(v);
  const n = Math.round(Math.abs(v) * 100);
  const frac = n % 100;
  return `${v < 0 ? '-' : ''}${(n - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
};
const pack = (...vs: number[]) => {
  let s = '';
  for (let i = 0; i < vs.length; i++) s += (vs[i]! >= 0 && i > 0 ? ' ' : '') + num(vs[i]!);
  return s;
};

/** svg-captcha's ch-to-path: the outline moved to (left, top), every point jittered by ±0.1. */
function charPath(ch: string, x: number, y: number): string {
  const { commands, width } = outline(ch);
  const left = x - width / 2;
  const top = y + ((defaults.ascender + defaults.descender) * (FONT_SIZE / defaults.font.unitsPerEm)) / 2;
  let d = '';
  for (const c of commands) {
    const r = Math.random() * 0.2 - 0.1;
    switch (c.type) {
      case 'M':
      case 'L':
        d += c.type + pack(left + c.x + r, top + c.y + r);
        break;
      case 'Q':
        d += 'Q' + pack(left + c.x1 + r, top + c.y1 + r, left + c.x + r, top + c.y + r);
        break;
      case 'C':
        d += 'C' + pack(left + c.x1 + r, top + c.y1 + r, left + c.x2, top + c.y2, left + c.x + r, top + c.y + r);
        break;
      default:
        d += 'Z';
    }
  }
  return d;
}

/** Draws a given text; tests use it with a known text, production with a random one. */
export function drawCaptcha(text: string): CaptchaImage {
  const paths: string[] = [];
  for (let i = 0; i < NOISE; i++) {
    const start = `${random.int(1, 21)} ${random.int(1, HEIGHT - 1)}`;
    const end = `${random.int(WIDTH - 21, WIDTH - 1)} ${random.int(1, HEIGHT - 1)}`;
    const mid1 = `${random.int(WIDTH / 2 - 21, WIDTH / 2 + 21)} ${random.int(1, HEIGHT - 1)}`;
    const mid2 = `${random.int(WIDTH / 2 - 21, WIDTH / 2 + 21)} ${random.int(1, HEIGHT - 1)}`;
    paths.push(`<path d="M${start} C${mid1},${mid2},${end}" stroke="${random.color()}" fill="none"/>`);
  }
  const spacing = (WIDTH - 2) / (text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const d = charPath(text[i]!, spacing * (i + 1), HEIGHT / 2);
    paths.push(`<path fill="${random.color(BACKGROUND)}" d="${d}"/>`);
  }
  paths.sort(() => Math.random() - 0.5);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0,0,${WIDTH},${HEIGHT}">` +
    `<rect width="100%" height="100%" fill="${BACKGROUND}"/>${paths.join('')}</svg>`;
  return { text, svg };
}

/**
 * A captcha for `text` whose picture is drawn on first read of `svg`: a flow start refused by its
 * rate limit (src/flows/flow.ts, createFlow) stores nothing and shows nothing, so it draws nothing.
 */
export function captchaFor(text: string, draw: (text: string) => CaptchaImage = drawCaptcha): CaptchaImage {
  let svg: string | undefined;
  return {
    text,
    get svg() {
      return (svg ??= draw(text).svg);
    },
  };
}

export const svgCaptcha: CaptchaGenerator = {
  create() {
    let text = '';
    for (let i = 0; i < 4; i++) text += ALPHABET[randomInt(ALPHABET.length)];
    return captchaFor(text);
  },
};
