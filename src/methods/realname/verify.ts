/** Runs one real-name method for a signed-in person: rate limits, the SMS proof, the check, evidence, audit. */
import { z } from 'zod';
import { assuranceLevel } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { parse } from '../../http/validate.js';
import { hit } from '../../security/rate-limit.js';
import { identityToClaim, recordClaimedIdentity } from '../../accounts/claim-identity.js';
import { completeRealName, realNameOutcome } from './complete.js';
import { findRealNameMethod } from './lookup.js';
import type { MethodProof, PersonIdentity, RealNameMethod } from './method.js';
import { completeSmsStep, provenPhone, type SmsStepFlow } from './sms-step.js';

/** The registered identity, or null for a person registered by phone who has no ID yet. */
export async function personIdentity(ctx: AppContext, accountId: string): Promise<PersonIdentity | null> {
  const p = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_enc']).where('account_id', '=', accountId).executeTakeFirst();
  assertThat(p, 'realname.not_applicable');
  if (p.name === null || p.id_type === null || p.id_number_enc === null) return null;
  return { accountId, name: p.name, idType: p.id_type, idNumber: ctx.vault.decrypt(p.id_number_enc) };
}

/** The method a path names, if it exists. */
export function methodOf(ctx: AppContext, id: string): RealNameMethod<any> {
  const method = findRealNameMethod(ctx.methods, id);
  assertThat(method, 'realname.unknown_method');
  return method;
}

const FlowField = z.object({ flowId: z.string('realname.sms_required').max(64, 'realname.sms_required') });

/**
 * The body `verifyRealName` takes for a method, as one schema (the route declares it; see
 * src/http/route-input.ts): the method's fields, and for an SMS method its SMS step's flowId.
 */
export function realNameBody(ctx: AppContext, methodId: string): z.ZodType | undefined {
  const method = findRealNameMethod(ctx.methods, methodId);
  if (!method) return undefined;
  return method.kind === 'sms_form' && method.input instanceof z.ZodObject ? method.input.extend(FlowField.shape) : method.input;
}

export async function verifyRealName(
  ctx: AppContext,
  accountId: string,
  methodId: string,
  body: unknown,
  ip: string,
  binding?: string,
): Promise<{ method: string; assuranceLevel: AssuranceLevel }> {
  const method = methodOf(ctx, methodId);
  // An SMS method's form carries the flow of its SMS step beside the method's own fields.
  let smsFlowId: string | undefined;
  let fields = body;
  if (method.kind === 'sms_form') {
    const { flowId, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    smsFlowId = parse(FlowField, { flowId }).flowId;
    fields = rest;
  }
  const input = parse(method.input, fields);
  const registered = await personIdentity(ctx, accountId);
  const person = registered ?? (await identityToClaim(ctx, accountId, method.idTypes, input));
  assertThat(method.idTypes.includes(person.idType), 'realname.not_applicable');
  let flow: SmsStepFlow | undefined;
  const proof: MethodProof = { ip };
  if (smsFlowId !== undefined) {
    assertThat(binding, 'flow.not_found');
    const proven = await provenPhone(ctx, { accountId, method, binding, flowId: smsFlowId });
    flow = proven.flow;
    proof.phone = proven.phone;
  }
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', accountId);

  const verdict = await method.verify(ctx, person, input, proof);
  const now = ctx.clock.now();
  if (verdict.ok && !registered) await recordClaimedIdentity(ctx, person);
  await ctx.db.transaction().execute(async (tx) => {
    if (verdict.source !== null) await completeRealName(ctx, realNameOutcome(ctx, accountId, method, { ...verdict, source: verdict.source }), tx);
    if (verdict.ok && method.afterPass) await method.afterPass(ctx, tx, person, input, proof);
  });
  await audit(ctx.db, {
    at: now,
    actor: accountId,
    event: `realname.${method.id}`,
    result: verdict.ok ? 'success' : 'failure',
    ip,
    subject: accountId,
    detail: { ...(verdict.ok ? { level: method.level } : { reason: verdict.reason }), ...(verdict.fingerprint ? { fingerprint: verdict.fingerprint.slice(0, 16) } : {}), source: verdict.source },
  });
  if (!verdict.ok) throw new AppError(verdict.code);
  if (flow) await completeSmsStep(ctx, flow);
  return { method: method.id, assuranceLevel: await assuranceLevel(ctx, accountId) };
}
