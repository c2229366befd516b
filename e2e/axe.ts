// axe-core (issue 19: 0 critical and 0 serious on every page at 1280 px and 375 px): injects axe into the
// page and lists what it finds at those impacts, as 'rule: target' lines a failing test prints.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

/** The critical and serious findings of axe on the page as it is now (WCAG 2.x A and AA rules and best practices). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // As an expression through DevTools, not a <script>: the page's CSP (script-src 'self') stays as served.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({ rule: v.id, impact: v.impact!, targets: v.nodes.map((n) => n.target.join(' ')), summary: v.nodes[0]?.failureSummary ?? '' }));
  });
}

/** One line per finding, for an assertion message. */
export const describeFindings = (where: string, found: AxeFinding[]) => found.map((f) => `${where} ${f.impact} ${f.rule}: ${f.targets.slice(0, 3).join(', ')} — ${f.summary.split('\n').slice(0, 2).join(' ')}`).join('\n');
