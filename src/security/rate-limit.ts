/** Fixed-window rate limits kept in PostgreSQL, so every node sees the same counts. */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import type { LimitName } from './limits.js';

// The limits themselves are configuration (src/config.ts reads them): they live apart from the
// counting, which needs the context, so that config, context and this module form no circle.
export { DEFAULT_LIMITS, type Limit, type LimitName } from './limits.js';

/** One hit about to be counted: its window's key, when the window ends, and the limit. */
export interface PendingHit {
  key: string;
  expires: Date;
  max: number;
  now: number;
}

export function pendingHit(ctx: AppContext, name: LimitName, subject: string): PendingHit {
  const limit = ctx.config.limits[name];
  const now = ctx.clock.now().getTime();
  const window = Math.floor(now / (limit.windowSeconds * 1000));
  return {
    key: `${name}:${ctx.vault.mac('rate-limit', subject)}:${window}`,
    expires: new Date((window + 1) * limit.windowSeconds * 1000),
    max: limit.max,
    now,
  };
}

/**
 * The statement that counts a hit and returns the window's new `count`. Steps that must make the
 * same round trip use it as a CTE and do their own work only while `count <= max`; then they pass
 * the count to `checkHit`.
 */
export const hitStatement = (h: PendingHit) =>
  sql<{ count: number }>`insert into rate_limits (key, count, expires_at) values (${h.key}, 1, ${h.expires})
    on conflict (key) do update set count = rate_limits.count + 1 returning count`;

/** Throws 429 rate_limited when the counted hit went past the limit. */
export function checkHit(h: PendingHit, count: number): void {
  if (count > h.max) {
    const retry = Math.max(1, Math.ceil((h.expires.getTime() - h.now) / 1000));
    throw new AppError('rate_limited', undefined, { 'retry-after': String(retry) });
  }
}

/** Counts one hit for `subject`; throws 429 rate_limited past the limit. */
export async function hit(ctx: AppContext, name: LimitName, subject: string): Promise<void> {
  const h = pendingHit(ctx, name, subject);
  const row = await ctx.db
    .insertInto('rate_limits')
    .values({ key: h.key, count: 1, expires_at: h.expires })
    .onConflict((oc) => oc.column('key').doUpdateSet({ count: sql`rate_limits.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  checkHit(h, row.count);
}

/** Drops windows that have passed. Called now and then by the housekeeping timer. */
export async function pruneRateLimits(ctx: AppContext): Promise<void> {
  await ctx.db.deleteFrom('rate_limits').where('expires_at', '<', ctx.clock.now()).execute();
}

