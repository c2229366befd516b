/**
 * 单位名称修改: the org name and legal representative change only after the enterprise registry
 * confirms the new details. A new legal representative suspends the org's grants until the org
 * confirms them (Config.orgs.suspendGrantsOnLegalRepChange); the old legal representative's
 * sub-account becomes an agent, and a sub-account of the new one becomes the legal representative.
 */
import type { AppContext } from '../context.js';
import { AppError, assertThat } from '../shared/app-error.js';
import { normaliseName } from '../connectors/realname/authority.js';
import { assertManager, type OrgActor } from './access.js';
import { checkWithRegistry, idNumberHash, recordRegistryEvidence, registryLevel } from './orgs.js';

export async function changeOrgName(ctx: AppContext, actor: OrgActor, input: { name: string; legalRepName: string; legalRepIdNumber: string }, ip: string | null): Promise<{ legalRepChanged: boolean; grantsSuspended: boolean }> {
  assertManager(actor);
  const org = await ctx.db.selectFrom('orgs').selectAll().where('account_id', '=', actor.orgId).executeTakeFirstOrThrow();
  const newRepHash = idNumberHash(ctx, input.legalRepIdNumber);
  const legalRepChanged = newRepHash !== org.legal_rep_id_hash || normaliseName(input.legalRepName) !== normaliseName(org.legal_rep_name);
  assertThat(legalRepChanged || input.name !== org.name, 'org.no_change');
  const match = await checkWithRegistry(ctx, { uscc: org.uscc, ...input }).catch(async (err: unknown) => {
    await ctx.db.insertInto('audit_log').values({ at: ctx.clock.now(), actor: actor.actorId, event: 'org.name_change', result: 'failure', ip, subject: actor.orgId, detail: JSON.stringify({ reason: err instanceof AppError ? err.code : 'error' }) }).execute();
    throw err;
  });
  const level = await registryLevel(ctx, actor.actorId);
  const suspend = legalRepChanged && newRepHash !== org.legal_rep_id_hash && ctx.config.orgs.suspendGrantsOnLegalRepChange;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('orgs')
      .set({
        name: input.name,
        legal_rep_name: input.legalRepName,
        legal_rep_id_enc: ctx.vault.encrypt(input.legalRepIdNumber.trim().toUpperCase()),
        legal_rep_id_hash: newRepHash,
        registry_source: match.source,
        registry_checked_at: now,
        updated_at: now,
        ...(suspend ? { grants_suspended_at: now } : {}),
      })
      .where('account_id', '=', actor.orgId)
      .execute();
    await tx.updateTable('accounts').set({ display_name: input.name, updated_at: now }).where('id', '=', actor.orgId).execute();
    if (newRepHash !== org.legal_rep_id_hash) {
      await tx.updateTable('org_members').set({ role: 'agent' }).where('org_id', '=', actor.orgId).where('role', '=', 'legal_rep').where('status', 'in', ['pending', 'active']).execute();
      await tx.updateTable('org_members').set({ role: 'legal_rep' }).where('org_id', '=', actor.orgId).where('invitee_id_hash', '=', newRepHash).where('status', 'in', ['pending', 'active']).execute();
    }
    await recordRegistryEvidence(ctx, tx, actor.orgId, match, level);
    await tx
      .insertInto('audit_log')
      .values({ at: now, actor: actor.actorId, event: 'org.name_change', result: 'success', ip, subject: actor.orgId, detail: JSON.stringify({ nameChanged: input.name !== org.name, legalRepChanged, grantsSuspended: suspend, source: match.source }) })
      .execute();
  });
  return { legalRepChanged, grantsSuspended: suspend };
}

/** The org confirms its grants after a change of legal representative. */
export async function confirmGrants(ctx: AppContext, actor: OrgActor, ip: string | null): Promise<void> {
  assertManager(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('orgs').set({ grants_suspended_at: null, updated_at: now }).where('account_id', '=', actor.orgId).execute();
    await tx.insertInto('audit_log').values({ at: now, actor: actor.actorId, event: 'org.grants_confirm', result: 'success', ip, subject: actor.orgId, detail: '{}' }).execute();
  });
}
