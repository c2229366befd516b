/** Mail connectors: picks console (development), SMTP or none from configuration; re-exports the API. */
import type { MailConfig } from '../../accounts/settings/config.js';
import { ConsoleMailer } from './console.js';
import { noMailer, type Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp.js';

export * from './mailer.js';
export { ConsoleMailer, type MailOutboxEntry } from './console.js';
export { createSmtpMailer, type SmtpMailerOptions } from './smtp.js';

/** @example const mail = createMailer(config.accountCentre.mail, config.mode); */
export function createMailer(mail: MailConfig, mode: 'development' | 'production', deps: { log?: (line: string) => void; now?: () => Date } = {}): Mailer {
  switch (mail.transport) {
    case 'smtp':
      if (!mail.smtpUrl) throw new Error('SHENFEN_MAIL_TRANSPORT=smtp needs SHENFEN_SMTP_URL');
      return createSmtpMailer({ url: mail.smtpUrl, from: mail.from });
    case 'console':
      return new ConsoleMailer({ mode, ...deps });
    case 'none':
      return noMailer;
  }
}
