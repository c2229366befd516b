/** A generic SMS webhook: a JSON POST signed like the real-name bridge (HMAC-SHA256 over method, path, timestamp, nonce, body hash). */
import { signRequest } from '../realname/signing.js';
import { exchange, failure, invalidMessage, nationalNumber, parseJson, renderSms, type SmsGateway, type SmsResult } from './gateway.js';

export interface WebhookSmsOptions {
  /** e.g. `https://sms-relay.internal/v1/sms`; the path is signed. */
  url: string;
  keyId: string;
  /** Shared HMAC secret (UTF-8), at least 32 characters. */
  secret: string;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * POSTs `{ phone, template, params, text }` with the X-Shenfen-Key-Id / -Timestamp / -Nonce /
 * -Signature headers of src/connectors/realname/signing.ts (the receiver checks them with
 * `verifySignedRequest`). A 2xx answer `{ "messageId": "…" }` is success; 429 and 5xx are retryable.
 */
export function createWebhookGateway(opts: WebhookSmsOptions): SmsGateway {
  const url = new URL(opts.url);
  const now = opts.now ?? (() => new Date());
  return {
    async send(msg): Promise<SmsResult> {
      const invalid = invalidMessage(msg);
      if (invalid) return failure(`webhook: ${invalid}`, false);
      const body = JSON.stringify({ phone: nationalNumber(msg.phone), template: msg.template, params: msg.params, text: renderSms(msg.template, msg.params) });
      const signed = signRequest({ keyId: opts.keyId, secret: opts.secret, method: 'POST', path: url.pathname, body, now: now() });
      const res = await exchange(url, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body }, opts.timeoutMs ?? 5000, 'webhook');
      if ('ok' in res) return res;
      const json = parseJson(res.text) as { messageId?: unknown; error?: unknown } | undefined;
      if (res.status >= 200 && res.status < 300 && typeof json?.messageId === 'string' && json.messageId) return { ok: true, messageId: json.messageId };
      const detail = typeof json?.error === 'string' ? `: ${json.error}` : '';
      const retryable = res.status >= 500 || res.status === 429;
      return failure(res.status < 300 ? 'webhook: answer without a messageId' : `webhook: HTTP ${res.status}${detail}`, retryable);
    },
  };
}
