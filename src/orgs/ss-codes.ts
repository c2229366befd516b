/** An org's social-security registration codes (社保编码), several per org, each with its region (seed 004). */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, assertThat } from '../shared/app-error.js';
import { newId } from '../security/tokens.js';
import { assertManager, type OrgActor } from './access.js';

export const INSURANCE_TYPES = ['pension', 'injury', 'unemployment', 'medical', 'maternity'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export interface NewSsCode {
  code: string;
  regionLevel: 'province' | 'city' | 'district';
  regionName: string;
  insuranceTypes: InsuranceType[];
}

export async function addSsCode(ctx: AppContext, actor: OrgActor, input: NewSsCode, ip: string | null): Promise<string> {
  assertManager(actor);
  const id = newId();
  const now = ctx.clock.now();
  // The code and its audit entry together.
  await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('org_ss_codes')
      .values({ id, org_id: actor.orgId, code: input.code, region_level: input.regionLevel, region_name: input.regionName, insurance_types: JSON.stringify(input.insuranceTypes), created_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'code']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('org.ss_code_taken', { code: 'org.ss_code_taken' });
    await audit(tx, { at: now, actor: actor.actorId, event: 'org.ss_code_add', result: 'success', ip, subject: actor.orgId, detail: { id, regionLevel: input.regionLevel } });
  });
  return id;
}

export async function removeSsCode(ctx: AppContext, actor: OrgActor, id: string, ip: string | null): Promise<void> {
  assertManager(actor);
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom('org_ss_codes').where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
    assertThat(Number(res.numDeletedRows) === 1, 'org.ss_code_not_found');
    await audit(tx, { at: ctx.clock.now(), actor: actor.actorId, event: 'org.ss_code_remove', result: 'success', ip, subject: actor.orgId, detail: { id } });
  });
}
