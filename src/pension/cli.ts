/**
 * `shenfen pension import FILE [--photos DIR_OR_ZIP]` — the registry export (CSV, docs/pension.md)
 * and its 建模照片, all or nothing: every problem listed with its line, nothing written if any;
 * `shenfen pension pull` — the same from the social-insurance system's signed HTTP bridge (src/pension/source.ts);
 * `shenfen pension seed [--count N] [--seed S]` — sandbox retirees (the first 20 with photo 'a').
 */
import { readFile } from 'node:fs/promises';
import type { AppContext } from '../context.js';
import { importRetirees, readPhotos, type ImportReport } from './import.js';
import { seedRetirees } from './sandbox.js';
import { createHttpRegistrySource, pullRegistry } from './source.js';

export const PENSION_CLI_USAGE = `  pension import FILE [--photos DIR_OR_ZIP]   import the retiree registry (CSV) and photos named by number; all or nothing
  pension pull                                pull the registry from the social-insurance system's signed HTTP bridge
                                              (SHENFEN_PENSION_REGISTRY_URL, _KEY_ID, _SECRET); all or nothing
  pension seed [--count N] [--seed S]         add N sandbox retirees (default 100; the first 20 with portrait "a")`;

const flag = (flags: string[], name: string) => {
  const i = flags.indexOf(name);
  return i >= 0 ? flags[i + 1] : undefined;
};

function printReport(report: ImportReport): void {
  if (report.errors.length) {
    console.error(`nothing imported: ${report.errors.length} problem(s) in ${report.rows} row(s)`);
    for (const e of report.errors) console.error(`  ${e.line ? `line ${e.line}` : 'photos'}  ${e.field}: ${e.problem}`);
    return;
  }
  console.log(`imported ${report.rows} retiree(s): ${report.created} new, ${report.updated} updated, ${report.photos} photo(s)`);
}

export async function pensionCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const [sub, ...rest] = flags;
  if (sub === 'import' && rest[0] && !rest[0].startsWith('--')) {
    const photosAt = flag(rest, '--photos');
    const report = await importRetirees(ctx, { csv: await readFile(rest[0], 'utf8'), ...(photosAt ? { photos: await readPhotos(photosAt) } : {}) }, 'cli');
    printReport(report);
    return report.errors.length ? 1 : 0;
  }
  if (sub === 'pull') {
    const { SHENFEN_PENSION_REGISTRY_URL: baseUrl, SHENFEN_PENSION_REGISTRY_KEY_ID: keyId, SHENFEN_PENSION_REGISTRY_SECRET: secret } = process.env;
    if (!baseUrl || !keyId || !secret || secret.length < 32) {
      console.error('pension pull needs SHENFEN_PENSION_REGISTRY_URL, SHENFEN_PENSION_REGISTRY_KEY_ID and SHENFEN_PENSION_REGISTRY_SECRET (≥ 32 characters)');
      return 1;
    }
    const report = await pullRegistry(ctx, createHttpRegistrySource({ baseUrl, keyId, secret, timeoutMs: 60_000, clock: ctx.clock }), 'cli');
    if (report === 'unavailable') {
      console.error('nothing imported: the registry bridge did not answer (or its answers were not signed and well-formed)');
      return 1;
    }
    printReport(report);
    return report.errors.length ? 1 : 0;
  }
  if (sub === 'seed') {
    const count = Number(flag(rest, '--count') ?? 100);
    const seed = Number(flag(rest, '--seed') ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000 || !Number.isInteger(seed)) {
      console.error('pension seed: --count must be 1..1000000 and --seed an integer');
      return 1;
    }
    const { report, rows } = await seedRetirees(ctx, count, { seed });
    printReport(report);
    for (const r of rows.slice(0, 5)) console.log(`  ${r.name}  ${r.ssn}  ${r.region}  ${r.benefitStatus}/${r.survivalStatus}${r.lastCertified ? `  last certified ${r.lastCertified}` : ''}`);
    return report.errors.length ? 1 : 0;
  }
  console.error(`Usage:\n${PENSION_CLI_USAGE}`);
  return 1;
}
