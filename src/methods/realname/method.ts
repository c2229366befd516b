/**
 * Real-name verification methods as strategies behind one small interface: the route never
 * branches on a method's name. Each method checks what the person typed against their registered
 * identity, asks an authority through a connector, and says which level a pass is evidence for.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { AssuranceLevel } from '../../domain/index.js';
import type { ErrorCode } from '../../shared/errors.js';

/** The registered identity of the person being verified (decrypted for the check only). */
export interface PersonIdentity {
  accountId: string;
  name: string;
  idType: string;
  idNumber: string;
}

export type Verdict =
  | { ok: true; source: string; fingerprint: string }
  | { ok: false; code: ErrorCode; source: string | null; reason: string; fingerprint: string | null };

export interface RealNameMethod<I = unknown> {
  /** Stable id, used in the API path and in evidence records. */
  id: string;
  level: AssuranceLevel;
  /** How long a pass counts before the person must verify again (null: until revoked). */
  validityDays: number | null;
  /** ID types the method can check. */
  idTypes: readonly string[];
  input: z.ZodType<I>;
  verify(ctx: AppContext, person: PersonIdentity, input: I): Promise<Verdict>;
}
