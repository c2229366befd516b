/**
 * Forgot password (忘记密码), the four steps of seed 002 §2.3 with the ways of seeds 000 and 001:
 *
 *   account ──identifier + captcha──▶ verify ──a recovery method passes──▶ reset ──new password──▶ completed
 *   (输入帐户名)                       (验证身份)   ◀── back ──                  (重置密码)             (修改完成)
 *
 * Step 1 never says whether the account exists: every identifier goes on to step 2 with the same
 * look (an unknown account is asked three questions derived from what was typed, and an SMS code
 * is made for it but never sent). Failure shows only at verification, with one message for wrong
 * answers and unknown accounts. The identifier and the IP are rate-limited.
 *
 * The flow does not know its methods (src/methods/recovery-methods.ts: security questions, ID
 * number + SMS code, 银行卡验证; for an org, the org's security questions): at step 1's end each
 * method of the account kind starts its verification record (src/methods/records.ts), the page
 * shows what the records offer, a method's pass lands through `acceptPass` (./recovery-flow.ts),
 * and the reset (./reset.ts) takes whichever record passed for the account.
 *
 * Seam for organisations: `accountKind` is carried in the flow; 'org' resolves its identifier
 * (USCC / org username) in `findRecoverable` and reuses the reset step.
 */
import { findByIdentifier, HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { bankIdentityOf } from '../../methods/bank4/recovery.js';
import { carriedTries, passingRecord } from '../../methods/records.js';
import { recoveryMethodsFor } from '../../methods/recovery-methods.js';
import { hit } from '../../security/rate-limit.js';
import { advanceFlow, consumeCaptcha, expectState, flowView, type CaptchaAnswer } from '../flow.js';
import type { AccountKind, Data, RecoveryFlow } from './recovery-flow.js';

export { KIND, RECOVERABLE_KINDS, type AccountKind, type Data, type RecoveryFlow, type State } from './recovery-flow.js';

/** The bank-verified identity the reset takes: only when 银行卡验证 is the record that passed. */
export const bankIdentityToTake = (d: Data) => bankIdentityOf(passingRecord(d.verifications, { accountId: d.accountId, purpose: 'recovery' }));

/**
 * What the SPA sees: the methods and, at step 2, what their records ask (the questions to answer).
 * Nothing about the account but, after 银行卡验证, the masked name and phone the bank verified (what
 * the person typed), which the reset makes the account's: `bankIdentity: { nameMasked, phoneMasked }`.
 */
export function recoveryView(ctx: AppContext, flow: RecoveryFlow & { captcha?: string }) {
  const kind = flow.data.accountKind ?? 'person';
  const methods = recoveryMethodsFor(ctx.methods, kind);
  const asked = Object.assign({}, ...methods.map((m) => m.recovery.summary?.(flow.data.verifications) ?? {})) as Record<string, unknown>;
  if (kind === 'org') return flowView(flow, { summary: { accountKind: 'org', methods: methods.map((m) => m.id), ...asked } });
  const bank = flow.data.bankIdentity ?? (flow.state === 'reset' ? bankIdentityToTake(flow.data) : undefined);
  return flowView(flow, {
    summary: {
      methods: methods.map((m) => m.id),
      ...asked,
      ...(bank ? { bankIdentity: { nameMasked: bank.nameMasked, phoneMasked: bank.phoneMasked } } : {}),
    },
  });
}

async function findRecoverable(ctx: AppContext, kind: AccountKind, identifier: string): Promise<string | null> {
  // Org: its username or USCC (findByIdentifier's org lookup).
  const candidate = await findByIdentifier(ctx, identifier, kind);
  if (!candidate || candidate.status !== 'active') return null;
  const row = await ctx.db.selectFrom('accounts').select('kind').where('id', '=', candidate.id).executeTakeFirst();
  return row?.kind === kind ? candidate.id : null;
}

/** 第一步 输入帐户名: each method of the account kind starts its record for the account typed (or none). */
export async function submitAccount(ctx: AppContext, flow: RecoveryFlow, input: { identifier: string; accountKind: AccountKind } & CaptchaAnswer, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'account');
  await consumeCaptcha(ctx, flow, input);
  const identifierKey = ctx.vault.lookupHash(HASH_KIND.identifier, `${input.accountKind}:${input.identifier.trim().toLowerCase()}`);
  await hit(ctx, 'recoveryPerAccount', identifierKey);
  const accountId = await findRecoverable(ctx, input.accountKind, input.identifier);
  let verifications = carriedTries(flow.data.verifications);
  for (const m of recoveryMethodsFor(ctx.methods, input.accountKind)) if (m.recovery.begin) verifications = await m.recovery.begin(ctx, { accountId, identifierKey }, verifications);
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.started', result: 'success', ip, subject: identifierKey, detail: { known: accountId !== null } });
  return advanceFlow(ctx, flow, 'account', 'verify', { accountKind: input.accountKind, accountId, identifierKey, verifications });
}

/** '上一步' from 验证身份 to 输入帐户名; the methods' tries stay. */
export async function goBack(ctx: AppContext, flow: RecoveryFlow): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  return advanceFlow(ctx, flow, 'verify', 'account', { verifications: carriedTries(flow.data.verifications) });
}
