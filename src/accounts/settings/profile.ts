/**
 * The account centre's own view of a person (nickname, masked phone and e-mail, re-auth window) and
 * the nickname (seed 002 §2.4; its rule, shared with registration by phone, is src/domain/nickname.ts).
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskEmail, maskPhone } from '../../domain/mask.js';
import { assertThat } from '../../shared/app-error.js';


export async function settingsView(ctx: AppContext, accountId: string) {
  const person = await ctx.db
    .selectFrom('persons')
    .leftJoin('password_credentials as pc', 'pc.account_id', 'persons.account_id')
    .select(['persons.nickname', 'persons.phone_enc', 'persons.phone_verified_at', 'persons.email_enc', 'persons.email_verified_at', 'pc.account_id as password_of'])
    .where('persons.account_id', '=', accountId)
    .executeTakeFirst();
  return {
    nickname: person?.nickname ?? null,
    phoneMasked: person?.phone_enc ? maskPhone(ctx.vault.decrypt(person.phone_enc)) : null,
    phoneVerified: !!person?.phone_verified_at,
    emailMasked: person?.email_enc ? maskEmail(ctx.vault.decrypt(person.email_enc)) : null,
    emailVerified: !!person?.email_verified_at,
    hasPassword: !!person?.password_of,
  };
}

export async function setNickname(ctx: AppContext, accountId: string, nickname: string, ip: string | null): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    // Only a person has a nickname: a write that changes nothing is not reported as a success.
    const res = await tx.updateTable('persons').set({ nickname }).where('account_id', '=', accountId).executeTakeFirst();
    assertThat(Number(res.numUpdatedRows) === 1, 'account.person_only');
    await tx.updateTable('accounts').set({ updated_at: now }).where('id', '=', accountId).execute();
    await audit(tx, { at: now, actor: accountId, event: 'account.nickname_change', result: 'success', ip, subject: accountId });
  });
}
