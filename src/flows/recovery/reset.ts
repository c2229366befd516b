/**
 * 忘记密码, 第三步 重置密码 → 第四步 修改完成: the recovery purpose's completion point. Whatever method
 * verified the flow, the reset takes the record that passed for the account (src/methods/records.ts)
 * and, in one transaction: claims the step (so one verification resets the password once), sets the
 * new password (set-password.ts: the account is signed out everywhere), lifts the account's login
 * locks and — when the record is a 银行卡验证 pass — makes the bank-verified name and phone the
 * account's (src/accounts/bank-identity.ts, seed 000). The owner is told by SMS afterwards.
 */
import { notifyPhoneReplaced, refusePhoneTaken, takeBankIdentity } from '../../accounts/bank-identity.js';
import { applyPassword, notifyPasswordChanged, preparePassword } from '../../accounts/set-password.js';
import type { AppContext } from '../../context.js';
import { assertThat } from '../../shared/app-error.js';
import { bankIdentityOf } from '../../methods/bank4/recovery.js';
import { passingRecord } from '../../methods/records.js';
import { liftLocks } from '../../security/login-guards.js';
import { advanceFlow, expectState } from '../flow.js';
import { enqueueSmsNotice } from '../sms-code.js';
import type { Data, RecoveryFlow } from './recovery-flow.js';

export async function resetPassword(ctx: AppContext, flow: RecoveryFlow, input: { password: string; confirmPassword: string }, ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'reset');
  const d = flow.data;
  // Only a record that passed for the account this flow recovers (and serves recovery) opens the reset.
  const record = passingRecord(d.verifications, { accountId: d.accountId, purpose: 'recovery' });
  assertThat(d.accountId && record, 'flow.wrong_state');
  const accountId = d.accountId;
  assertThat(input.password === input.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
  // Checks and hashing first: a refused password changes nothing and the step stays open.
  const prepared = await preparePassword(ctx, accountId, input.password);
  const bank = bankIdentityOf(record);
  // A second submission waits on the flow's row and then finds it claimed.
  const { claimed, tellSystems, replaced } = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const done: Data = { accountKind: d.accountKind, verifiedBy: record.method, ...(bank ? { bankIdentity: { nameMasked: bank.nameMasked, phoneMasked: bank.phoneMasked } } : {}) };
      const claimed = await advanceFlow(ctx, flow, 'reset', 'completed', done, tx);
      const tellSystems = await applyPassword(ctx, tx, prepared, { reason: 'password_reset', ip });
      // A reset lifts every login lock of the account (each identifier's, the one kept after 100
      // consecutive failures, its phone's SMS login): the owner always has a way back in.
      await liftLocks(ctx, accountId, tx);
      const replaced = bank ? await takeBankIdentity(ctx, tx, accountId, bank, ip) : null;
      return { claimed, tellSystems, replaced };
    })
    .catch((err: unknown) => refusePhoneTaken(ctx, err, accountId, ip));
  // The password notice goes to the phone the account has now: after 银行卡验证, the bank-verified one.
  await notifyPasswordChanged(ctx, bank ? { ...prepared, noticePhoneEnc: bank.phoneEnc } : prepared, ip, tellSystems);
  if (replaced) {
    await notifyPhoneReplaced(ctx, replaced, ip);
    // The owner is always told of a reset (SECURITY.md): the number replaced hears of the password too,
    // in case someone else holds the card and its reserved phone.
    if (replaced.oldPhone) await enqueueSmsNotice(ctx, replaced.oldPhone, 'password_changed', {}, ip);
  }
  // notifyPasswordChanged tells a verified phone; the owner is told of a reset even when the phone on record is not verified.
  const person = await ctx.db.selectFrom('persons').select(['phone_enc', 'phone_verified_at']).where('account_id', '=', accountId).executeTakeFirst();
  if (person?.phone_enc && !person.phone_verified_at) await enqueueSmsNotice(ctx, ctx.vault.decrypt(person.phone_enc), 'password_changed', {}, ip);
  return claimed;
}
