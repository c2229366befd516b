/** SMS gateways: picks console, Aliyun, Tencent Cloud or the signed webhook from configuration; re-exports the API. */
import type { Config } from '../../config.js';
import { createAliyunGateway } from './aliyun.js';
import { ConsoleSmsGateway } from './console.js';
import type { SmsGateway } from './gateway.js';
import { createTencentGateway } from './tencent.js';
import { createWebhookGateway } from './webhook.js';

export * from './gateway.js';
export { ConsoleSmsGateway, type ConsoleSmsOptions, type OutboxEntry } from './console.js';
export { ALIYUN_DEFAULT_ENDPOINT, aliyunSignature, aliyunStringToSign, canonicalQuery, createAliyunGateway, percentEncode, type AliyunSmsOptions } from './aliyun.js';
export { TENCENT_DEFAULT_ENDPOINT, createTencentGateway, tc3Sign, type Tc3Input, type TencentSmsOptions } from './tencent.js';
export { createWebhookGateway, type WebhookSmsOptions } from './webhook.js';

export interface SmsGatewayDeps {
  log?: (line: string) => void;
  now?: () => Date;
  /** Per vendor request; default 5000 ms. */
  timeoutMs?: number;
}

/**
 * The configured gateway. `console` throws in production mode (also when it is only the default);
 * the vendor gateways need the section loadConfig fills when they are chosen.
 *
 * @example const sms = createSmsGateway(config); await sms.send({ phone: '13800138000', template: 'verification_code', params: { code: '123456' } });
 */
export function createSmsGateway(config: Pick<Config, 'mode' | 'sms'>, deps: SmsGatewayDeps = {}): SmsGateway {
  const { sms } = config;
  const common = { ...(deps.now ? { now: deps.now } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) };
  switch (sms.gateway) {
    case 'aliyun':
      if (!sms.aliyun) throw new Error('SHENFEN_SMS_GATEWAY=aliyun needs its SHENFEN_SMS_ALIYUN_* settings');
      return createAliyunGateway({ ...sms.aliyun, ...common });
    case 'tencent':
      if (!sms.tencent) throw new Error('SHENFEN_SMS_GATEWAY=tencent needs its SHENFEN_SMS_TENCENT_* settings');
      return createTencentGateway({ ...sms.tencent, ...common });
    case 'webhook':
      if (!sms.webhook) throw new Error('SHENFEN_SMS_GATEWAY=webhook needs its SHENFEN_SMS_WEBHOOK_* settings');
      return createWebhookGateway({ ...sms.webhook, ...common });
    case 'console':
      return new ConsoleSmsGateway({ mode: config.mode, ...(deps.log ? { log: deps.log } : {}), ...(deps.now ? { now: deps.now } : {}) });
  }
}
