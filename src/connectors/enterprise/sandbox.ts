/** Sandbox enterprise registry answering from the local table `sandbox_enterprises`, and its seeding. */
import type { AppContext } from '../../context.js';
import { normaliseIdInput } from '../../domain/gb11643.js';
import { validateUscc } from '../../domain/uscc.js';
import { normaliseName } from '../realname/authority.js';
import { fixedSandboxEnterprises, generateSandboxEnterprises, type SandboxEnterprise } from './generator.js';
import { normaliseOrgName, type EnterpriseRegistry } from './registry.js';

const ID_KIND = 'sandbox.enterprise.legal_rep_id';
const SOURCE = 'sandbox:enterprise_registry';

type Ctx = Pick<AppContext, 'db' | 'vault' | 'clock'>;

/** Inserts the fixed companies and `count` generated ones; existing USCCs are left alone. Returns them in plain values. */
export async function seedSandboxEnterprises(ctx: Ctx, opts: { count: number; seed?: string | number }): Promise<SandboxEnterprise[]> {
  const all = [...fixedSandboxEnterprises(), ...generateSandboxEnterprises(opts.count, opts.seed ?? 1)];
  const now = ctx.clock.now();
  for (let i = 0; i < all.length; i += 200) {
    await ctx.db
      .insertInto('sandbox_enterprises')
      .values(
        all.slice(i, i + 200).map((e) => ({
          uscc: e.uscc,
          name: e.name,
          legal_rep_name: e.legalRepName,
          legal_rep_id_hash: ctx.vault.lookupHash(ID_KIND, e.legalRepIdNumber),
          legal_rep_id_enc: ctx.vault.encrypt(e.legalRepIdNumber),
          status: e.status,
          note: e.note,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return all;
}

export function createSandboxEnterpriseRegistry(ctx: Ctx): EnterpriseRegistry {
  return {
    async checkOrg(input) {
      const uscc = validateUscc(input.uscc);
      if (!uscc.ok) return { outcome: 'not_found', source: SOURCE };
      const row = await ctx.db.selectFrom('sandbox_enterprises').selectAll().where('uscc', '=', uscc.value.code).executeTakeFirst();
      if (!row) return { outcome: 'not_found', source: SOURCE };
      if (row.status === 'revoked') return { outcome: 'revoked', source: SOURCE };
      if (normaliseOrgName(row.name) !== normaliseOrgName(input.name)) return { outcome: 'name_mismatch', source: SOURCE };
      const idHash = ctx.vault.lookupHash(ID_KIND, normaliseIdInput(input.legalRepIdNumber));
      if (normaliseName(row.legal_rep_name) !== normaliseName(input.legalRepName) || idHash !== row.legal_rep_id_hash) {
        return { outcome: 'legal_rep_mismatch', source: SOURCE };
      }
      return { outcome: 'match', source: SOURCE, reference: `sandbox-${uscc.value.code}` };
    },
  };
}
