/** The mail connector interface: one message out, never throws; failures are results. */

export interface MailMessage {
  /** One address, already validated and normalised. */
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export type MailResult = { ok: true; messageId: string } | { ok: false; error: string };

export interface Mailer {
  /** Which transport this is: `none` means mail is not configured (production without SMTP). */
  readonly kind: 'console' | 'smtp' | 'none';
  send(msg: MailMessage): Promise<MailResult>;
  close(): void;
}

/** Production without SHENFEN_SMTP_URL: every send fails, and features that need mail say so. */
export const noMailer: Mailer = {
  kind: 'none',
  send: async () => ({ ok: false, error: 'mail is not configured (SHENFEN_SMTP_URL)' }),
  close: () => {},
};
