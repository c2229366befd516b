/** Writes a new person account with its password and evidence; the caller supplies the transaction. */
import type { AppContext } from '../context.js';
import type { EvidenceDraft } from '../flows/registration/verification.js';
import { newId } from '../security/tokens.js';
import type { DB } from '../store/db.js';
import { normaliseUsername } from './accounts.js';

export interface NewPerson {
  username: string;
  passwordHash: string;
  name: string;
  idType: string;
  /** Already encrypted / hashed by the vault. */
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string;
  phoneHash: string;
  evidence: EvidenceDraft[];
}

export async function insertPerson(ctx: AppContext, tx: DB, p: NewPerson): Promise<string> {
  const now = ctx.clock.now();
  const accountId = newId();
  await tx
    .insertInto('accounts')
    .values({ id: accountId, kind: 'person', username: p.username, username_norm: normaliseUsername(p.username), display_name: p.name, created_at: now, updated_at: now })
    .execute();
  await tx
    .insertInto('persons')
    .values({
      account_id: accountId,
      name: p.name,
      id_type: p.idType,
      id_number_enc: p.idNumberEnc,
      id_number_hash: p.idNumberHash,
      phone_enc: p.phoneEnc,
      phone_hash: p.phoneHash,
      phone_verified_at: null,
    })
    .execute();
  await tx.insertInto('password_credentials').values({ account_id: accountId, hash: p.passwordHash, updated_at: now }).execute();
  if (p.evidence.length > 0) {
    await tx
      .insertInto('evidence')
      .values(
        p.evidence.map((e) => ({
          id: newId(),
          account_id: accountId,
          method: e.method,
          source: e.source,
          level: e.level,
          result: 'pass' as const,
          reason: null,
          input_fingerprint: e.inputFingerprint,
          verified_at: now,
          expires_at: e.expiresAt,
          revoked_at: null,
        })),
      )
      .execute();
  }
  return accountId;
}
