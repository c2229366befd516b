/**
 * 个人年度资格认证入口 (issue 14, seed 003 二): sign in with 请输入您登记的姓名 + 请输入您登记的社会保障号码
 * + the image captcha of a flow of its own (drawn and redrawn as the login page's), or go straight
 * in from a Shenfen person session whose verified resident ID is a retiree's (single sign-on).
 *
 * Enumeration: an unknown number, a known number with another name, and (for SSO) a person who is
 * no retiree all hear pension.not_registered — one status, one body, one lookup each. The per-number
 * limit counts every number typed, registered or not. A retiree whose benefit or survival status is
 * abnormal signs in (they typed both their registered name and number) and is refused at capture.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assuranceLevel } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { createFlow, takeCaptchaStep, type CaptchaView, type Flow } from '../flows/flow.js';
import { browserBinding, flowBinding } from '../http/csrf.js';
import { hit, pendingHit } from '../security/rate-limit.js';
import { safeEqual } from '../security/tokens.js';
import { AppError } from '../shared/app-error.js';
import { atLeast } from '../domain/assurance.js';
import { nameHash, normaliseRetireeName, normaliseSsn, RETIREE_COLUMNS, ssnHash, ssnKind, type RetireeRow } from './registry.js';
import { startRetireeSession } from './session.js';

export const PENSION_FLOW = 'pension_sign_in';
const SIGNING_IN = 'signing_in';

/** POST /api/pension/sign-in/flow: a flow with its first picture (per-IP limit as the login flow's). */
export function startSignInFlow(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Flow & Partial<CaptchaView>> {
  return createFlow(ctx, PENSION_FLOW, SIGNING_IN, browserBinding(req, reply), {}, true, pendingHit(ctx, 'flowPerIp', req.ip));
}

/** The number's form checked (pension.ssn_format) and normalised. */
export function checkedSsn(ctx: AppContext, raw: string): string {
  const ssn = normaliseSsn(raw);
  if (ssnKind(ssn, ctx.clock.now()) === null) throw new AppError('pension.ssn_format', { ssn: 'pension.ssn_format' });
  return ssn;
}

/**
 * Name + number + captcha. Order: the number's form (nothing used up), the per-IP limit with the
 * flow's captcha (used up whatever the answer), the per-number limit, then one lookup.
 */
export async function signInRetiree(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  body: { flowId: string; name: string; ssn: string; captcha: string; pow?: string | undefined },
  ip: string,
): Promise<RetireeRow> {
  const ssn = checkedSsn(ctx, body.ssn);
  await takeCaptchaStep(ctx, body.flowId, flowBinding(req), PENSION_FLOW, SIGNING_IN, { captcha: body.captcha, pow: body.pow }, pendingHit(ctx, 'pensionSignInPerIp', ip));
  const hash = ssnHash(ctx, ssn);
  await hit(ctx, 'pensionSignInPerNumber', hash);
  const row = await ctx.db.selectFrom('pension_retirees').select([...RETIREE_COLUMNS, 'name_hash']).where('ssn_hash', '=', hash).executeTakeFirst();
  // The name's hash is compared even when no row was found: the same work either way.
  const named = safeEqual(row?.name_hash ?? hash, nameHash(ctx, body.name));
  if (!row || !named) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'pension.sign_in', result: 'failure', ip, subject: hash });
    throw new AppError('pension.not_registered');
  }
  await startRetireeSession(ctx, req, reply, row.id, ip);
  await audit(ctx.db, { at: ctx.clock.now(), actor: `retiree:${row.id}`, event: 'pension.sign_in', result: 'success', ip, subject: row.id, detail: { via: 'form' } });
  return row;
}

/**
 * The retiree a Shenfen person is: their registered resident ID (real-name L2 or above) is a
 * retiree's number and their name the retiree's name; else null.
 */
export async function retireeOfPerson(ctx: AppContext, accountId: string): Promise<RetireeRow | null> {
  const person = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_hash']).where('account_id', '=', accountId).executeTakeFirst();
  if (!person || person.id_type !== 'resident_id' || !person.id_number_hash || person.name === null) return null;
  if (!atLeast(await assuranceLevel(ctx, accountId), 'L2')) return null;
  const row = await ctx.db.selectFrom('pension_retirees').select(RETIREE_COLUMNS).where('person_id_hash', '=', person.id_number_hash).executeTakeFirst();
  if (!row || normaliseRetireeName(ctx.vault.decrypt(row.name_enc)) !== normaliseRetireeName(person.name)) return null;
  return row;
}

/** 已登录统一身份认证？直接进入. */
export async function signInPerson(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, accountId: string, ip: string): Promise<RetireeRow> {
  await hit(ctx, 'pensionSignInPerIp', ip);
  const row = await retireeOfPerson(ctx, accountId);
  if (!row) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: accountId, event: 'pension.sign_in', result: 'failure', ip, subject: accountId, detail: { via: 'sso' } });
    throw new AppError('pension.not_registered');
  }
  await startRetireeSession(ctx, req, reply, row.id, ip);
  await audit(ctx.db, { at: ctx.clock.now(), actor: accountId, event: 'pension.sign_in', result: 'success', ip, subject: row.id, detail: { via: 'sso' } });
  return row;
}
