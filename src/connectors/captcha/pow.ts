/**
 * The proof of work that goes with every captcha (docs/captcha.md): find the number n ≤ maxnumber
 * with SHA-256(salt + n) = challenge — the ALTCHA challenge format, so any ALTCHA solver works; the
 * SPA solves it in a worker while the person types (web/src/lib/pow.ts).
 *
 * Nothing is stored for it: salt and n are keyed MACs of the captcha as the flow stores it (its
 * digest and expiry), so a challenge belongs to one captcha of one flow, dies with it when the
 * captcha is used up (whatever the answer), and the check is a comparison with a number derived
 * from the row the captcha step reads anyway — no extra statement, no signature to verify. That is
 * why altcha-lib's stateless createChallenge/verifySolution (HMAC-signed, replayable until expiry
 * unless one keeps a list of used ones) are not used: the flow row already gives single use.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { PowChallenge } from '../../shared/pow.js';


/** Stored captcha digests of the accessible captcha start with this; image ones are plain MACs. */
export const ACCESSIBLE_PREFIX = 'a11y:';

export const isAccessible = (captchaHash: string) => captchaHash.startsWith(ACCESSIBLE_PREFIX);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The challenge of a stored captcha and its solution. */
export function powOf(ctx: AppContext, flowId: string, captchaHash: string, expiresAt: Date): { challenge: PowChallenge; number: number } {
  const accessible = isAccessible(captchaHash);
  const maxnumber = accessible ? ctx.config.captcha.accessiblePowMax : ctx.config.captcha.powMax;
  const seed = `${flowId}:${captchaHash}:${expiresAt.getTime()}`;
  const salt = ctx.vault.mac('captcha-pow-salt', seed).slice(0, 22);
  const number = Buffer.from(ctx.vault.mac('captcha-pow-number', seed), 'base64url').readUIntBE(0, 6) % (maxnumber + 1);
  return {
    challenge: { algorithm: 'SHA-256', challenge: sha256(salt + number), salt, maxnumber, flowId, ...(accessible ? { accessible: true as const } : {}) },
    number,
  };
}

/** Solves a challenge by trying every number (tests, and the cost measured in bench/captcha.ts). */
export function solvePow(c: Pick<PowChallenge, 'challenge' | 'salt' | 'maxnumber'>): number | undefined {
  for (let n = 0; n <= c.maxnumber; n++) if (sha256(c.salt + n) === c.challenge) return n;
  return undefined;
}
