/**
 * src/shared/ is read by the server and bundled into the SPA: its modules import nothing but zod and
 * each other, so the SPA never pulls in server code (and the schemas in src/shared/api/ stay the one
 * source of the answers' types).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SHARED = fileURLToPath(new URL('../../src/shared/', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('src/shared', () => {
  it('imports only zod and its own modules', () => {
    const outside: string[] = [];
    for (const file of files(SHARED)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        const ok = spec === 'zod' || (spec.startsWith('.') && !relative(SHARED, resolve(file, '..', spec)).startsWith('..'));
        if (!ok) outside.push(`${relative(SHARED, file)} → ${spec}`);
      }
    }
    expect(files(SHARED).length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });
});
