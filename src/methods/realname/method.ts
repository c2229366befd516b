/**
 * Real-name verification methods as strategies behind one small interface: the route never
 * branches on a method's name. Each method checks what the person typed against their registered
 * identity, asks an authority through a connector, and says which level a pass is evidence for.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { DB } from '../../store/db.js';
import type { Method } from '../registry.js';

/** The registered identity of the person being verified (decrypted for the check only). */
export interface PersonIdentity {
  accountId: string;
  name: string;
  idType: string;
  idNumber: string;
}

/** What earlier steps proved: the phone an SMS code reached, for methods with an SMS step. */
export interface MethodProof {
  phone?: string;
  /** The request's IP, for what a method audits itself (face attempts). */
  ip?: string;
}

export type Verdict =
  | { ok: true; source: string; fingerprint: string; reference?: string }
  | { ok: false; code: ErrorCode; source: string | null; reason: string; fingerprint: string | null; reference?: string };

/**
 * How the person proves it:
 * - `form`: one form, checked at once (ID card);
 * - `sms_form`: first an SMS code ('获取短信验证码'), then the form (bank card, social security …);
 * - `redirect`: authorisation at a provider that sends the person back (Alipay);
 * - `capture`: a guided face capture checked on the server (face: ./face.ts);
 * - `counter`: recorded by staff at a service-hall counter;
 * - `coming_soon`: listed, not yet offered.
 */
export type MethodKind = 'form' | 'sms_form' | 'redirect' | 'capture' | 'counter' | 'coming_soon';

export interface RealNameMethod<I = unknown> {
  /** Stable id, used in the API path and in evidence records. */
  id: string;
  level: AssuranceLevel;
  kind: MethodKind;
  /** For `sms_form`: the code goes to the account's phone, or to the phone the method checks (typed in step 1). */
  smsTo?: 'account_phone' | 'checked_phone';
  /** How long a pass counts before the person must verify again (null: until revoked). */
  validityDays: number | null;
  /** ID types the method can check. */
  idTypes: readonly string[];
  input: z.ZodType<I>;
  /** Whether this deployment offers the method (e.g. Alipay configured); listed as coming otherwise. */
  available?(ctx: AppContext): boolean;
  verify(ctx: AppContext, person: PersonIdentity, input: I, proof: MethodProof): Promise<Verdict>;
  /** Written in the same transaction as a passing evidence record (e.g. the verified bank card). */
  afterPass?(ctx: AppContext, tx: DB, person: PersonIdentity, input: I, proof: MethodProof): Promise<void>;
}

/** Mainland resident ID and the HK/Macau/Taiwan residence permit: what the authorities can check. */
export const CHECKABLE_ID_TYPES = ['resident_id', 'hmt_residence_permit'] as const;

/** A real-name method as the registry holds it (src/methods/registry.ts): with the strategy the real-name routes run. */
export interface RealNameRegistryMethod extends Method {
  /** The strategy the real-name routes run (verify, level, validity). */
  realName: RealNameMethod<any>;
}
