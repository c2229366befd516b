import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI (`npm test` builds first), on a PGlite store of its own.
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenfen-housekeeping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shenfen housekeeping', () => {
  it('runs one round and says what it did', async () => {
    const env = { ...process.env, SHENFEN_MODE: 'development', SHENFEN_DATA_DIR: dir, DATABASE_URL: '' };
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'housekeeping'], { env, timeout: 60_000 });
    expect(stdout).toMatch(/housekeeping done: 0 deactivated account\(s\) erased, 0 expired e-mail link\(s\) removed/);
    const help = await promisify(execFile)(process.execPath, [CLI, 'help'], { env, timeout: 60_000 });
    expect(help.stdout).toContain('housekeeping');
  });
});
