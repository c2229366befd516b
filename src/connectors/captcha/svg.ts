/** Self-hosted image captcha: the text comes from a CSPRNG, svg-captcha only draws it. */
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

const require = createRequire(import.meta.url);
const draw = require('svg-captcha') as (text: string, options: Record<string, unknown>) => string;

/** Draws a given text; tests use it with a known text, production with a random one. */
export function drawCaptcha(text: string): CaptchaImage {
  return { text, svg: draw(text, { width: 160, height: 56, fontSize: 56, noise: 2, color: true, background: '#f5f7fa' }) };
}

export const svgCaptcha: CaptchaGenerator = {
  create() {
    let text = '';
    for (let i = 0; i < 4; i++) text += ALPHABET[randomInt(ALPHABET.length)];
    return drawCaptcha(text);
  },
};
