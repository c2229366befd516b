/**
 * The sandbox's built-in portraits ('建模照片'): face photos shipped inside npm packages, read from
 * the installed package at run time (nothing is downloaded). Person `a` is the face the tests and
 * the demo capture with (test/helpers/face-media.ts makes its frames from the same image).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

export const PORTRAITS = {
  a: { pkg: '@vladmandic/human', file: 'samples/in/ai-face.jpg' },
} as const satisfies Record<string, { pkg: string; file: string }>;
export type PortraitKey = keyof typeof PORTRAITS;
export const isPortraitKey = (k: string): k is PortraitKey => Object.hasOwn(PORTRAITS, k);

const require = createRequire(import.meta.url);

/** The installed package's folder (its exports may hide package.json: walk up from its entry). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && dir.endsWith(pkg.split('/').join('/'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${pkg} not found`);
    dir = up;
  }
}

/** The portrait's image bytes. */
export const portraitImage = (key: PortraitKey): Promise<Buffer> => readFile(join(packageDir(PORTRAITS[key].pkg), PORTRAITS[key].file));
