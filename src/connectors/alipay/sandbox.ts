/**
 * A local stand-in for Alipay, for development and tests: an authorisation page (sign in with a
 * sandbox person's phone; any password) and a gateway that answers `alipay.system.oauth.token`
 * and `alipay.user.info.share` like Alipay — RSA2-checked requests, RSA2-signed responses. A
 * sandbox person who is alive is `is_certified: T` with their name and ID number; a phone not in
 * the registry is an uncertified Alipay account. Codes and tokens are MACs (no server state);
 * a code is single use through `connector_nonces`. The key pairs live in the process: restart and
 * they are new (fine for a sandbox; the real connector takes keys from configuration).
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { validatePhone } from '../../domain/phone.js';
import { safeEqual } from '../../security/tokens.js';
import { alipayTimestamp, responseKey, rsa2Sign, rsa2Verify, signContent } from './signing.js';

export const SANDBOX_APP_ID = '2021000000000000';
export const SANDBOX_AUTHORIZE_PATH = '/sandbox/alipay/authorize';
export const SANDBOX_GATEWAY_PATH = '/sandbox/alipay/gateway.do';

export interface SandboxKeys {
  appPrivate: KeyObject;
  appPublic: KeyObject;
  alipayPrivate: KeyObject;
  alipayPublic: KeyObject;
}

let keys: SandboxKeys | undefined;
export function sandboxKeys(): SandboxKeys {
  if (!keys) {
    const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { appPrivate: app.privateKey, appPublic: app.publicKey, alipayPrivate: alipay.privateKey, alipayPublic: alipay.publicKey };
  }
  return keys;
}

type Ctx = Pick<AppContext, 'db' | 'vault' | 'clock'>;

/** A MAC-protected token `kind.payload.mac` carrying the Alipay account's phone and an expiry. */
function mint(ctx: Ctx, kind: 'code' | 'token', phone: string, minutes: number): string {
  const payload = Buffer.from(JSON.stringify({ p: phone, e: ctx.clock.now().getTime() + minutes * 60_000, n: randomBytes(8).toString('hex') })).toString('base64url');
  return `${kind}.${payload}.${ctx.vault.mac(`alipay-sandbox:${kind}`, payload)}`;
}
function open(ctx: Ctx, kind: 'code' | 'token', value: string): string | undefined {
  const [k, payload, mac] = value.split('.');
  if (k !== kind || !payload || !mac || !safeEqual(mac, ctx.vault.mac(`alipay-sandbox:${kind}`, payload))) return undefined;
  const { p, e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { p: string; e: number };
  return e > ctx.clock.now().getTime() ? p : undefined;
}

/** The auth_code for the Alipay account `phone` signs in with on the sandbox page (5 minutes). */
export function sandboxAuthCode(ctx: Ctx, phone: string): string | undefined {
  const r = validatePhone(phone);
  return r.ok ? mint(ctx, 'code', r.value, 5) : undefined;
}

const signed = (key: string, content: Record<string, unknown>) => {
  const json = JSON.stringify(content);
  return `{"${key}":${json},"sign":"${rsa2Sign(json, sandboxKeys().alipayPrivate)}"}`;
};
const error = (code: string, msg: string, subCode: string, subMsg: string) => ({ status: 200, text: signed('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg }) });

/** Answers one gateway request (the form body) as Alipay would. */
export async function handleSandboxGateway(ctx: Ctx, form: string): Promise<{ status: number; text: string }> {
  const params = Object.fromEntries(new URLSearchParams(form));
  if (params.app_id !== SANDBOX_APP_ID) return error('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数');
  if (params.sign_type !== 'RSA2' || params.charset?.toLowerCase() !== 'utf-8') return error('40002', 'Invalid Arguments', 'isv.invalid-signature-type', '无效的签名类型');
  if (!params.sign || !rsa2Verify(signContent(params), params.sign, sandboxKeys().appPublic)) return error('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错');
  if (params.method === 'alipay.system.oauth.token') {
    const phone = params.grant_type === 'authorization_code' && params.code ? open(ctx, 'code', params.code) : undefined;
    // Single use: the first exchange records the code; a second finds it.
    const used = phone
      ? await ctx.db
          .insertInto('connector_nonces')
          .values({ key_id: 'alipay-sandbox-code', nonce: createHash('sha256').update(params.code!).digest('base64url'), expires_at: new Date(ctx.clock.now().getTime() + 10 * 60_000) })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
      : undefined;
    if (!phone || Number(used?.numInsertedOrUpdatedRows ?? 0) !== 1) return error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效');
    return {
      status: 200,
      text: signed(responseKey(params.method), { user_id: userId(phone), access_token: mint(ctx, 'token', phone, 60), expires_in: 3600, refresh_token: randomBytes(16).toString('hex'), re_expires_in: 7200, auth_start: alipayTimestamp(ctx.clock.now()) }),
    };
  }
  if (params.method === 'alipay.user.info.share') {
    const phone = params.auth_token ? open(ctx, 'token', params.auth_token) : undefined;
    if (!phone) return error('20001', 'Insufficient Token Permissions', 'aop.invalid-auth-token', '无效的访问令牌');
    const row = await ctx.db
      .selectFrom('sandbox_people')
      .select(['name', 'id_number_enc', 'status', 'id_type'])
      .where('phone_hash', '=', ctx.vault.lookupHash('sandbox.phone', phone))
      .executeTakeFirst();
    const certified = row?.status === 'alive';
    return {
      status: 200,
      text: signed(responseKey(params.method), {
        code: '10000',
        msg: 'Success',
        user_id: userId(phone),
        nick_name: `沙箱用户${phone.slice(-4)}`,
        is_certified: certified ? 'T' : 'F',
        ...(certified && row ? { user_name: row.name, cert_no: ctx.vault.decrypt(row.id_number_enc), cert_type: row.id_type === 'resident_id' ? '0' : 'A' } : {}),
      }),
    };
  }
  return error('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名');
}

/** A stable 16-digit Alipay user id (2088…) for a sandbox phone. */
const userId = (phone: string) => `2088${BigInt(`0x${createHash('sha256').update(`alipay-sandbox:${phone}`).digest('hex').slice(0, 12)}`).toString().padStart(12, '0').slice(0, 12)}`;
