/** Development SMS gateway: keeps the last messages of this process in memory for the dev outbox page and logs them. Refused in production. */
import { randomUUID } from 'node:crypto';
import { failure, invalidMessage, renderSms, type SmsGateway, type SmsMessage, type SmsResult, type SmsTemplate } from './gateway.js';

export interface OutboxEntry {
  messageId: string;
  phone: string;
  template: SmsTemplate;
  params: Record<string, string>;
  /** The zh-CN text as a phone would show it. */
  text: string;
  sentAt: Date;
}

export interface ConsoleSmsOptions {
  mode: 'development' | 'production';
  /** How many messages the outbox keeps (oldest dropped first); default 100. */
  capacity?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

export class ConsoleSmsGateway implements SmsGateway {
  private readonly entries: OutboxEntry[] = [];
  private readonly capacity: number;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;

  constructor(opts: ConsoleSmsOptions) {
    // Codes shown on a page or in logs would let anyone sign in as anyone.
    if (opts.mode === 'production') throw new Error('the console SMS gateway is refused in production (set SHENFEN_SMS_GATEWAY to aliyun, tencent or webhook)');
    this.capacity = opts.capacity ?? 100;
    this.log = opts.log ?? ((line) => console.info(line));
    this.now = opts.now ?? (() => new Date());
  }

  async send(msg: SmsMessage): Promise<SmsResult> {
    const invalid = invalidMessage(msg);
    if (invalid) return failure(`console: ${invalid}`, false);
    const entry: OutboxEntry = { messageId: randomUUID(), phone: msg.phone, template: msg.template, params: { ...msg.params }, text: renderSms(msg.template, msg.params), sentAt: this.now() };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.log(`[sms console] to ${entry.phone}: ${entry.text}`);
    return { ok: true, messageId: entry.messageId };
  }

  /** The kept messages, newest first (copies). */
  outbox(): OutboxEntry[] {
    return this.entries.map((e) => ({ ...e, params: { ...e.params } })).reverse();
  }
}
