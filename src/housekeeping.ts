/**
 * Housekeeping: what must happen now and then on some node — end sessions past their idle or
 * absolute timeout and tell the business systems signed in on them, drop spent rate-limit windows, OIDC
 * records and CAS tickets, expired e-mail activation links, flows, one-time codes and 扫码登录 tickets a day past
 * their expiry (a flow may hold what a person typed: name, ID number, phone) and face challenges never answered, the best
 * frames kept for disputes once their days are over, erase the personal data of
 * accounts deactivated longer than the retention period, and the documents of closed 单位找回密码 requests; send the
 * SMS the outbox has due (retries, and messages a stopped node left) and drop its spent rows; queue the
 * pension certification reminders due and end retirees' sessions past their end. Run by `shenfen serve` every minute and
 * by `shenfen housekeeping` (e.g. from cron); safe to run on several nodes at once.
 */
import { eraseDeactivatedAccounts } from './accounts/settings/deactivate.js';
import { addMinutes, type AppContext } from './context.js';
import { pruneFaceAttempts } from './face/attempts.js';
import { pruneSmsOutbox, sendDueSms } from './flows/sms-outbox.js';
import { pruneQrTickets } from './methods/qr/tickets.js';
import { pruneCasTickets } from './protocols/cas/index.js';
import { pruneOidcPayloads } from './protocols/oidc/adapter.js';
import { eraseClosedRecoveryDocuments } from './orgs/recovery.js';
import { endTimedOutSessions } from './sessions/logout-fanout.js';
import { pruneRateLimits } from './security/rate-limit.js';
import { sendPensionReminders } from './pension/reminders.js';
import { pruneRetireeSessions } from './pension/session.js';

export interface HousekeepingReport {
  erasedAccounts: number;
  expiredEmailLinks: number;
  expiredFlows: number;
  erasedRecoveryDocuments: number;
  timedOutSessions: number;
  /** SMS the outbox sweep sent, scheduled for another try, and gave up (src/flows/sms-outbox.ts). */
  smsSent: number;
  smsRetrying: number;
  smsGivenUp: number;
  /** Pension certification reminders queued (src/pension/reminders.ts). */
  pensionReminders: number;
}

/** Timed-out sessions ended per transaction, and transactions per round (the rest wait a minute). */
const TIMEOUT_BATCH = 500;
const TIMEOUT_ROUNDS = 10;

/** Flows and codes stay a day past expiry, so a late request still hears `flow.expired`, not `flow.not_found`. */
const FLOW_GRACE_MINUTES = 24 * 60;

/** One round; each task runs even when another fails, and the first failure is thrown at the end. */
export async function runHousekeeping(ctx: AppContext): Promise<HousekeepingReport> {
  const report: HousekeepingReport = { erasedAccounts: 0, expiredEmailLinks: 0, expiredFlows: 0, erasedRecoveryDocuments: 0, timedOutSessions: 0, smsSent: 0, smsRetrying: 0, smsGivenUp: 0, pensionReminders: 0 };
  const tasks: Array<() => Promise<unknown>> = [
    // First, while the single sign-on of the timed-out sessions is still there to end and tell.
    async () => {
      for (let round = 0; round < TIMEOUT_ROUNDS; round++) {
        const { ended, notify } = await endTimedOutSessions(ctx, { limit: TIMEOUT_BATCH });
        report.timedOutSessions += ended;
        await notify();
        if (ended < TIMEOUT_BATCH) break;
      }
    },
    // Early, so a retried code still arrives within its five minutes.
    async () => {
      const sms = await sendDueSms(ctx);
      report.smsSent = sms.sent;
      report.smsRetrying = sms.retrying;
      report.smsGivenUp = sms.givenUp;
      await pruneSmsOutbox(ctx);
    },
    () => pruneRateLimits(ctx),
    () => pruneOidcPayloads(ctx),
    () => pruneCasTickets(ctx),
    async () => {
      const res = await ctx.db.deleteFrom('email_links').where('expires_at', '<', ctx.clock.now()).executeTakeFirst();
      report.expiredEmailLinks = Number(res.numDeletedRows);
    },
    async () => {
      const cutoff = addMinutes(ctx.clock.now(), -FLOW_GRACE_MINUTES);
      await ctx.db.deleteFrom('otp_codes').where('expires_at', '<', cutoff).execute();
      await pruneQrTickets(ctx, cutoff);
      // Face challenges never answered; best frames kept for disputes past their days.
      await pruneFaceAttempts(ctx, cutoff);
      const res = await ctx.db.deleteFrom('flows').where('expires_at', '<', cutoff).executeTakeFirst();
      report.expiredFlows = Number(res.numDeletedRows);
    },
    async () => {
      report.erasedAccounts = await eraseDeactivatedAccounts(ctx);
    },
    async () => {
      report.erasedRecoveryDocuments = await eraseClosedRecoveryDocuments(ctx);
    },
    // 养老资格认证: reminders before the due date (once per due date), retirees' sessions past their end.
    async () => {
      report.pensionReminders = await sendPensionReminders(ctx);
      await pruneRetireeSessions(ctx);
    },
  ];
  const failures: unknown[] = [];
  for (const task of tasks) await task().catch((err: unknown) => failures.push(err));
  if (failures.length) throw failures[0];
  return report;
}
