/** `shenfen org-staff add|remove <username>` and `shenfen sandbox-enterprises [--count N] [--seed S]`. */
import { normaliseUsername } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import { seedSandboxEnterprises } from '../connectors/enterprise/sandbox.js';
import type { AppContext } from '../context.js';

export const ORG_CLI_USAGE = `  org-staff add|remove <username>        grant or remove the staff role of the org recovery review queue
  sandbox-enterprises [--count N] [--seed S]   fill the enterprise registry sandbox (default 100 companies)`;

export async function orgStaffCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const [action, username] = flags;
  if ((action !== 'add' && action !== 'remove') || !username) {
    console.error(`usage:\n${ORG_CLI_USAGE}`);
    return 1;
  }
  const account = await ctx.db.selectFrom('accounts').select(['id', 'kind']).where('username_norm', '=', normaliseUsername(username)).executeTakeFirst();
  if (!account || account.kind !== 'person') {
    console.error(`no person account ${username}`);
    return 1;
  }
  if (action === 'add') await ctx.db.insertInto('org_staff').values({ account_id: account.id, created_at: ctx.clock.now() }).onConflict((oc) => oc.doNothing()).execute();
  else await ctx.db.deleteFrom('org_staff').where('account_id', '=', account.id).execute();
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'cli', event: `org.staff_${action}`, result: 'success', subject: account.id });
  console.log(`${username}: staff role ${action === 'add' ? 'granted' : 'removed'}`);
  return 0;
}

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
