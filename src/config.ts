/** Configuration from the environment, with documented defaults; unsafe settings warn at start-up. */
import { z } from 'zod';
import { DEFAULT_LIMITS, type Limit, type LimitName } from './security/limits.js';
import { SMS_TEMPLATES, type SmsTemplate } from './connectors/sms/gateway.js';
import { accountCentreConfig, type AccountCentreConfig } from './accounts/settings/config.js';
import { loadAlipayConfig, type AlipayConfig } from './connectors/alipay/config.js';
import { faceConfig, type FaceConfig } from './face/config.js';
import { pensionConfig, type PensionConfig } from './pension/config.js';
import { certConfig, type CertConfig } from './certs/config.js';

export interface Config {
  /** 'development' allows a generated data key and plain-HTTP cookies on non-localhost hosts. */
  mode: 'development' | 'production';
  port: number;
  host: string;
  /**
   * The origin browsers use, e.g. https://id.example.gov.cn: the OIDC issuer, the links the platform
   * hands out, and the only Origin writes are taken from. Required in production; in development
   * http://localhost:PORT. Never taken from a request's Host header.
   */
  publicOrigin: string;
  /** postgres://… for a server; empty means embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** 32-byte master key (base64) for PII encryption and keyed hashes. */
  dataKey: string | undefined;
  profile: 'guangdong' | 'shenzhen' | 'sichuan';
  session: { idleMinutes: number; absoluteHours: number };
  lockout: { maxFailures: number; lockMinutes: number; maxConsecutiveFailures: number };
  flowMinutes: number;
  /** How long an OIDC authorization code may wait to be redeemed (≤ 10 min per RFC 9700). */
  oidcCodeTtlSeconds: number;
  /** Trust X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  /** Strict-Transport-Security on every response; production only (never in development, which runs on http). */
  hsts: { maxAgeSeconds: number; includeSubDomains: boolean } | undefined;
  /** OIDC clients (business system ids) allowed to call the admin API with client_credentials. */
  adminClientIds: string[];
  limits: Record<LimitName, Limit>;
  /**
   * The proof of work with every captcha (docs/captcha.md): the largest number a solver may have to
   * try, with the picture and for the accessible captcha (no picture, costlier). Tests set both low.
   */
  captcha: { powMax: number; accessiblePowMax: number };
  /** Where real-name checks go: the local sandbox registry, or a signed HTTP bridge (docs/connectors.md). */
  realName: { connector: 'sandbox' | 'http'; httpBaseUrl?: string; httpKeyId?: string; httpSecret?: string; allowSandboxInProduction?: boolean };
  /** Where SMS go (docs/sms.md); only the chosen gateway's section is present. */
  sms: SmsConfig;
  /** Person registration styles offered: `username` (seed 001, three steps), `phone` (seed 002, mobile number as login name). */
  registrationStyles: RegistrationStyle[];
  /** Re-authentication window, deactivated-data retention, mail transport (src/accounts/settings/config.ts). */
  accountCentre: AccountCentreConfig;
  /** Registration step 3: `bank4` requires the UnionPay four-element check (the Shenzhen manner, seed 001); `declared` gives L2. */
  registrationCheck: 'declared' | 'bank4';
  /** Alipay real-name: local sandbox, Alipay's RSA2 gateway, or off (src/connectors/alipay/config.ts). */
  alipay: AlipayConfig;
  /** Orgs (docs/orgs.md): the enterprise registry checked at registration, and grant rules. */
  orgs: {
    registry: { connector: 'sandbox' | 'http'; httpBaseUrl?: string; httpKeyId?: string; httpSecret?: string; allowSandboxInProduction?: boolean };
    /** A change of legal representative suspends the org's grants until the org confirms them (default true). */
    suspendGrantsOnLegalRepChange: boolean;
    /** Days a closed 单位找回密码 request keeps its documents (photos, agent's ID and phone) before housekeeping erases them. */
    recoveryRetentionDays: number;
  };
  /** Face capture, liveness actions and 1:1 comparison (issue 13, docs/face.md, src/face/config.ts). */
  face: FaceConfig;
  /** 养老保险待遇资格认证 (issue 14, docs/pension.md, src/pension/config.ts): period, reminders, attempts. */
  pension: PensionConfig;
  /** Digital certificates: revocation policy, CRL fetching, challenges (issue 15, src/certs/config.ts). */
  certs: CertConfig;
}

