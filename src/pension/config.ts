/** The `pension` block of the configuration (issue 14, docs/pension.md): the yearly cycle, reminders and attempts. */
import { z } from 'zod';

export interface PensionConfig {
  /** Months from a pass to the next due date (default 12). */
  periodMonths: number;
  /** Days before the due date the status turns 即将到期 and the SMS reminder goes (default 30). */
  reminderDays: number;
  /** Online face attempts per retiree in 24 hours (default: the face block's attemptsPerDay). */
  attemptsPerDay: number;
  /** Idle minutes of a retiree's session (default 30); its absolute end is 12 hours. */
  sessionIdleMinutes: number;
}

const PensionEnv = z.object({
  SHENFEN_PENSION_PERIOD_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  SHENFEN_PENSION_REMINDER_DAYS: z.coerce.number().int().min(0).max(180).default(30),
  SHENFEN_PENSION_ATTEMPTS_PER_DAY: z.coerce.number().int().min(1).max(50).optional(),
  SHENFEN_PENSION_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
});

export function pensionConfig(env: NodeJS.ProcessEnv, faceAttemptsPerDay: number): PensionConfig {
  const parsed = PensionEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    periodMonths: e.SHENFEN_PENSION_PERIOD_MONTHS,
    reminderDays: e.SHENFEN_PENSION_REMINDER_DAYS,
    attemptsPerDay: e.SHENFEN_PENSION_ATTEMPTS_PER_DAY ?? faceAttemptsPerDay,
    sessionIdleMinutes: e.SHENFEN_PENSION_SESSION_IDLE_MINUTES,
  };
}
