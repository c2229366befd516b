import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { drawCaptcha, svgCaptcha } from '../../src/connectors/captcha/svg.js';

const require = createRequire(import.meta.url);
const svgCaptchaDraw = require('svg-captcha') as (text: string, options: Record<string, unknown>) => string;
const OPTIONS = { width: 160, height: 56, fontSize: 56, noise: 2, color: true, background: '#f5f7fa' };

/** A Math.random that repeats a fixed sequence, so two drawings make the same random draws. */
function seeded(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

afterEach(() => vi.restoreAllMocks());

const NUMBER = /-?\d+(?:\.\d+)?/g;

/** Equal but for numbers a tie-rounding apart (a hundredth), and printed the same way otherwise. */
function expectSameDrawing(ours: string, theirs: string) {
  expect(ours.replace(NUMBER, '#')).toBe(theirs.replace(NUMBER, '#'));
  const a = ours.match(NUMBER)!.map(Number);
  const b = theirs.match(NUMBER)!.map(Number);
  expect(a).toHaveLength(b.length);
  const off = a.filter((v, i) => Math.abs(v - b[i]!) > 0.0100001);
  expect(off).toEqual([]);
  // Ties are rare: nearly every number is printed exactly as svg-captcha prints it.
  expect(a.filter((v, i) => v !== b[i]).length).toBeLessThanOrEqual(Math.ceil(a.length / 50));
}

describe('captcha drawing with cached glyph outlines', () => {
  it('draws what svg-captcha draws from the same random draws', () => {
    for (const [seed, text] of [[1, '4AB7'], [7, 'K7PX'], [42, 'wxyz'], [99, 'Hd3e']] as const) {
      vi.spyOn(Math, 'random').mockImplementation(seeded(seed));
      const ours = drawCaptcha(text).svg;
      vi.spyOn(Math, 'random').mockImplementation(seeded(seed));
      const theirs = svgCaptchaDraw(text, OPTIONS);
      expectSameDrawing(ours, theirs);
      // Drawn again (outlines now cached), still the same.
      vi.spyOn(Math, 'random').mockImplementation(seeded(seed));
      expect(drawCaptcha(text).svg).toBe(ours);
    }
  });

  it('jitters: two drawings of one text differ', () => {
    expect(drawCaptcha('4AB7').svg).not.toBe(drawCaptcha('4AB7').svg);
  });

  it('makes four-character texts from the unambiguous alphabet', () => {
    for (let i = 0; i < 20; i++) {
      const { text, svg } = svgCaptcha.create();
      expect(text).toMatch(/^[34679ACDEFGHJKMNPRTUVWXYabcdefhjkmnprtuvwxy]{4}$/);
      expect(svg.match(/<path fill=/g)).toHaveLength(4);
    }
  });
});
