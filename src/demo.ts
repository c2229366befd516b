/** Demo data for `npm start`: one person with known credentials, printed at start. */
import { HASH_KIND, normaliseUsername } from './accounts/accounts.js';
import { insertPerson } from './accounts/create-person.js';
import type { AppContext } from './context.js';
import { seedSandboxEnterprises } from './connectors/enterprise/sandbox.js';

export const DEMO_PERSON = {
  username: 'zhangsan',
  password: 'Gd#Renshe2026',
  name: '张三',
  idType: 'resident_id',
  // A valid GB 11643 number (check digit X) for a made-up person born 1949-12-31.
  idNumber: '11010519491231002X',
  phone: '18512340901',
} as const;

/** Creates the demo person unless it exists; returns whether it was created. */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  const p = DEMO_PERSON;
  // The enterprise registry sandbox, so an org can be registered in the demo (docs/orgs.md).
  await seedSandboxEnterprises(ctx, { count: 20 });
  const exists = await ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(p.username)).executeTakeFirst();
  if (exists) return false;
  const passwordHash = await ctx.passwords.hash(p.password);
  await ctx.db.transaction().execute((tx) =>
    insertPerson(ctx, tx, {
      username: p.username,
      passwordHash,
      name: p.name,
      idType: p.idType,
      idNumberEnc: ctx.vault.encrypt(p.idNumber),
      idNumberHash: ctx.vault.lookupHash(HASH_KIND.idNumber, p.idNumber),
      phoneEnc: ctx.vault.encrypt(p.phone),
      phoneHash: ctx.vault.lookupHash(HASH_KIND.phone, p.phone),
      evidence: [{ method: 'declared_identity', source: 'self', level: 'L2', inputFingerprint: null, expiresAt: null }],
    }),
  );
  return true;
}
