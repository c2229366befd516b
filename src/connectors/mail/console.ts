/** Development mail transport: keeps the last messages of this process for the dev outbox page. Refused in production. */
import { randomUUID } from 'node:crypto';
import type { MailMessage, Mailer, MailResult } from './mailer.js';

export interface MailOutboxEntry extends MailMessage {
  messageId: string;
  sentAt: Date;
}

export class ConsoleMailer implements Mailer {
  readonly kind = 'console';
  private readonly entries: MailOutboxEntry[] = [];

  constructor(
    opts: { mode: 'development' | 'production'; log?: (line: string) => void; now?: () => Date; capacity?: number },
    private readonly log = opts.log ?? ((line: string) => console.info(line)),
    private readonly now = opts.now ?? (() => new Date()),
    private readonly capacity = opts.capacity ?? 100,
  ) {
    // Activation links on a page or in logs would let anyone bind anyone's mailbox.
    if (opts.mode === 'production') throw new Error('the console mail transport is refused in production (set SHENFEN_SMTP_URL)');
  }

  async send(msg: MailMessage): Promise<MailResult> {
    const entry = { ...msg, messageId: randomUUID(), sentAt: this.now() };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.log(`[mail console] to ${msg.to}: ${msg.subject}`);
    return { ok: true, messageId: entry.messageId };
  }

  /** The kept messages, newest first (copies). */
  outbox(): MailOutboxEntry[] {
    return this.entries.map((e) => ({ ...e })).reverse();
  }

  close(): void {}
}
