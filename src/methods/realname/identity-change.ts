/**
 * 变更用户信息 (seed 001 §2.1.2): name and bank card may change, username, ID type and ID number
 * never; a change passes the bank four-element check again, with the new name and card and the
 * reserved phone proven by the bank4 SMS step. A new name makes the evidence about the old one
 * worthless, so it is revoked in the same transaction that writes the name and the new evidence.
 */
import { z } from 'zod';
import { assuranceLevel } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskBankCard, maskName, type AssuranceLevel } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { parse, text } from '../../http/validate.js';
import { hit } from '../../security/rate-limit.js';
import { bankCard, saveBankCard } from './bank-card.js';
import { completeRealName, realNameOutcome } from './complete.js';
import { completeSmsStep, provenPhone } from './sms-step.js';
import { personIdentity } from './verify.js';

// Names as on ID documents (the registration rule).
const NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•.\- ]{0,48}[\p{Script=Han}A-Za-z.]$/u;

export const IdentityChange = z.strictObject({
  flowId: z.string('realname.sms_required').max(64, 'realname.sms_required'),
  name: text(50, 'name.invalid').pipe(z.string().regex(NAME, 'name.invalid')),
  cardNumber: z.string('bank_card.format'),
});

export async function changeIdentity(ctx: AppContext, accountId: string, body: unknown, binding: string, ip: string): Promise<{ assuranceLevel: AssuranceLevel; name: string; bankCardMasked: string }> {
  const { flowId, name, ...card } = parse(IdentityChange, body);
  const { cardNumber } = parse(bankCard.input, card);
  const person = await personIdentity(ctx, accountId);
  assertThat(person && bankCard.idTypes.includes(person.idType), 'realname.not_applicable');
  const { flow, phone } = await provenPhone(ctx, { accountId, method: bankCard, binding, flowId });
  await hit(ctx, 'realNamePerIp', ip);
  await hit(ctx, 'realNamePerAccount', accountId);

  const changed = { ...person, name };
  const verdict = await bankCard.verify(ctx, changed, { cardNumber }, { phone });
  const now = ctx.clock.now();
  const nameChanged = name !== person.name;
  await ctx.db.transaction().execute(async (tx) => {
    if (verdict.ok) {
      // What was verified about the old name (or the old card) no longer holds.
      let revoke = tx.updateTable('evidence').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
      revoke = nameChanged ? revoke.where('method', '!=', 'declared_identity') : revoke.where('method', '=', bankCard.id);
      await revoke.execute();
      if (nameChanged) {
        await tx.updateTable('persons').set({ name }).where('account_id', '=', accountId).execute();
        await tx.updateTable('accounts').set({ display_name: name, updated_at: now }).where('id', '=', accountId).execute();
      }
      await saveBankCard(ctx, tx, accountId, cardNumber, phone);
    }
    if (verdict.source !== null) await completeRealName(ctx, realNameOutcome(ctx, accountId, bankCard, { ...verdict, source: verdict.source }), tx);
  });
  await audit(ctx.db, {
    at: now,
    actor: accountId,
    event: 'person.identity_changed',
    result: verdict.ok ? 'success' : 'failure',
    ip,
    subject: accountId,
    detail: { nameChanged, name: maskName(name), card: maskBankCard(cardNumber), ...(verdict.ok ? {} : { reason: verdict.reason }) },
  });
  if (!verdict.ok) throw new AppError(verdict.code);
  await completeSmsStep(ctx, flow);
  return { assuranceLevel: await assuranceLevel(ctx, accountId), name, bankCardMasked: maskBankCard(cardNumber) };
}
