/**
 * Forgot username (忘记用户名, seed 001): identity (name, ID type and number) and the phone, an image
 * captcha, then the SMS code; the username goes to that phone by SMS and is never shown. The answer
 * is the same whether or not the details match an account (the code is only sent when they do).
 *
 *   identity ──details + captcha──▶ code ──SMS code──▶ completed
 *       ▲                            │
 *       └──────────── back ──────────┘
 */
import { HASH_KIND } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { advanceFlow, consumeCaptcha, expectState, type Flow } from '../flow.js';
import { checkSmsCode, sendSmsCode, enqueueSmsNotice, type SentCode } from '../sms-code.js';

export const KIND = 'username_reminder';
export const SMS_PURPOSE = 'username_reminder';

export type State = 'identity' | 'code' | 'completed';
export interface Data {
  phoneEnc?: string;
  accountId?: string | null;
}
export type ReminderFlow = Flow<State, Data>;

export interface ReminderIdentity {
  name: string;
  idType: string;
  idNumber: string;
  phone: string;
  captcha: string;
}

async function matchingAccount(ctx: AppContext, p: ReminderIdentity): Promise<string | null> {
  const rows = await ctx.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.id', 'persons.account_id')
    .select(['accounts.id', 'accounts.status', 'persons.name', 'persons.phone_hash'])
    .where('persons.id_type', '=', p.idType)
    .where('persons.id_number_hash', '=', ctx.vault.lookupHash(HASH_KIND.idNumber, p.idNumber))
    .execute();
  const phoneHash = ctx.vault.lookupHash(HASH_KIND.phone, p.phone);
  const match = rows.find((r) => r.status === 'active' && r.name === p.name && r.phone_hash === phoneHash);
  return match?.id ?? null;
}

/** Details in, code out (to the phone only if they match an account); the flow moves to `code`. */
export async function submitIdentity(ctx: AppContext, flow: ReminderFlow, p: ReminderIdentity, ip: string): Promise<{ flow: ReminderFlow; sent: SentCode }> {
  expectState(flow, 'identity', 'code');
  await consumeCaptcha(ctx, flow, p);
  const accountId = await matchingAccount(ctx, p);
  const sent = await sendSmsCode(ctx, { purpose: SMS_PURPOSE, flowId: flow.id, phone: p.phone, ip, deliver: accountId !== null });
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'username_reminder.code', result: 'success', ip, detail: { known: accountId !== null } });
  const next = await advanceFlow(ctx, flow, flow.state, 'code', { phoneEnc: ctx.vault.encrypt(p.phone), accountId });
  return { flow: next, sent };
}

export async function goBack(ctx: AppContext, flow: ReminderFlow): Promise<ReminderFlow> {
  expectState(flow, 'code');
  return advanceFlow(ctx, flow, 'code', 'identity', {});
}

/** The right code sends the username by SMS; the page only says it was sent if the details were right. */
export async function submitCode(ctx: AppContext, flow: ReminderFlow, code: string, ip: string): Promise<ReminderFlow> {
  expectState(flow, 'code');
  const d = flow.data;
  if (!d.phoneEnc) throw new AppError('otp.expired');
  const phone = ctx.vault.decrypt(d.phoneEnc);
  await checkSmsCode(ctx, { purpose: SMS_PURPOSE, flowId: flow.id, phone, code });
  const done = await advanceFlow(ctx, flow, 'code', 'completed', {});
  if (d.accountId) {
    const account = await ctx.db.selectFrom('accounts').select('username').where('id', '=', d.accountId).executeTakeFirstOrThrow();
    await enqueueSmsNotice(ctx, phone, 'username_reminder', { username: account.username }, ip);
    await audit(ctx.db, { at: ctx.clock.now(), actor: d.accountId, event: 'username_reminder.sent', result: 'success', ip, subject: d.accountId });
  }
  return done;
}
