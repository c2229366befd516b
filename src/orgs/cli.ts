/** `shenfen sandbox-enterprises [--count N] [--seed S]`. */
import { seedSandboxEnterprises } from '../connectors/enterprise/sandbox.js';
import type { AppContext } from '../context.js';

export const ORG_CLI_USAGE = `  sandbox-enterprises [--count N] [--seed S]   fill the enterprise registry sandbox (default 100 companies)`;

export async function sandboxEnterprisesCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const opt = (name: string) => {
    const i = flags.indexOf(name);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  const count = Number(opt('--count') ?? 100);
  if (!Number.isInteger(count) || count < 0 || count > 100_000) {
    console.error(`usage:\n${ORG_CLI_USAGE}`);
    return 1;
  }
  const all = await seedSandboxEnterprises(ctx, { count, seed: opt('--seed') ?? 1 });
  console.log(`enterprise registry sandbox: ${count} generated companies + fixed ones; some to try:`);
  for (const e of all.slice(0, 6)) console.log(`  ${e.uscc}\t${e.name}\t${e.legalRepName}\t${e.legalRepIdNumber}\t${e.status}${e.note ? `\t${e.note}` : ''}`);
  return 0;
}
