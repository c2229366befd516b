/** The SMS gateway interface every connector implements, the message purposes (templates) and their zh-CN texts. */

/** Why a message is sent; each maps to one vendor template id in configuration. */
export const SMS_TEMPLATES = ['verification_code', 'username_reminder', 'password_changed', 'phone_changed', 'pension_reminder'] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

export interface SmsMessage {
  /** A mainland mobile number, `13800138000` or `+8613800138000`. */
  phone: string;
  template: SmsTemplate;
  /** The template variables, by name (see TEMPLATE_PARAMS). */
  params: Record<string, string>;
}

export type SmsResult = { ok: true; messageId: string } | { ok: false; error: string; retryable: boolean };

export interface SmsGateway {
  /** Sends one message. Never throws: a failure is `{ ok: false }`, `retryable` when trying again later may succeed. */
  send(msg: SmsMessage): Promise<SmsResult>;
}

/**
 * The variables of each template, in order: Tencent templates take them positionally ({1}, {2}),
 * Aliyun templates by name (${code}). Register the vendor templates with these variables.
 */
export const TEMPLATE_PARAMS: Record<SmsTemplate, readonly string[]> = {
  verification_code: ['code'],
  username_reminder: ['username'],
  password_changed: [],
  phone_changed: ['phone'],
  pension_reminder: ['dueDate'],
};

/** The texts the console gateway shows; vendor templates should say the same. */
export const TEMPLATE_TEXTS: Record<SmsTemplate, string> = {
  verification_code: '【身份统一认证】您的验证码为{code}，5分钟内有效。请勿泄露给他人。',
  username_reminder: '【身份统一认证】您的用户名为{username}，请妥善保管。如非本人操作，请忽略本短信。',
  password_changed: '【身份统一认证】您的账户密码已修改，所有设备已退出登录。如非本人操作，请立即找回密码。',
  phone_changed: '【身份统一认证】您的账户绑定手机号已变更为{phone}。如非本人操作，请立即联系客服。',
  pension_reminder: '【身份统一认证】您的养老保险待遇领取资格认证将于{dueDate}到期，请及时通过个人年度资格认证入口进行人脸认证，或到社保经办服务大厅现场认证。',
};

/** The problem with a message before it is sent (unknown template, missing or extra variable), or null. */
export function invalidMessage(msg: SmsMessage): string | null {
  const expected = TEMPLATE_PARAMS[msg.template];
  if (!expected) return `unknown SMS template ${String(msg.template)}`;
  const missing = expected.filter((p) => typeof msg.params[p] !== 'string' || msg.params[p] === '');
  if (missing.length) return `template ${msg.template} needs ${missing.join(', ')}`;
  const extra = Object.keys(msg.params).filter((p) => !expected.includes(p));
  if (extra.length) return `template ${msg.template} takes no ${extra.join(', ')}`;
  if (!/^(\+86)?1\d{10}$/u.test(msg.phone)) return 'not a mainland mobile number';
  return null;
}

/** The message text with its variables filled in. */
export const renderSms = (template: SmsTemplate, params: Record<string, string>): string =>
  TEMPLATE_TEXTS[template].replace(/\{(\w+)\}/gu, (_, name: string) => params[name] ?? `{${name}}`);

/** `13800138000` from `+8613800138000` or `13800138000`. */
export const nationalNumber = (phone: string): string => phone.replace(/^\+86/u, '');

export const failure = (error: string, retryable: boolean): SmsResult => ({ ok: false, error, retryable });

/**
 * One HTTP exchange with a vendor, bounded by a timeout. A network error or timeout is a retryable
 * failure; otherwise the status and body text, for the connector to interpret.
 */
export async function exchange(url: URL, init: RequestInit, timeoutMs: number, vendor: string): Promise<{ status: number; text: string } | SmsResult> {
  try {
    const res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return failure(`${vendor}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable'}`, true);
  }
}

/** Parses JSON, or undefined. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
