/** Aliyun SMS (dysmsapi SendSms, RPC API 2017-05-25) signed with Aliyun's HMAC-SHA1 signature method (SignatureVersion 1.0). */
import { createHmac, randomUUID } from 'node:crypto';
import { exchange, failure, invalidMessage, nationalNumber, parseJson, TEMPLATE_PARAMS, type SmsGateway, type SmsResult, type SmsTemplate } from './gateway.js';

export const ALIYUN_DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), e.g. 身份统一认证. */
  signName: string;
  /** Template code (SMS_…) per purpose. */
  templates: Partial<Record<SmsTemplate, string>>;
  /** Default https://dysmsapi.aliyuncs.com. */
  endpoint?: string;
  /** Default cn-hangzhou. */
  regionId?: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** POP percent-encoding: RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes (space is %20, `*` is %2A, `~` stays). */
export const percentEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The canonicalized query string: parameters sorted by name, each `enc(name)=enc(value)`, joined by `&`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

/** `METHOD&%2F&enc(canonicalQuery)`. */
export const aliyunStringToSign = (method: string, params: Record<string, string>): string =>
  `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;

/** base64(HMAC-SHA1(secret + '&', stringToSign)). */
export const aliyunSignature = (secret: string, method: string, params: Record<string, string>): string =>
  createHmac('sha1', `${secret}&`).update(aliyunStringToSign(method, params)).digest('base64');

/** `2017-07-12T02:42:19Z`. */
export const aliyunTimestamp = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/u, 'Z');

/** Vendor codes that may succeed later; any other non-OK code is final. */
const RETRYABLE = new Set(['isp.SYSTEM_ERROR', 'isp.GATEWAY_ERROR', 'ServiceUnavailable', 'InternalError', 'Throttling', 'Throttling.User', 'SignatureNonceUsed']);
/** Codes deployers should read at a glance. */
const EXPLAINED: Record<string, string> = {
  'isv.BUSINESS_LIMIT_CONTROL': 'the vendor rate limit for this phone number was reached (flow control)',
  'isv.MOBILE_NUMBER_ILLEGAL': 'the phone number is not valid',
  'isv.AMOUNT_NOT_ENOUGH': 'the account balance is too low',
  'isv.SMS_SIGNATURE_ILLEGAL': 'the sign name is not approved',
  'isv.SMS_TEMPLATE_ILLEGAL': 'the template code is not approved',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'the template expects other parameters',
  SignatureDoesNotMatch: 'the AccessKey secret is wrong (signature refused)',
  'InvalidAccessKeyId.NotFound': 'the AccessKey id is unknown',
};

/**
 * A gateway that POSTs SendSms to the RPC endpoint as a signed form. Success is `Code: "OK"`
 * (messageId = BizId); a vendor error code becomes `{ ok: false }` naming the code.
 */
export function createAliyunGateway(opts: AliyunSmsOptions): SmsGateway {
  const endpoint = new URL(opts.endpoint ?? ALIYUN_DEFAULT_ENDPOINT);
  const now = opts.now ?? (() => new Date());
  return {
    async send(msg): Promise<SmsResult> {
      const invalid = invalidMessage(msg);
      if (invalid) return failure(`aliyun: ${invalid}`, false);
      const templateCode = opts.templates[msg.template];
      if (!templateCode) return failure(`aliyun: no template code configured for ${msg.template}`, false);
      const templateParam = Object.fromEntries(TEMPLATE_PARAMS[msg.template].map((p) => [p, msg.params[p]!]));
      const params: Record<string, string> = {
        AccessKeyId: opts.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: nationalNumber(msg.phone),
        RegionId: opts.regionId ?? 'cn-hangzhou',
        SignName: opts.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: templateCode,
        TemplateParam: JSON.stringify(templateParam),
        Timestamp: aliyunTimestamp(now()),
        Version: '2017-05-25',
      };
      const body = `${canonicalQuery(params)}&Signature=${percentEncode(aliyunSignature(opts.accessKeySecret, 'POST', params))}`;
      const res = await exchange(new URL('/', endpoint), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, opts.timeoutMs ?? 5000, 'aliyun');
      if ('ok' in res) return res;
      return interpret(res.status, res.text);
    },
  };
}

function interpret(status: number, text: string): SmsResult {
  const json = parseJson(text) as { Code?: unknown; Message?: unknown; BizId?: unknown } | undefined;
  const code = typeof json?.Code === 'string' ? json.Code : undefined;
  if (status === 200 && code === 'OK' && typeof json?.BizId === 'string') return { ok: true, messageId: json.BizId };
  if (!code) return failure(`aliyun: HTTP ${status} without a vendor code`, status >= 500 || status === 429);
  const message = typeof json?.Message === 'string' ? json.Message : '';
  const explained = EXPLAINED[code] ? ` — ${EXPLAINED[code]}` : '';
  return failure(`aliyun: ${code}${explained}${message ? ` (${message})` : ''}`, RETRYABLE.has(code) || status >= 500);
}
