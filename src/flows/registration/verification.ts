/**
 * The seam where registration proves identity before the account exists. By default the declared
 * identity (format and check digit valid) gives L2 evidence; with `registrationCheck: 'bank4'`
 * (the Shenzhen manner, seed 001) step 3 asks UnionPay's four-element check and refuses with the
 * seed's two messages, sending the person back to fix the data ('上一步').
 */
import { audit } from '../../audit/audit.js';
import { addMinutes, type AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import { saveBankCard } from '../../methods/realname/bank-card.js';
import { hit } from '../../security/rate-limit.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { DB } from '../../store/db.js';

export interface IdentityClaim {
  name: string;
  idType: string;
  idNumber: string;
  phone: string;
}

export interface EvidenceDraft {
  method: string;
  source: string;
  level: AssuranceLevel;
  inputFingerprint: string | null;
  expiresAt: Date | null;
}

export type RegistrationVerdict =
  | {
      ok: true;
      evidence: EvidenceDraft[];
      /** Written in the account's transaction once it exists (e.g. the verified bank card and phone). */
      persist?: (tx: DB, accountId: string) => Promise<void>;
    }
  | { ok: false; code: ErrorCode };

export interface RegistrationVerifier {
  /** Evidence to store with the new account, or an error code that sends the user back a step. */
  verify(claim: IdentityClaim): Promise<RegistrationVerdict>;
}

const declared: EvidenceDraft = { method: 'declared_identity', source: 'self', level: 'L2', inputFingerprint: null, expiresAt: null };

/** L2: the person declared a well-formed identity; nothing authoritative was asked. */
export const declaredIdentity: RegistrationVerifier = {
  async verify() {
    return { ok: true, evidence: [declared] };
  },
};

/**
 * The Shenzhen manner: the bank card and the bank-reserved phone (already proven by an SMS code
 * bound to the flow) are checked with UnionPay against the declared name and ID number. A pass is
 * bank4 evidence (L4); the card and the phone become the account's.
 */
export function bankFourElementsAtRegistration(ctx: AppContext, bank: { cardNumber: string; phone: string; ip: string; phoneHash: string }): RegistrationVerifier {
  return {
    async verify(claim) {
      const idHash = ctx.vault.lookupHash('id_number', claim.idNumber);
      await hit(ctx, 'realNamePerIp', bank.ip);
      await hit(ctx, 'realNamePerAccount', `registration:${idHash}`);
      const answer = await ctx.realName.bankCard.checkFourElements({ name: claim.name, idNumber: claim.idNumber, cardNumber: bank.cardNumber, phone: bank.phone });
      const fingerprint = ctx.vault.lookupHash('realname:bank4', `${claim.idNumber}\0${bank.cardNumber}\0${bank.phone}`);
      await audit(ctx.db, {
        at: ctx.clock.now(),
        actor: 'anonymous',
        event: 'registration.bank4',
        result: answer.outcome === 'match' ? 'success' : 'failure',
        ip: bank.ip,
        detail: { outcome: answer.outcome, source: answer.source, fingerprint: fingerprint.slice(0, 16), ...(answer.reference ? { reference: answer.reference } : {}) },
      });
      if (answer.outcome === 'unavailable') return { ok: false, code: 'realname.unavailable' };
      if (answer.outcome === 'phone_mismatch') return { ok: false, code: 'realname.bank_phone_mismatch' };
      if (answer.outcome !== 'match') return { ok: false, code: 'realname.bank_mismatch' };
      const now = ctx.clock.now();
      return {
        ok: true,
        evidence: [declared, { method: 'bank4', source: answer.source, level: 'L4', inputFingerprint: fingerprint, expiresAt: addMinutes(now, 365 * 24 * 60) }],
        persist: async (tx, accountId) => {
          await saveBankCard(ctx, tx, accountId, bank.cardNumber, bank.phone);
          // The phone the code reached is the account's phone from now on, proven — unless it is
          // already another account's verified phone (one person's only, migration 0011): then it
          // is kept unverified, as a declared phone is, and the person can bind another later.
          const holder = await tx
            .selectFrom('persons')
            .select('account_id')
            .where('phone_hash', '=', bank.phoneHash)
            .where('phone_verified_at', 'is not', null)
            .where('account_id', '!=', accountId)
            .executeTakeFirst();
          await tx
            .updateTable('persons')
            .set({ phone_enc: ctx.vault.encrypt(bank.phone), phone_hash: bank.phoneHash, phone_verified_at: holder ? null : now })
            .where('account_id', '=', accountId)
            .execute();
        },
      };
    },
  };
}
