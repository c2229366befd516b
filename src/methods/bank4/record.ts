/** The bank four-element record of a recovery flow (银行卡验证: name, card, reserved phone, then an SMS code). */
import type { BankVerifiedIdentity } from '../../accounts/bank-identity.js';
import type { RecordBase } from '../record-base.js';

export const METHOD = 'bank4';

/** `tries` counts the four-element checks (code requests) made in this flow. */
export interface Bank4Record extends RecordBase<typeof METHOD> {
  /** The reserved phone typed, the code is for (encrypted). Absent until a code was asked for. */
  destinationEnc?: string;
  /** The number of the check still running after its answer (ctx.background); absent once it ended. */
  pendingCheck?: number;
  /** What a passing four-element check proved (sealed): the reset makes it the account's. */
  matched?: BankVerifiedIdentity;
}

