/**
 * When the bound phone changes, real-name evidence that vouched for the old number stops counting:
 * telecom three-element (name + ID + phone at the operator) and bank four-element (with the
 * bank-reserved phone). Revoked, not deleted, so the history stays; the level is re-derived.
 */
import type { AppContext } from '../../context.js';
import type { DB } from '../../store/db.js';
import { revokeEvidence } from './evidence.js';

export const PHONE_BOUND_METHODS = ['telecom3', 'bank4'] as const;

/** Revokes the account's unrevoked evidence of those methods; returns how many records. */
export const revokePhoneEvidence = (ctx: AppContext, accountId: string, db: DB = ctx.db): Promise<number> => revokeEvidence(ctx, accountId, PHONE_BOUND_METHODS, db);
