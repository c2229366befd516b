/**
 * 办事大厅现场认证 (seed 002 §2.9.1.9): a staff member at a service-hall counter looks the person
 * up by ID number, checks the document in hand, and records the check — L5 evidence, kept with
 * who checked, where, and which document (masked). Staff are accounts with the `staff` role,
 * granted by the CLI (`shenfen staff grant <username>`).
 */
import { HASH_KIND, assuranceLevel, normaliseUsername } from '../../accounts/accounts.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskIdNumber, normaliseIdInput } from '../../domain/index.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { hit } from '../../security/rate-limit.js';
import { assertNotConcerned } from '../../staff/four-eyes.js';
import { completeRealName, realNameOutcome } from './complete.js';
import { verifiedMethods } from './evidence.js';
import { counter } from './not-online.js';

export async function isStaff(ctx: AppContext, accountId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('staff_roles').select('role').where('account_id', '=', accountId).executeTakeFirst();
  return row?.role === 'staff';
}

export async function requireStaff(ctx: AppContext, accountId: string): Promise<void> {
  assertThat(await isStaff(ctx, accountId), 'staff.required');
}

/** Grants or revokes the staff role by username (CLI); returns false for an unknown username. */
export async function setStaff(ctx: AppContext, username: string, grant: boolean, by: string): Promise<boolean> {
  const account = await ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(username)).where('kind', '=', 'person').executeTakeFirst();
  if (!account) return false;
  if (grant) {
    await ctx.db.insertInto('staff_roles').values({ account_id: account.id, role: 'staff', granted_at: ctx.clock.now(), granted_by: by }).onConflict((oc) => oc.column('account_id').doNothing()).execute();
  } else {
    await ctx.db.deleteFrom('staff_roles').where('account_id', '=', account.id).execute();
  }
  await audit(ctx.db, { at: ctx.clock.now(), actor: by, event: grant ? 'staff.granted' : 'staff.revoked', result: 'success', subject: account.id });
  return true;
}

export async function listStaff(ctx: AppContext) {
  return ctx.db.selectFrom('staff_roles').innerJoin('accounts', 'accounts.id', 'staff_roles.account_id').select(['accounts.username', 'staff_roles.granted_at']).orderBy('accounts.username').execute();
}

/** The person a document number names, as the counter page shows them (ID masked). */
export async function lookUpPerson(ctx: AppContext, staffId: string, idNumber: string, ip: string) {
  await requireStaff(ctx, staffId);
  const hash = ctx.vault.lookupHash(HASH_KIND.idNumber, normaliseIdInput(idNumber));
  const rows = await ctx.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.id', 'persons.account_id')
    .select(['accounts.id', 'accounts.username', 'accounts.status', 'persons.name', 'persons.id_type', 'persons.id_number_enc'])
    .where('persons.id_number_hash', '=', hash)
    .execute();
  await audit(ctx.db, { at: ctx.clock.now(), actor: staffId, event: 'staff.lookup', result: rows.length ? 'success' : 'failure', ip, detail: { idNumber: maskIdNumber(normaliseIdInput(idNumber)) } });
  assertThat(rows.length > 0, 'staff.person_not_found');
  return Promise.all(
    rows.map(async (r) => ({
      accountId: r.id,
      username: r.username,
      name: r.name,
      idType: r.id_type,
      idNumberMasked: r.id_number_enc ? maskIdNumber(ctx.vault.decrypt(r.id_number_enc)) : '',
      status: r.status,
      assuranceLevel: await assuranceLevel(ctx, r.id),
      counterVerified: (await verifiedMethods(ctx, r.id)).has(counter.id),
    })),
  );
}

export interface CounterCheck {
  accountId: string;
  /** The document the staff member held: its type and number as read from it. */
  documentType: string;
  documentNumber: string;
  /** The service hall (办事大厅) where the check happened. */
  place: string;
}

/** Records a counter check: the document read must be the person's registered one. Evidence and details in one transaction. */
export async function recordCounterCheck(ctx: AppContext, staffId: string, check: CounterCheck, ip: string) {
  await requireStaff(ctx, staffId);
  // Four eyes: not for oneself, under any of one's accounts.
  await assertNotConcerned(ctx, staffId, { accountIds: [check.accountId] });
  const person = await ctx.db.selectFrom('persons').select(['name', 'id_type', 'id_number_enc']).where('account_id', '=', check.accountId).executeTakeFirst();
  assertThat(person, 'staff.person_not_found');
  // A person registered by phone has no ID on the account yet: nothing to compare the document with.
  assertThat(person.id_number_enc !== null && person.id_type !== null, 'realname.not_applicable');
  await hit(ctx, 'realNamePerAccount', check.accountId);
  const registered = ctx.vault.decrypt(person.id_number_enc);
  const read = normaliseIdInput(check.documentNumber);
  const now = ctx.clock.now();
  const staff = await ctx.db.selectFrom('accounts').select('username').where('id', '=', staffId).executeTakeFirstOrThrow();
  const matches = read === registered && check.documentType === person.id_type;
  const fingerprint = ctx.vault.lookupHash('realname:counter', `${registered}\0${check.documentType}`);
  // The actor is the staff account; its username stays out of the append-only log, which erasure cannot touch.
  const detail = { place: check.place, documentType: check.documentType, document: maskIdNumber(read) };
  if (!matches) {
    await audit(ctx.db, { at: now, actor: staffId, event: 'realname.counter', result: 'failure', ip, subject: check.accountId, detail: { ...detail, reason: 'document_mismatch' } });
    throw new AppError('staff.document_mismatch', { documentNumber: 'staff.document_mismatch' });
  }
  await ctx.db.transaction().execute(async (tx) => {
    const evidenceId = await completeRealName(ctx, realNameOutcome(ctx, check.accountId, counter, { ok: true, source: `counter:${staff.username}`, fingerprint }), tx);
    await tx
      .insertInto('counter_checks')
      .values({ evidence_id: evidenceId, staff_account_id: staffId, place: check.place, document_type: check.documentType, document_number_masked: maskIdNumber(read), checked_at: now })
      .execute();
  });
  await audit(ctx.db, { at: now, actor: staffId, event: 'realname.counter', result: 'success', ip, subject: check.accountId, detail });
  return { accountId: check.accountId, assuranceLevel: await assuranceLevel(ctx, check.accountId) };
}
