/**
 * Org registration (单位注册): a signed-in person registers an org as its agent (seed 004 step 2,
 * 经办人与单位进行关联). The USCC, name and legal representative are checked against the enterprise
 * registry; the org account, its password and the agent's membership are written in one transaction.
 * The agent becomes the legal representative member when their ID number is the legal
 * representative's, otherwise an administrator.
 */
import { normaliseUsername } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { checkPassword } from '../domain/index.js';
import { AppError } from '../shared/app-error.js';
import { newId } from '../security/tokens.js';
import { checkWithRegistry, idNumberHash, recordRegistryEvidence, registryLevel, type RegistryMatch } from './orgs.js';

export interface OrgRegistration {
  uscc: string;
  name: string;
  legalRepName: string;
  legalRepIdNumber: string;
  username: string;
  password: string;
}

export async function registerOrg(ctx: AppContext, agentId: string, input: OrgRegistration, ip: string | null): Promise<{ orgId: string; agentRole: 'legal_rep' | 'admin' }> {
  const policy = checkPassword(input.password, { username: input.username });
  if (!policy.ok) throw new AppError(policy.code, { password: policy.code });
  const taken = await ctx.db.selectFrom('orgs').select('account_id').where('uscc', '=', input.uscc).executeTakeFirst();
  if (taken) throw new AppError('org.uscc_taken', { uscc: 'org.uscc_taken' });
  const nameTaken = await ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(input.username)).executeTakeFirst();
  if (nameTaken) throw new AppError('username.taken', { username: 'username.taken' });

  const found = await ctx.db.selectFrom('persons').select(['name', 'id_number_hash', 'id_number_enc']).where('account_id', '=', agentId).executeTakeFirstOrThrow();
  // A person registered by phone has no ID until a real-name check records one.
  const { name, id_number_hash, id_number_enc } = found;
  if (name === null || id_number_hash === null || id_number_enc === null) throw new AppError('org.agent_needs_id');
  const agent = { name, id_number_hash, id_number_enc };
  let match: RegistryMatch;
  try {
    match = await checkWithRegistry(ctx, input);
  } catch (err) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: agentId, event: 'org.register', result: 'failure', ip, detail: { uscc: input.uscc, reason: err instanceof AppError ? err.code : 'error' } });
    throw err;
  }

  const passwordHash = await ctx.passwords.hash(input.password);
  // The org's level is capped by the registrant's: they are who proved this account is the org's.
  const level = await registryLevel(ctx, agentId);
  const legalRepIdHash = idNumberHash(ctx, input.legalRepIdNumber);
  const agentRole = agent.id_number_hash === legalRepIdHash ? 'legal_rep' : 'admin';
  const now = ctx.clock.now();
  const orgId = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('accounts')
        .values({ id: orgId, kind: 'org', username: input.username, username_norm: normaliseUsername(input.username), display_name: input.name, created_at: now, updated_at: now })
        .execute();
      await tx
        .insertInto('orgs')
        .values({
          account_id: orgId,
          uscc: input.uscc,
          name: input.name,
          legal_rep_name: input.legalRepName,
          legal_rep_id_enc: ctx.vault.encrypt(input.legalRepIdNumber.trim().toUpperCase()),
          legal_rep_id_hash: legalRepIdHash,
          registered_by: agentId,
          registry_source: match.source,
          registry_checked_at: now,
          grants_suspended_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx.insertInto('password_credentials').values({ account_id: orgId, hash: passwordHash, updated_at: now }).execute();
      await tx
        .insertInto('org_members')
        .values({
          id: newId(),
          org_id: orgId,
          person_id: agentId,
          invitee_name: agent.name,
          invitee_id_hash: agent.id_number_hash,
          invitee_id_enc: agent.id_number_enc,
          role: agentRole,
          status: 'active',
          invited_by: agentId,
          invited_at: now,
          responded_at: now,
          ended_at: null,
          end_reason: null,
        })
        .execute();
      await recordRegistryEvidence(ctx, tx, orgId, match, level);
      await tx
        .insertInto('audit_log')
        .values({ at: now, actor: agentId, event: 'org.register', result: 'success', ip, subject: orgId, detail: JSON.stringify({ uscc: input.uscc, agentRole, source: match.source }) })
        .execute();
    });
  } catch (err) {
    // Someone registered the same code or username meanwhile.
    const detail = String((err as { detail?: string; message?: string }).detail ?? (err as Error).message ?? '');
    if (detail.includes('uscc')) throw new AppError('org.uscc_taken', { uscc: 'org.uscc_taken' });
    if (detail.includes('username')) throw new AppError('username.taken', { username: 'username.taken' });
    throw err;
  }
  return { orgId, agentRole };
}
