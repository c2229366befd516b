/** Ends a test run with one plain line, 'Tests: N passed, N failed, N skipped', that CI can read. */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    const db = process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
    console.log(`\nStore under test: ${db}`);
    console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