export const REGISTRATION_STYLES = ['username', 'phone'] as const;
export type RegistrationStyle = (typeof REGISTRATION_STYLES)[number];

/** Template id per purpose, as configured for a vendor. */
export type SmsTemplateIds = Partial<Record<SmsTemplate, string>>;

export interface SmsConfig {
  /** `console` (development only) keeps messages in memory for the dev outbox page. */
  gateway: 'console' | 'aliyun' | 'tencent' | 'webhook';
  aliyun?: { accessKeyId: string; accessKeySecret: string; signName: string; templates: SmsTemplateIds; endpoint: string; regionId: string };
  tencent?: { secretId: string; secretKey: string; sdkAppId: string; signName: string; templates: SmsTemplateIds; endpoint: string; region: string };
  webhook?: { url: string; keyId: string; secret: string };
}

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  SHENFEN_MODE: z.enum(['development', 'production']).optional(),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  SHENFEN_PUBLIC_ORIGIN: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).optional().or(z.literal('').transform(() => undefined)),
  SHENFEN_DATA_DIR: z.string().default('./data'),
  SHENFEN_DATA_KEY: z.string().optional(),
  SHENFEN_PROFILE: z.enum(['guangdong', 'shenzhen', 'sichuan']).default('guangdong'),
  SHENFEN_SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SHENFEN_SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
  SHENFEN_LOCKOUT_MAX_FAILURES: int(5, 1, 100),
  SHENFEN_LOCKOUT_MINUTES: int(15, 1, 24 * 60),
  SHENFEN_FLOW_MINUTES: int(30, 1, 24 * 60),
  SHENFEN_CAPTCHA_POW_MAX: int(100_000, 1, 100_000_000),
  SHENFEN_CAPTCHA_ACCESSIBLE_POW_MAX: int(1_000_000, 1, 100_000_000),
  SHENFEN_OIDC_CODE_TTL_SECONDS: int(60, 1, 600),
  SHENFEN_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // One year, as browsers' HSTS preload lists ask; 0 tells browsers to forget an earlier policy.
  SHENFEN_HSTS_MAX_AGE: int(31_536_000, 0, 2 * 31_536_000),
  SHENFEN_HSTS_INCLUDE_SUBDOMAINS: z.enum(['true', 'false']).default('true'),
  SHENFEN_ADMIN_CLIENT_IDS: z.string().default(''),
  SHENFEN_REALNAME_CONNECTOR: z.enum(['sandbox', 'http']).default('sandbox'),
  SHENFEN_REALNAME_ALLOW_SANDBOX: z.enum(['true', 'false']).default('false'),
  SHENFEN_REALNAME_URL: z.url().optional(),
  SHENFEN_REALNAME_KEY_ID: z.string().min(1).optional(),
  SHENFEN_REALNAME_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SHENFEN_SMS_GATEWAY: z.enum(['console', 'aliyun', 'tencent', 'webhook']).optional(),
  SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID: z.string().min(1).optional(),
  SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SHENFEN_SMS_ALIYUN_SIGN_NAME: z.string().min(1).optional(),
  SHENFEN_SMS_ALIYUN_TEMPLATES: z.string().optional(),
  SHENFEN_SMS_ALIYUN_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  SHENFEN_SMS_ALIYUN_REGION: z.string().min(1).default('cn-hangzhou'),
  SHENFEN_SMS_TENCENT_SECRET_ID: z.string().min(1).optional(),
  SHENFEN_SMS_TENCENT_SECRET_KEY: z.string().min(1).optional(),
  SHENFEN_SMS_TENCENT_SDK_APP_ID: z.string().min(1).optional(),
  SHENFEN_SMS_TENCENT_SIGN_NAME: z.string().min(1).optional(),
  SHENFEN_SMS_TENCENT_TEMPLATES: z.string().optional(),
  SHENFEN_SMS_TENCENT_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
  SHENFEN_SMS_TENCENT_REGION: z.string().min(1).default('ap-guangzhou'),
  SHENFEN_SMS_WEBHOOK_URL: z.url().optional(),
  SHENFEN_SMS_WEBHOOK_KEY_ID: z.string().min(1).optional(),
  SHENFEN_SMS_WEBHOOK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SHENFEN_REGISTRATION_STYLES: z
    .string()
    .default('username,phone')
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(REGISTRATION_STYLES), 'expected username and/or phone, comma separated')),
  SHENFEN_REGISTRATION_CHECK: z.enum(['declared', 'bank4']).optional(),
  // orgs (docs/orgs.md)
  SHENFEN_ENTERPRISE_CONNECTOR: z.enum(['sandbox', 'http']).default('sandbox'),
  SHENFEN_ENTERPRISE_ALLOW_SANDBOX: z.enum(['true', 'false']).default('false'),
  SHENFEN_ENTERPRISE_URL: z.url().optional(),
  SHENFEN_ENTERPRISE_KEY_ID: z.string().min(1).optional(),
  SHENFEN_ENTERPRISE_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SHENFEN_ORG_SUSPEND_GRANTS_ON_LEGAL_REP_CHANGE: z.enum(['true', 'false']).default('true'),
  SHENFEN_ORG_RECOVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

