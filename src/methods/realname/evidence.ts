/** Evidence records of real-name verification, and the per-method status the account centre shows. */
import type { AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import { newId } from '../../security/tokens.js';
import type { DB } from '../../store/db.js';

export interface EvidenceInput {
  accountId: string;
  method: string;
  source: string;
  level: AssuranceLevel;
  result: 'pass' | 'fail';
  reason: string | null;
  /** A keyed hash of what was checked, so a later check of the same data can be recognised. */
  inputFingerprint: string | null;
  expiresAt: Date | null;
  /** The authority's transaction number, when it gave one. */
  reference?: string | null;
}

export async function recordEvidence(ctx: AppContext, e: EvidenceInput, db: DB = ctx.db): Promise<string> {
  const id = newId();
  await db
    .insertInto('evidence')
    .values({
      id,
      account_id: e.accountId,
      method: e.method,
      source: e.source,
      level: e.level,
      result: e.result,
      reason: e.reason,
      input_fingerprint: e.inputFingerprint,
      verified_at: ctx.clock.now(),
      expires_at: e.expiresAt,
      revoked_at: null,
      reference: e.reference ?? null,
    })
    .execute();
  return id;
}

/** Revokes the account's unrevoked evidence of these methods (all methods when omitted); returns how many. */
export async function revokeEvidence(ctx: AppContext, accountId: string, methods?: readonly string[], db: DB = ctx.db): Promise<number> {
  let q = db.updateTable('evidence').set({ revoked_at: ctx.clock.now() }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
  if (methods) q = q.where('method', 'in', methods);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** For each method: its latest passing, unexpired, unrevoked evidence, if any. */
export async function verifiedMethods(ctx: AppContext, accountId: string): Promise<Map<string, { verifiedAt: Date; expiresAt: Date | null }>> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('evidence')
    .select(['method', 'verified_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('result', '=', 'pass')
    .where('revoked_at', 'is', null)
    .orderBy('verified_at', 'asc')
    .execute();
  const out = new Map<string, { verifiedAt: Date; expiresAt: Date | null }>();
  for (const r of rows) if (!r.expires_at || r.expires_at > now) out.set(r.method, { verifiedAt: r.verified_at, expiresAt: r.expires_at });
  return out;
}

