/**
 * Binding an e-mail address (seed 002 §2.8): captcha, then an activation link by mail — random,
 * stored as a digest, single use, valid 24 hours, only the newest one works. The page the link
 * opens says 邮箱绑定成功. The address is stored encrypted with a keyed hash and shown masked.
 *
 *   enter_email ──captcha + address──▶ link_sent (a new captcha may send again)
 *
 * Whether the address is another account's is said only when the link is opened, i.e. by whoever
 * reads that mailbox; the sending step answers the same either way.
 */
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import { maskEmail } from '../../domain/mask.js';
import { advanceFlow, consumeCaptcha, createFlow, expectState, type CaptchaAnswer, type Flow } from '../../flows/flow.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { hit } from '../../security/rate-limit.js';
import { newId, randomToken, tokenDigest } from '../../security/tokens.js';
import { isUniqueViolation, UNIQUE } from '../../store/unique.js';

export const EMAIL_FLOW = 'email_bind';
export const EMAIL_LINK_HOURS = 24;
export const EMAIL_HASH_KIND = 'email';
export type EmailState = 'enter_email' | 'link_sent';
export interface EmailData {
  accountId: string;
  emailMasked?: string;
}
export type EmailFlow = Flow<EmailState, EmailData>;

const EmailSchema = z.email();

/** Trimmed and lower-cased, or undefined when it is not an address we accept. */
export function normaliseEmail(raw: string): string | undefined {
  const v = raw.normalize('NFKC').trim().toLowerCase();
  return v.length <= 254 && EmailSchema.safeParse(v).success ? v : undefined;
}

export function startEmailBinding(ctx: AppContext, accountId: string, binding: string) {
  return createFlow<EmailState, EmailData>(ctx, EMAIL_FLOW, 'enter_email', binding, { accountId }, true);
}

/**
 * Captcha, caps, then the link by mail (in the background, so the answer takes the same time
 * whether or not the mailbox answers). `origin` is the configured public origin, never the Host header in production.
 */
export async function sendEmailLink(ctx: AppContext, flow: EmailFlow, email: string, answer: CaptchaAnswer, ip: string, origin: string) {
  expectState(flow, 'enter_email', 'link_sent');
  await consumeCaptcha(ctx, flow, answer);
  assertThat(ctx.mail.kind !== 'none', 'mail.unavailable');
  const { accountId } = flow.data;
  const emailHash = ctx.vault.lookupHash(EMAIL_HASH_KIND, email);
  const current = await ctx.db.selectFrom('persons').select(['email_hash', 'email_verified_at']).where('account_id', '=', accountId).executeTakeFirst();
  if (current?.email_hash === emailHash && current.email_verified_at) throw new AppError('email.same', { email: 'email.same' });
  const limited = (err: unknown) => {
    throw err instanceof AppError && err.code === 'rate_limited' ? new AppError('otp.daily_limit') : err;
  };
  await hit(ctx, 'mailPerIp', ip).catch(limited);
  await hit(ctx, 'mailPerAccount', accountId).catch(limited);
  await hit(ctx, 'mailPerDestination', emailHash).catch(limited);

  const now = ctx.clock.now();
  const token = randomToken();
  const expiresAt = addMinutes(now, EMAIL_LINK_HOURS * 60);
  await ctx.db.transaction().execute(async (tx) => {
    // Only the newest link works.
    await tx.updateTable('email_links').set({ used_at: now }).where('account_id', '=', accountId).where('used_at', 'is', null).execute();
    await tx
      .insertInto('email_links')
      .values({ id: newId(), token_hash: tokenDigest(token), account_id: accountId, email_enc: ctx.vault.encrypt(email), email_hash: emailHash, created_at: now, expires_at: expiresAt, used_at: null })
      .execute();
    await advanceFlow(ctx, flow, flow.state, 'link_sent', { accountId, emailMasked: maskEmail(email) }, tx);
    await audit(tx, { at: now, actor: accountId, event: 'account.email_link_sent', result: 'success', ip, subject: accountId, detail: { email: maskEmail(email) } });
  });
  const link = `${origin}/email/activate?token=${encodeURIComponent(token)}`;
  void deliver(ctx, email, link, ip);
  return { emailMasked: maskEmail(email), expiresAt };
}

async function deliver(ctx: AppContext, email: string, link: string, ip: string): Promise<void> {
  try {
    const res = await ctx.mail.send({
      to: email,
      subject: '【身份统一认证】邮箱绑定激活 / Confirm your e-mail address',
      text:
        `您好！\n\n您正在将此邮箱绑定到身份统一认证平台的账户。请在${EMAIL_LINK_HOURS}小时内点击以下链接完成绑定（链接只能使用一次）：\n\n${link}\n\n如非本人操作，请忽略本邮件，邮箱不会被绑定。\n\n` +
        `Hello,\n\nTo bind this address to your account on the identity platform, open the link above within ${EMAIL_LINK_HOURS} hours (it works once).\nIf this was not you, ignore this mail.\n`,
    });
    if (res.ok) return;
    await audit(ctx.db, { at: ctx.clock.now(), actor: 'system', event: 'mail.send', result: 'failure', ip, detail: { purpose: 'email_bind', email: maskEmail(email), error: res.error } });
  } catch {
    // The store may be closing (a test ending, a node stopping); nothing else to tell.
  }
}

/** Opens an activation link: binds the address and uses the link up. No session needed: the mailbox is the proof. */
export async function activateEmail(ctx: AppContext, token: string, ip: string): Promise<{ emailMasked: string }> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('email_links')
    .innerJoin('accounts', 'accounts.id', 'email_links.account_id')
    .select(['email_links.id', 'email_links.account_id', 'email_links.email_enc', 'email_links.email_hash', 'email_links.expires_at', 'email_links.used_at', 'accounts.status'])
    .where('email_links.token_hash', '=', tokenDigest(token))
    .executeTakeFirst();
  if (!row || row.used_at || row.status !== 'active') throw new AppError('email.link_invalid');
  if (row.expires_at <= now) throw new AppError('email.link_expired');
  const email = ctx.vault.decrypt(row.email_enc);
  // Another account's verified address (a suspended one's too; a deactivated account gave its up)
  // is refused by the unique index of migration 0011; the link then stays unused.
  const bind = ctx.db.transaction().execute(async (tx) => {
    const used = await tx.updateTable('email_links').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('email.link_invalid');
    // Only a person has an e-mail address here: a link that stores nothing is not an activation.
    const bound = await tx.updateTable('persons').set({ email_enc: row.email_enc, email_hash: row.email_hash, email_verified_at: now }).where('account_id', '=', row.account_id).executeTakeFirst();
    if (Number(bound.numUpdatedRows) !== 1) throw new AppError('email.link_invalid');
    await tx.updateTable('accounts').set({ updated_at: now }).where('id', '=', row.account_id).execute();
    await audit(tx, { at: now, actor: row.account_id, event: 'account.email_bind', result: 'success', ip, subject: row.account_id, detail: { email: maskEmail(email) } });
  });
  await bind.catch(async (err: unknown) => {
    if (!isUniqueViolation(err, UNIQUE.verifiedEmail)) throw err;
    await audit(ctx.db, { at: now, actor: row.account_id, event: 'account.email_bind', result: 'failure', ip, subject: row.account_id, detail: { reason: 'email_taken' } });
    throw new AppError('email.taken');
  });
  return { emailMasked: maskEmail(email) };
}
