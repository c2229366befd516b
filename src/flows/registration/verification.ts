/**
 * The seam where registration proves identity before the account exists. Today the declared
 * identity (format and check digit valid) gives L2 evidence; the real-name issue plugs in
 * authoritative checks (ID two-element, bank four-element for the Shenzhen manner) here.
 */
import type { AssuranceLevel } from '../../domain/index.js';
import type { ErrorCode } from '../../shared/errors.js';

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

export interface RegistrationVerifier {
  /** Evidence to store with the new account, or an error code that sends the user back a step. */
  verify(claim: IdentityClaim): Promise<{ ok: true; evidence: EvidenceDraft[] } | { ok: false; code: ErrorCode }>;
}

/** L2: the person declared a well-formed identity; nothing authoritative was asked. */
export const declaredIdentity: RegistrationVerifier = {
  async verify() {
    return { ok: true, evidence: [{ method: 'declared_identity', source: 'self', level: 'L2', inputFingerprint: null, expiresAt: null }] };
  },
};
