/** Request schemas shared by the org routes. */
import { z } from 'zod';
import { validateResidentId, validateUscc } from '../../domain/index.js';
import { text } from '../validate.js';

export const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,19}$/;
const NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•.\- ]{0,48}[\p{Script=Han}A-Za-z.]$/u;
const ORG_NAME = /^[\p{Script=Han}A-Za-z0-9()（）·\-. ]{2,100}$/u;

export const PersonName = text(50, 'name.invalid').pipe(z.string().regex(NAME, 'name.invalid'));
export const OrgName = text(100, 'org.name_invalid').pipe(z.string().regex(ORG_NAME, 'org.name_invalid'));

/** A resident ID number, normalised; the domain's error code on failure. */
export const ResidentIdNumber = text(32, 'id_number.format').transform((raw, c) => {
  const r = validateResidentId(raw);
  if (r.ok) return r.value.number;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});

export const Uscc = text(32, 'uscc.format').transform((raw, c) => {
  const r = validateUscc(raw);
  if (r.ok) return r.value.code;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});

export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'request.not_found');
export const IdParams = z.strictObject({ id: Uuid });
export const Password = z.string('password.too_short').max(256, 'password.too_long');
