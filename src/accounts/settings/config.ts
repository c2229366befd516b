/**
 * Settings of the account centre, read from the environment beside the rest of the configuration:
 * how long a re-authentication counts, how long a deactivated account's personal data is kept,
 * and where mail goes (docs/api.md, README).
 */
import { z } from 'zod';

export interface MailConfig {
  /** `console` keeps mail in memory (development only); `smtp` sends through SHENFEN_SMTP_URL; `none` sends nothing. */
  transport: 'console' | 'smtp' | 'none';
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  smtpUrl?: string;
  /** The From header, e.g. `身份统一认证平台 <no-reply@id.example.gov.cn>`. */
  from: string;
}

export interface AccountCentreConfig {
  /** A password or SMS proof counts this many minutes for changing password, phone, e-mail or deactivating. Default 10. */
  reauthMinutes: number;
  /** A deactivated account's personal data is erased this many days after deactivation. Default 180. */
  deactivatedRetentionDays: number;
  mail: MailConfig;
}

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const Env = z.object({
  SHENFEN_REAUTH_MINUTES: int(10, 1, 24 * 60),
  SHENFEN_DEACTIVATED_RETENTION_DAYS: int(180, 0, 3650),
  SHENFEN_MAIL_TRANSPORT: z.enum(['console', 'smtp', 'none']).optional(),
  SHENFEN_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://… or smtps://…').optional().or(z.literal('').transform(() => undefined)),
  SHENFEN_MAIL_FROM: z.string().min(3).default('身份统一认证平台 <no-reply@localhost>'),
});

/** Throws `Invalid configuration: …` like loadConfig. */
export function accountCentreConfig(env: NodeJS.ProcessEnv, mode: 'development' | 'production'): AccountCentreConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const e = parsed.data;
  const transport = e.SHENFEN_MAIL_TRANSPORT ?? (e.SHENFEN_SMTP_URL ? 'smtp' : mode === 'production' ? 'none' : 'console');
  if (transport === 'console' && mode === 'production') {
    throw new Error('Invalid configuration:\n  SHENFEN_MAIL_TRANSPORT: the console mail transport is refused in production (set SHENFEN_SMTP_URL)');
  }
  if (transport === 'smtp' && !e.SHENFEN_SMTP_URL) throw new Error('Invalid configuration:\n  SHENFEN_MAIL_TRANSPORT=smtp needs SHENFEN_SMTP_URL');
  return {
    reauthMinutes: e.SHENFEN_REAUTH_MINUTES,
    deactivatedRetentionDays: e.SHENFEN_DEACTIVATED_RETENTION_DAYS,
    mail: { transport, ...(e.SHENFEN_SMTP_URL ? { smtpUrl: e.SHENFEN_SMTP_URL } : {}), from: e.SHENFEN_MAIL_FROM },
  };
}
