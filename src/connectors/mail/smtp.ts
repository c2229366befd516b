/** Mail over real SMTP with nodemailer: smtp:// (STARTTLS when the server offers it) or smtps://. */
import nodemailer from 'nodemailer';
import type { MailMessage, Mailer, MailResult } from './mailer.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@mail.example.gov.cn:587` or `smtps://…:465`. */
  url: string;
  from: string;
  /** Per connection step; default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * @example const mail = createSmtpMailer({ url: 'smtp://127.0.0.1:2525', from: 'Shenfen <no-reply@localhost>' });
 *          await mail.send({ to: 'a@example.com', subject: 'Hi', text: 'Hello' });
 */
export function createSmtpMailer(opts: SmtpMailerOptions): Mailer {
  const timeout = opts.timeoutMs ?? 10_000;
  const url = new URL(opts.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: 'smtp',
    async send(msg: MailMessage): Promise<MailResult> {
      try {
        const info = await transport.sendMail({ from: opts.from, to: msg.to, subject: msg.subject, text: msg.text, ...(msg.html ? { html: msg.html } : {}) });
        return { ok: true, messageId: String(info.messageId) };
      } catch (err) {
        return { ok: false, error: `smtp: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
    close: () => transport.close(),
  };
}
