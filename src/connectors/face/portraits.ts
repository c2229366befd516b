/**
 * The sandbox's built-in portraits ('建模照片'): faces in photos shipped inside npm packages, read
 * from the installed package at run time (nothing is downloaded). Person `a` is the woman
 * test/helpers/face-media.ts films (her square in @vladmandic/face-api's demo/sample3.jpg, a group
 * photo): the portrait is that square, cut out here.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';

interface Portrait {
  pkg: string;
  file: string;
  /** The square around the face in the photo: left, top, side (pixels). */
  square: [x: number, y: number, side: number];
}

export const PORTRAITS = {
  a: { pkg: '@vladmandic/face-api', file: 'demo/sample3.jpg', square: [941, 123, 495] },
} as const satisfies Record<string, Portrait>;
export type PortraitKey = keyof typeof PORTRAITS;
export const isPortraitKey = (k: string): k is PortraitKey => Object.hasOwn(PORTRAITS, k);

const require = createRequire(import.meta.url);

/** The installed package's folder (its exports may hide package.json: walk up from its entry). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    if (dir.endsWith(pkg) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${pkg} is not installed (the sandbox face registry reads its portraits from it)`);
    dir = up;
  }
}

/** The portrait as a JPEG: the face's square cut out of the photo. */
export async function portraitImage(key: PortraitKey): Promise<Buffer> {
  const p: Portrait = PORTRAITS[key];
  const photo = await loadImage(await readFile(join(packageDir(p.pkg), p.file)));
  const [x, y, side] = p.square;
  const canvas = createCanvas(side, side);
  canvas.getContext('2d').drawImage(photo, x, y, side, side, 0, 0, side, side);
  return canvas.encodeSync('jpeg', 92);
}
