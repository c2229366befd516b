/**
 * Certificate challenges: random (256 bits), single use, 2 minutes at most, bound to the login flow
 * of the browser that asked (sign-in) or to the signed-in account (binding), and to Shenfen's
 * origin, which is part of what is signed — a signature made for a page of another origin does not
 * verify here, and the agent refuses to sign text naming an origin other than the page's.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { newId } from '../security/tokens.js';

export type ChallengePurpose = 'sign_in' | 'binding';

/** The name of the completion statement's CTE that uses the challenge up. */
export const CERT_USED = 'cert_used';

export interface Challenge {
  id: string;
  nonce: string;
  origin: string;
  purpose: ChallengePurpose;
  expiresAt: Date;
}

/**
 * The exact text the agent signs (UTF-8): it names Shenfen's origin, what the signature is for and
 * the nonce. The agent shows the origin and checks it against the page's before asking for the PIN.
 */
export const toBeSigned = (c: Pick<Challenge, 'origin' | 'purpose' | 'nonce'>) => `Shenfen certificate ${c.purpose}\norigin=${c.origin}\nchallenge=${c.nonce}\n`;

export async function issueChallenge(ctx: AppContext, purpose: ChallengePurpose, owner: { flowId: string } | { accountId: string }): Promise<Challenge> {
  const now = ctx.clock.now();
  const c: Challenge = { id: newId(), nonce: randomBytes(32).toString('base64url'), origin: ctx.config.publicOrigin, purpose, expiresAt: new Date(now.getTime() + ctx.config.certs.challengeSeconds * 1000) };
  await sql`
    insert into cert_challenges (id, flow_id, account_id, purpose, nonce, origin, created_at, expires_at)
    values (${c.id}, ${'flowId' in owner ? owner.flowId : null}, ${'accountId' in owner ? owner.accountId : null}, ${purpose}, ${c.nonce}, ${c.origin}, ${now}, ${c.expiresAt})`.execute(ctx.db);
  return c;
}

/** The challenge if it is this owner's, unused and unexpired; undefined otherwise (the caller refuses with cert.challenge_invalid). */
export async function liveChallenge(ctx: AppContext, id: string, purpose: ChallengePurpose, owner: { flowId: string } | { accountId: string }): Promise<Challenge | undefined> {
  const res = await sql<{ id: string; nonce: string; origin: string; expires_at: Date }>`
    select id, nonce, origin, expires_at from cert_challenges
    where id = ${id}::uuid and purpose = ${purpose} and used_at is null and expires_at > ${ctx.clock.now()}
      and ${'flowId' in owner ? sql`flow_id = ${owner.flowId}::uuid` : sql`account_id = ${owner.accountId}::uuid`}`.execute(ctx.db);
  const r = res.rows[0];
  // A challenge for another origin (the configuration changed since) is no challenge of this one.
  if (!r || r.origin !== ctx.config.publicOrigin) return undefined;
  return { id: r.id, nonce: r.nonce, origin: r.origin, purpose, expiresAt: new Date(r.expires_at) };
}

/** Uses the challenge up after a refusal (a challenge is tried once, whatever the outcome). */
export async function spendChallenge(ctx: AppContext, id: string): Promise<void> {
  await sql`update cert_challenges set used_at = ${ctx.clock.now()} where id = ${id}::uuid and used_at is null`.execute(ctx.db);
}

/** The CTE that uses the challenge up in a completion statement; returns its row only if it was still live. */
export const useChallengeCte = (ctx: AppContext, id: string) =>
  sql`${sql.id(CERT_USED)} as (update cert_challenges set used_at = ${ctx.clock.now()} where id = ${id}::uuid and used_at is null and expires_at > ${ctx.clock.now()} returning id)`;
