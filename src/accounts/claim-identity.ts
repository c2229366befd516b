/**
 * A person registered by phone (seed 002 §2.1) has no ID yet; their first real-name check by a
 * method that takes name + resident ID number is also how the identity gets on the person.
 * The typed identity is checked like any other; only a pass writes it, and an ID already on
 * another account is refused before any authority is asked.
 */
import type { AppContext } from '../context.js';
import { validateResidentId } from '../domain/index.js';
import { AppError, assertThat } from '../shared/app-error.js';
import type { PersonIdentity } from '../methods/realname/method.js';
import { HASH_KIND } from './accounts.js';

/** The identity a person without an ID asks to be verified; throws when the method cannot take one. */
export async function identityToClaim(ctx: AppContext, accountId: string, methodIdTypes: readonly string[], input: unknown): Promise<PersonIdentity> {
  const typed = input as { name?: unknown; idNumber?: unknown };
  assertThat(methodIdTypes.includes('resident_id') && typeof typed.name === 'string' && typeof typed.idNumber === 'string', 'realname.not_applicable');
  const id = validateResidentId(typed.idNumber, ctx.clock.now());
  if (!id.ok) throw new AppError(id.code, { idNumber: id.code });
  const hash = ctx.vault.lookupHash(HASH_KIND.idNumber, id.value.number);
  const taken = await ctx.db.selectFrom('persons').select('account_id').where('id_number_hash', '=', hash).where('account_id', '!=', accountId).executeTakeFirst();
  if (taken) throw new AppError('id_number.taken', { idNumber: 'id_number.taken' });
  return { accountId, name: typed.name, idType: 'resident_id', idNumber: id.value.number };
}

/** Writes a verified identity on a person that had none (never overwrites one). */
export async function recordClaimedIdentity(ctx: AppContext, person: PersonIdentity): Promise<void> {
  try {
    await ctx.db
      .updateTable('persons')
      .set({
        name: person.name,
        id_type: person.idType,
        id_number_enc: ctx.vault.encrypt(person.idNumber),
        id_number_hash: ctx.vault.lookupHash(HASH_KIND.idNumber, person.idNumber),
      })
      .where('account_id', '=', person.accountId)
      .where('id_number_hash', 'is', null)
      .execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('id_number.taken', { idNumber: 'id_number.taken' });
    throw err;
  }
}
