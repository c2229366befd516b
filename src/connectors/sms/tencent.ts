/** Tencent Cloud SMS (API 3.0 SendSms, version 2021-01-11) signed with TC3-HMAC-SHA256. */
import { createHash, createHmac } from 'node:crypto';
import { exchange, failure, invalidMessage, nationalNumber, parseJson, TEMPLATE_PARAMS, type SmsGateway, type SmsResult, type SmsTemplate } from './gateway.js';

export const TENCENT_DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** The SMS application (SmsSdkAppId), e.g. 1400006666. */
  sdkAppId: string;
  signName: string;
  /** Template id per purpose. */
  templates: Partial<Record<SmsTemplate, string>>;
  /** Default https://sms.tencentcloudapi.com. */
  endpoint?: string;
  /** Default ap-guangzhou. */
  region?: string;
  timeoutMs?: number;
  now?: () => Date;
}

const sha256hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  /** The product, first label of the host: `sms`, `cvm`. */
  service: string;
  /** Seconds since the epoch (X-TC-Timestamp). */
  timestamp: number;
  /** Signed headers, names in any case; must include content-type and host. */
  headers: Record<string, string>;
  payload: string;
}

/** The TC3 steps: canonical request, string to sign, signature and Authorization header. */
export function tc3Sign(i: Tc3Input): { canonicalRequest: string; stringToSign: string; signature: string; authorization: string } {
  const entries = Object.entries(i.headers).map(([k, v]) => [k.toLowerCase(), v.trim().toLowerCase()] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = entries.map(([k, v]) => `${k}:${v}\n`).join('');
  const signedHeaders = entries.map(([k]) => k).join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256hex(i.payload)].join('\n');
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10); // UTC, never local time
  const scope = `${date}/${i.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(i.timestamp), scope, sha256hex(canonicalRequest)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${i.secretKey}`, date), i.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex');
  const authorization = `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, authorization };
}

/** API-level codes that may succeed later; every other code (LimitExceeded.*, InvalidParameter*, AuthFailure.*) is final. */
const RETRYABLE = /^(InternalError|RequestLimitExceeded|ResourceUnavailable|FailedOperation\.TimeoutError)/u;
const EXPLAINED: Record<string, string> = {
  'AuthFailure.SignatureFailure': 'the SecretKey is wrong (signature refused)',
  'AuthFailure.SecretIdNotFound': 'the SecretId is unknown',
  'LimitExceeded.PhoneNumberDailyLimit': 'the vendor daily limit for this phone number was reached',
  'LimitExceeded.PhoneNumberThirtySecondLimit': 'the vendor 30-second limit for this phone number was reached',
  'LimitExceeded.PhoneNumberOneHourLimit': 'the vendor hourly limit for this phone number was reached',
  'InvalidParameterValue.IncorrectPhoneNumber': 'the phone number is not valid',
  'FailedOperation.InsufficientBalanceInSmsPackage': 'the SMS package balance is too low',
};

const describe = (code: string, message: string): string =>
  `tencent: ${code}${EXPLAINED[code] ? ` — ${EXPLAINED[code]}` : ''}${message ? ` (${message})` : ''}`;

/**
 * A gateway that POSTs SendSms as JSON with TC3 headers. The message is sent when the one entry
 * of SendStatusSet has Code "Ok" (messageId = SerialNo).
 */
export function createTencentGateway(opts: TencentSmsOptions): SmsGateway {
  const endpoint = new URL(opts.endpoint ?? TENCENT_DEFAULT_ENDPOINT);
  const now = opts.now ?? (() => new Date());
  return {
    async send(msg): Promise<SmsResult> {
      const invalid = invalidMessage(msg);
      if (invalid) return failure(`tencent: ${invalid}`, false);
      const templateId = opts.templates[msg.template];
      if (!templateId) return failure(`tencent: no template id configured for ${msg.template}`, false);
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${nationalNumber(msg.phone)}`],
        SmsSdkAppId: opts.sdkAppId,
        SignName: opts.signName,
        TemplateId: templateId,
        TemplateParamSet: TEMPLATE_PARAMS[msg.template].map((p) => msg.params[p]!),
      });
      const timestamp = Math.floor(now().getTime() / 1000);
      const signed = { 'content-type': 'application/json; charset=utf-8', host: endpoint.host, 'x-tc-action': 'SendSms' };
      const { authorization } = tc3Sign({ secretId: opts.secretId, secretKey: opts.secretKey, service: 'sms', timestamp, headers: signed, payload });
      const headers = {
        Authorization: authorization,
        'Content-Type': signed['content-type'],
        'X-TC-Action': 'SendSms',
        'X-TC-Version': '2021-01-11',
        'X-TC-Region': opts.region ?? 'ap-guangzhou',
        'X-TC-Timestamp': String(timestamp),
      };
      const res = await exchange(new URL('/', endpoint), { method: 'POST', headers, body: payload }, opts.timeoutMs ?? 5000, 'tencent');
      if ('ok' in res) return res;
      return interpret(res.status, res.text);
    },
  };
}

interface TencentAnswer {
  Response?: { Error?: { Code?: string; Message?: string }; SendStatusSet?: Array<{ Code?: string; Message?: string; SerialNo?: string }> };
}

function interpret(status: number, text: string): SmsResult {
  const r = (parseJson(text) as TencentAnswer | undefined)?.Response;
  if (!r) return failure(`tencent: HTTP ${status} without a Response`, status >= 500 || status === 429);
  if (r.Error?.Code) return failure(describe(r.Error.Code, r.Error.Message ?? ''), RETRYABLE.test(r.Error.Code));
  const entry = r.SendStatusSet?.[0];
  if (!entry?.Code) return failure('tencent: no SendStatusSet in the answer', false);
  if (entry.Code === 'Ok' && entry.SerialNo) return { ok: true, messageId: entry.SerialNo };
  return failure(describe(entry.Code, entry.Message ?? ''), RETRYABLE.test(entry.Code));
}
