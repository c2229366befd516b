/** 身份证实名认证 (seed 002 §2.9.1.1): name + resident ID number checked with the public-security source (L3). */
import { z } from 'zod';
import { validateResidentId } from '../../domain/index.js';
import { text } from '../../http/validate.js';
import type { RealNameMethod } from './method.js';

export const idCard: RealNameMethod<{ name: string; idNumber: string }> = {
  id: 'id_card',
  level: 'L3',
  kind: 'form',
  validityDays: 365,
  idTypes: ['resident_id'],
  input: z.strictObject({ name: text(50, 'name.invalid').pipe(z.string().min(1, 'name.invalid')), idNumber: text(32, 'id_number.format') }),

  async verify(ctx, person, input) {
    const typed = validateResidentId(input.idNumber, ctx.clock.now());
    const fingerprint = ctx.vault.lookupHash('realname:id_card', `${person.name}\0${person.idNumber}`);
    // Only the person's own registered identity can be verified for this account.
    if (!typed.ok || typed.value.number !== person.idNumber || input.name !== person.name) {
      return { ok: false, code: 'realname.identity_differs', source: null, reason: 'differs_from_registration', fingerprint: null };
    }
    const answer = await ctx.realName.publicSecurity.checkIdentity({ name: person.name, idNumber: person.idNumber });
    if (answer.outcome === 'match') return { ok: true, source: answer.source, fingerprint };
    if (answer.outcome === 'unavailable') return { ok: false, code: 'realname.unavailable', source: answer.source, reason: 'unavailable', fingerprint };
    // Mismatch, unknown and deceased get one answer: the check says no more than the authority would.
    return { ok: false, code: 'realname.id_mismatch', source: answer.source, reason: answer.outcome, fingerprint };
  },
};
