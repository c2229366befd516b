/**
 * Alipay real-name settings from the environment (docs/connectors.md § Alipay):
 * `SHENFEN_ALIPAY` = `sandbox` (default in development: the local authorisation page and
 * gateway), `gateway` (Alipay's open platform, needs the app id and keys), or `off`.
 */
import { z } from 'zod';

export interface AlipayConfig {
  mode: 'sandbox' | 'gateway' | 'off';
  appId?: string;
  privateKey?: string;
  alipayPublicKey?: string;
  gatewayUrl: string;
  authorizeUrl: string;
  /** The callback registered with Alipay; defaults to SHENFEN_PUBLIC_ORIGIN + /api/account/real-name/alipay/callback. */
  redirectUri?: string;
}

const Env = z.object({
  SHENFEN_ALIPAY: z.enum(['sandbox', 'gateway', 'off']).optional(),
  SHENFEN_ALIPAY_APP_ID: z.string().min(1).optional(),
  SHENFEN_ALIPAY_PRIVATE_KEY: z.string().min(1).optional(),
  SHENFEN_ALIPAY_PUBLIC_KEY: z.string().min(1).optional(),
  SHENFEN_ALIPAY_GATEWAY: z.url().default('https://openapi.alipay.com/gateway.do'),
  SHENFEN_ALIPAY_AUTHORIZE_URL: z.url().default('https://openauth.alipay.com/oauth2/publicAppAuthorize.htm'),
  SHENFEN_ALIPAY_REDIRECT_URI: z.url().optional(),
});

export function loadAlipayConfig(env: NodeJS.ProcessEnv, mode: 'development' | 'production'): AlipayConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const e = parsed.data;
  const chosen = e.SHENFEN_ALIPAY ?? (mode === 'production' ? 'off' : 'sandbox');
  if (chosen === 'sandbox' && mode === 'production' && env.SHENFEN_REALNAME_ALLOW_SANDBOX !== 'true') {
    throw new Error('Invalid configuration:\n  SHENFEN_ALIPAY: the sandbox is refused in production (choose gateway or off, or set SHENFEN_REALNAME_ALLOW_SANDBOX=true)');
  }
  if (chosen === 'gateway' && (!e.SHENFEN_ALIPAY_APP_ID || !e.SHENFEN_ALIPAY_PRIVATE_KEY || !e.SHENFEN_ALIPAY_PUBLIC_KEY)) {
    throw new Error('Invalid configuration:\n  SHENFEN_ALIPAY=gateway needs SHENFEN_ALIPAY_APP_ID, SHENFEN_ALIPAY_PRIVATE_KEY and SHENFEN_ALIPAY_PUBLIC_KEY');
  }
  return {
    mode: chosen,
    gatewayUrl: e.SHENFEN_ALIPAY_GATEWAY,
    authorizeUrl: e.SHENFEN_ALIPAY_AUTHORIZE_URL,
    ...(e.SHENFEN_ALIPAY_APP_ID ? { appId: e.SHENFEN_ALIPAY_APP_ID } : {}),
    ...(e.SHENFEN_ALIPAY_PRIVATE_KEY ? { privateKey: e.SHENFEN_ALIPAY_PRIVATE_KEY } : {}),
    ...(e.SHENFEN_ALIPAY_PUBLIC_KEY ? { alipayPublicKey: e.SHENFEN_ALIPAY_PUBLIC_KEY } : {}),
    ...(e.SHENFEN_ALIPAY_REDIRECT_URI ? { redirectUri: e.SHENFEN_ALIPAY_REDIRECT_URI } : {}),
  };
}
