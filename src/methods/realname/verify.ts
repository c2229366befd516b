/** Runs one real-name method for a signed-in person: rate limits, the check, evidence, audit. */
import { assuranceLevel } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import { AppError, assertThat } from '../../http/errors.js';
import { parse } from '../../http/validate.js';
import { hit } from '../../security/rate-limit.js';
import { identityToClaim, recordClaimedIdentity } from '../../accounts/claim-identity.js';
import { recordEvidence } from './evidence.js';
import { findMethod } from './index.js';
import type { PersonIdentity } from './method.js';

/** The registered identity, or null for a person registered by phone who has no ID yet. */
async function personIdentity(ctx: AppContext, accountId: string): Promise<PersonIdentity | null> {
  const p = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  assertThat(p, 'realname.not_applicable');
  if (p.name === null || p.id_type === null || p.id_number_enc === null) return null;
  return { accountId, name: p.name, idType: p.id_type, idNumber: ctx.vault.decrypt(p.id_number_enc) };
}

export async function verifyRealName(
  ctx: AppContext,
  accountId: string,
  methodId: string,
  body: unknown,
  ip: string,
): Promise<{ method: string; assuranceLevel: AssuranceLevel }> {
  const method = findMethod(methodId);
  assertThat(method, 'realname.unknown_method');
  const input = parse(method.input, body);
  const registered = await personIdentity(ctx, accountId);
  const person = registered ?? (await identityToClaim(ctx, accountId, method.idTypes, input));
  assertThat(method.idTypes.includes(person.idType), 'realname.not_applicable');
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', accountId);

  const verdict = await method.verify(ctx, person, input);
  const now = ctx.clock.now();
  if (verdict.ok && !registered) await recordClaimedIdentity(ctx, person);
  if (verdict.source !== null) {
    await recordEvidence(ctx, {
      accountId,
      method: method.id,
      source: verdict.source,
      level: method.level,
      result: verdict.ok ? 'pass' : 'fail',
      reason: verdict.ok ? null : verdict.reason,
      inputFingerprint: verdict.fingerprint,
      expiresAt: verdict.ok && method.validityDays ? addMinutes(now, method.validityDays * 24 * 60) : null,
    });
  }
  await audit(ctx.db, {
    at: now,
    actor: accountId,
    event: `realname.${method.id}`,
    result: verdict.ok ? 'success' : 'failure',
    ip,
    subject: accountId,
    detail: verdict.ok ? { level: method.level } : { reason: verdict.reason },
  });
  if (!verdict.ok) throw new AppError(verdict.code);
  return { method: method.id, assuranceLevel: await assuranceLevel(ctx, accountId) };
}
