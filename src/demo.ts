/** Demo data for `npm start`: a person, a service-hall staff member and an org with known credentials, printed at start. */
import { HASH_KIND, normaliseUsername } from './accounts/accounts.js';
import { insertPerson } from './accounts/create-person.js';
import type { AppContext } from './context.js';
import { seedSandboxEnterprises } from './connectors/enterprise/sandbox.js';
import { setSandboxPortrait } from './connectors/face/sandbox.js';
import { fixedSandboxEnterprises } from './connectors/enterprise/generator.js';
import { setStaff } from './methods/realname/counter.js';
import { registerOrg } from './orgs/register.js';
import { seedDemoRetirees } from './pension/sandbox.js';

export const DEMO_PERSON = {
  username: 'zhangsan',
  password: 'Gd#Renshe2026',
  name: '张三',
  idType: 'resident_id',
  // A valid GB 11643 number (check digit X) for a made-up person born 1949-12-31.
  idNumber: '11010519491231002X',
  phone: '18512340901',
} as const;

/** Service-hall staff (办事大厅工作人员): records counter checks at /account/staff and reviews org recovery requests. */
export const DEMO_STAFF = {
  username: 'guitai',
  password: 'Gt#Renshe2026',
  name: '王柜台',
  idType: 'resident_id',
  idNumber: '44010619820315001X',
  phone: '18512340902',
} as const;

/** An org registered by the demo person as its agent, from the enterprise registry sandbox. */
export const DEMO_ORG = { username: 'shilikeji', password: 'Org#Renshe2026' } as const;

/**
 * Creates the demo data unless the demo person exists; returns whether it was created. The demo
 * person's phone is verified, so SMS login works (codes at /dev/sms-outbox).
 */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  // The enterprise registry sandbox, so an org can be registered in the demo (docs/orgs.md).
  await seedSandboxEnterprises(ctx, { count: 20 });
  // The sandbox face registry holds a portrait for the demo person (the built-in person a), so
  // 人脸识别认证 and 刷脸认证找回 can be tried: show that photo to the camera (docs/face.md).
  await setSandboxPortrait(ctx, DEMO_PERSON, 'a');
  // 个人年度资格认证 (issue 14): zhangsan and three sandbox retirees, printed at start (src/cli.ts).
  await seedDemoRetirees(ctx, DEMO_PERSON);
  const exists = await ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(DEMO_PERSON.username)).executeTakeFirst();
  if (exists) return false;
  const personId = await insertDemoPerson(ctx, DEMO_PERSON);
  await insertDemoPerson(ctx, DEMO_STAFF);
  await setStaff(ctx, DEMO_STAFF.username, true, 'demo');
  const company = fixedSandboxEnterprises()[0]!;
  await registerOrg(ctx, personId, { uscc: company.uscc, name: company.name, legalRepName: company.legalRepName, legalRepIdNumber: company.legalRepIdNumber, ...DEMO_ORG }, null);
  return true;
}

async function insertDemoPerson(ctx: AppContext, p: typeof DEMO_PERSON | typeof DEMO_STAFF): Promise<string> {
  const passwordHash = await ctx.passwords.hash(p.password);
  const id = await ctx.db.transaction().execute((tx) =>
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
  await ctx.db.updateTable('persons').set({ phone_verified_at: ctx.clock.now() }).where('account_id', '=', id).execute();
  return id;
}