type Env = z.infer<typeof EnvSchema>;

/** `verification_code:SMS_1,password_changed:SMS_2` → ids per template; unknown purposes are an error. */
function parseTemplateIds(name: string, value: string | undefined): SmsTemplateIds {
  const ids: SmsTemplateIds = {};
  for (const pair of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [purpose, id] = pair.split(':').map((p) => p.trim());
    if (!SMS_TEMPLATES.includes(purpose as SmsTemplate) || !id) throw new Error(`Invalid configuration:\n  ${name}: expected purpose:id pairs, purposes ${SMS_TEMPLATES.join(', ')}`);
    ids[purpose as SmsTemplate] = id;
  }
  if (!ids.verification_code) throw new Error(`Invalid configuration:\n  ${name}: needs at least verification_code:<template id>`);
  return ids;
}

/**
 * The SMS section. Vendor settings are read only for the chosen gateway, which then needs all of
 * them. An explicit `console` is refused in production; the default `console` is left for
 * createSmsGateway to refuse, so production configurations that send no SMS still load.
 */
function smsConfig(e: Env, mode: Config['mode']): SmsConfig {
  const gateway = e.SHENFEN_SMS_GATEWAY ?? 'console';
  const need = (vars: Record<string, string | undefined>): Record<string, string> => {
    const missing = Object.entries(vars).filter(([, v]) => !v).map(([k]) => k);
    if (missing.length) throw new Error(`Invalid configuration:\n  SHENFEN_SMS_GATEWAY=${gateway} needs ${missing.join(', ')}`);
    return vars as Record<string, string>;
  };
  if (gateway === 'console' && e.SHENFEN_SMS_GATEWAY && mode === 'production') {
    throw new Error('Invalid configuration:\n  SHENFEN_SMS_GATEWAY: the console gateway is refused in production (choose aliyun, tencent or webhook)');
  }
  if (gateway === 'aliyun') {
    const v = need({ SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID: e.SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID, SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET: e.SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET, SHENFEN_SMS_ALIYUN_SIGN_NAME: e.SHENFEN_SMS_ALIYUN_SIGN_NAME, SHENFEN_SMS_ALIYUN_TEMPLATES: e.SHENFEN_SMS_ALIYUN_TEMPLATES });
    return { gateway, aliyun: { accessKeyId: v.SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID!, accessKeySecret: v.SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET!, signName: v.SHENFEN_SMS_ALIYUN_SIGN_NAME!, templates: parseTemplateIds('SHENFEN_SMS_ALIYUN_TEMPLATES', v.SHENFEN_SMS_ALIYUN_TEMPLATES), endpoint: e.SHENFEN_SMS_ALIYUN_ENDPOINT, regionId: e.SHENFEN_SMS_ALIYUN_REGION } };
  }
  if (gateway === 'tencent') {
    const v = need({ SHENFEN_SMS_TENCENT_SECRET_ID: e.SHENFEN_SMS_TENCENT_SECRET_ID, SHENFEN_SMS_TENCENT_SECRET_KEY: e.SHENFEN_SMS_TENCENT_SECRET_KEY, SHENFEN_SMS_TENCENT_SDK_APP_ID: e.SHENFEN_SMS_TENCENT_SDK_APP_ID, SHENFEN_SMS_TENCENT_SIGN_NAME: e.SHENFEN_SMS_TENCENT_SIGN_NAME, SHENFEN_SMS_TENCENT_TEMPLATES: e.SHENFEN_SMS_TENCENT_TEMPLATES });
    return { gateway, tencent: { secretId: v.SHENFEN_SMS_TENCENT_SECRET_ID!, secretKey: v.SHENFEN_SMS_TENCENT_SECRET_KEY!, sdkAppId: v.SHENFEN_SMS_TENCENT_SDK_APP_ID!, signName: v.SHENFEN_SMS_TENCENT_SIGN_NAME!, templates: parseTemplateIds('SHENFEN_SMS_TENCENT_TEMPLATES', v.SHENFEN_SMS_TENCENT_TEMPLATES), endpoint: e.SHENFEN_SMS_TENCENT_ENDPOINT, region: e.SHENFEN_SMS_TENCENT_REGION } };
  }
  if (gateway === 'webhook') {
    const v = need({ SHENFEN_SMS_WEBHOOK_URL: e.SHENFEN_SMS_WEBHOOK_URL, SHENFEN_SMS_WEBHOOK_KEY_ID: e.SHENFEN_SMS_WEBHOOK_KEY_ID, SHENFEN_SMS_WEBHOOK_SECRET: e.SHENFEN_SMS_WEBHOOK_SECRET });
    return { gateway, webhook: { url: v.SHENFEN_SMS_WEBHOOK_URL!, keyId: v.SHENFEN_SMS_WEBHOOK_KEY_ID!, secret: v.SHENFEN_SMS_WEBHOOK_SECRET! } };
  }
  return { gateway: 'console' };
}

