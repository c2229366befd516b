import { loadImage, createCanvas } from '@napi-rs/canvas';
import { describe, expect, it, vi } from 'vitest';
import { ALPHABET, captchaFonts, captchaFor, drawCaptcha, HEIGHT, rasterCaptcha, WIDTH } from '../../src/connectors/captcha/raster.js';

/** The chunk types of a PNG, in order. */
function pngChunks(png: Buffer): string[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const types: string[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    types.push(png.toString('latin1', at + 4, at + 8));
    at += 12 + length;
  }
  return types;
}

async function pixels(png: Buffer): Promise<Uint8ClampedArray> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  return g.getImageData(0, 0, image.width, image.height).data;
}

/** Share of pixels whose colour differs by more than a third of the range in some channel. */
function differing(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) > 85 || Math.abs(a[i + 1]! - b[i + 1]!) > 85 || Math.abs(a[i + 2]! - b[i + 2]!) > 85) n++;
  }
  return n / (a.length / 4);
}

/** Share of pixels dark enough to be ink (glyphs and strokes). */
function ink(a: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i]! + a[i + 1]! + a[i + 2]! < 3 * 110) n++;
  return n / (a.length / 4);
}

describe('the raster captcha', () => {
  it('is a PNG of the expected size, pixels only: no text, outlines or metadata in it', () => {
    const png = drawCaptcha('4AB7');
    expect(png.readUInt32BE(16)).toBe(WIDTH);
    expect(png.readUInt32BE(20)).toBe(HEIGHT);
    expect(WIDTH).toBeGreaterThanOrEqual(200);
    // Only image data: no tEXt/iTXt/zTXt (where a text could hide), nothing an outline matcher could read.
    for (const type of pngChunks(png)) expect(['IHDR', 'sBIT', 'sRGB', 'gAMA', 'pHYs', 'IDAT', 'IEND']).toContain(type);
    const bytes = png.toString('latin1');
    for (const needle of ['4AB7', '<svg', '<path', 'd="M', 'font']) expect(bytes).not.toContain(needle);
  });

  it('draws the same text differently every time, all over the picture (what defeats outline and template matching)', async () => {
    const a = await pixels(drawCaptcha('4AB7'));
    const b = await pixels(drawCaptcha('4AB7'));
    expect(a.length).toBe(WIDTH * HEIGHT * 4);
    // The glyphs are there: a good share of the picture is dark ink on the light ground.
    expect(ink(a)).toBeGreaterThan(0.08);
    // And they land elsewhere, in other fonts, turned and warped otherwise: most ink pixels of one are not ink in the other.
    expect(differing(a, b)).toBeGreaterThan(0.08);
    expect(drawCaptcha('4AB7').equals(drawCaptcha('4AB7'))).toBe(false);
  });

  it('is drawn in several fonts (DejaVu and Liberation from Debian, as .ci/run installs them)', () => {
    expect(captchaFonts().length).toBeGreaterThanOrEqual(5);
  });

  it('makes four-character texts from the alphabet without look-alikes (no 0/O, 1/I/l, 2/Z, 5/S, 8/B)', () => {
    expect(ALPHABET).not.toMatch(/[0O1Il2Z5S8B]/);
    for (let i = 0; i < 50; i++) expect(rasterCaptcha.create().text).toMatch(new RegExp(`^[${ALPHABET}]{4}$`));
  });

  it('draws only when the picture is read', () => {
    const draw = vi.fn(() => Buffer.from('png'));
    const captcha = captchaFor('4AB7', draw);
    expect(draw).not.toHaveBeenCalled();
    expect(captcha.png.toString()).toBe('png');
    expect(captcha.png.toString()).toBe('png');
    expect(draw).toHaveBeenCalledTimes(1);
  });
});