/** SHENFEN_MODE, else production when NODE_ENV says so. */
export function modeOf(env: { SHENFEN_MODE?: string | undefined; NODE_ENV?: string | undefined }): Config['mode'] {
  return env.SHENFEN_MODE === 'production' || (!env.SHENFEN_MODE && env.NODE_ENV === 'production') ? 'production' : 'development';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = modeOf(e);
  if (mode === 'production' && !e.SHENFEN_PUBLIC_ORIGIN) {
    throw new Error('Invalid configuration:\n  SHENFEN_PUBLIC_ORIGIN is required in production (the https:// origin browsers use, e.g. https://id.example.gov.cn): the OIDC issuer and every link are built from it, never from a request');
  }
  const allowSandbox = e.SHENFEN_REALNAME_ALLOW_SANDBOX === 'true';
  if (e.SHENFEN_REALNAME_CONNECTOR === 'sandbox' && mode === 'production' && !allowSandbox) {
    throw new Error('Invalid configuration:\n  SHENFEN_REALNAME_CONNECTOR: the sandbox is refused in production (configure http, or set SHENFEN_REALNAME_ALLOW_SANDBOX=true)');
  }
  if (e.SHENFEN_REALNAME_CONNECTOR === 'http' && (!e.SHENFEN_REALNAME_URL || !e.SHENFEN_REALNAME_KEY_ID || !e.SHENFEN_REALNAME_SECRET)) {
    throw new Error('Invalid configuration:\n  SHENFEN_REALNAME_CONNECTOR=http needs SHENFEN_REALNAME_URL, SHENFEN_REALNAME_KEY_ID and SHENFEN_REALNAME_SECRET');
  }
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    publicOrigin: e.SHENFEN_PUBLIC_ORIGIN ? new URL(e.SHENFEN_PUBLIC_ORIGIN).origin : `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.SHENFEN_DATA_DIR,
    dataKey: e.SHENFEN_DATA_KEY,
    profile: e.SHENFEN_PROFILE,
    session: { idleMinutes: e.SHENFEN_SESSION_IDLE_MINUTES, absoluteHours: e.SHENFEN_SESSION_ABSOLUTE_HOURS },
    // NIST SP 800-63B: never more than 100 consecutive failures per authenticator.
    lockout: { maxFailures: e.SHENFEN_LOCKOUT_MAX_FAILURES, lockMinutes: e.SHENFEN_LOCKOUT_MINUTES, maxConsecutiveFailures: 100 },
    flowMinutes: e.SHENFEN_FLOW_MINUTES,
    oidcCodeTtlSeconds: e.SHENFEN_OIDC_CODE_TTL_SECONDS,
    trustProxy: e.SHENFEN_TRUST_PROXY === 'true',
    hsts: mode === 'production' ? { maxAgeSeconds: e.SHENFEN_HSTS_MAX_AGE, includeSubDomains: e.SHENFEN_HSTS_INCLUDE_SUBDOMAINS === 'true' } : undefined,
    adminClientIds: e.SHENFEN_ADMIN_CLIENT_IDS.split(',').map((s) => s.trim()).filter(Boolean),
    limits: { ...DEFAULT_LIMITS },
    captcha: { powMax: e.SHENFEN_CAPTCHA_POW_MAX, accessiblePowMax: e.SHENFEN_CAPTCHA_ACCESSIBLE_POW_MAX },
    realName: {
      connector: e.SHENFEN_REALNAME_CONNECTOR,
      allowSandboxInProduction: allowSandbox,
      ...(e.SHENFEN_REALNAME_URL ? { httpBaseUrl: e.SHENFEN_REALNAME_URL } : {}),
      ...(e.SHENFEN_REALNAME_KEY_ID ? { httpKeyId: e.SHENFEN_REALNAME_KEY_ID } : {}),
      ...(e.SHENFEN_REALNAME_SECRET ? { httpSecret: e.SHENFEN_REALNAME_SECRET } : {}),
    },
    sms: smsConfig(e, mode),
    registrationStyles: e.SHENFEN_REGISTRATION_STYLES,
    accountCentre: accountCentreConfig(env, mode),
    registrationCheck: e.SHENFEN_REGISTRATION_CHECK ?? (e.SHENFEN_PROFILE === 'shenzhen' ? 'bank4' : 'declared'),
    alipay: loadAlipayConfig(env, mode),
    orgs: {
      registry: {
        connector: e.SHENFEN_ENTERPRISE_CONNECTOR,
        allowSandboxInProduction: e.SHENFEN_ENTERPRISE_ALLOW_SANDBOX === 'true',
        ...(e.SHENFEN_ENTERPRISE_URL ? { httpBaseUrl: e.SHENFEN_ENTERPRISE_URL } : {}),
        ...(e.SHENFEN_ENTERPRISE_KEY_ID ? { httpKeyId: e.SHENFEN_ENTERPRISE_KEY_ID } : {}),
        ...(e.SHENFEN_ENTERPRISE_SECRET ? { httpSecret: e.SHENFEN_ENTERPRISE_SECRET } : {}),
      },
      suspendGrantsOnLegalRepChange: e.SHENFEN_ORG_SUSPEND_GRANTS_ON_LEGAL_REP_CHANGE === 'true',
      recoveryRetentionDays: e.SHENFEN_ORG_RECOVERY_RETENTION_DAYS,
    },
    face: faceConfig(env),
    pension: pensionConfig(env, faceConfig(env).attemptsPerDay),
    certs: certConfig(env),
  };
}

/** Settings for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ SHENFEN_MODE: 'development' }), ...overrides };
}
