/**
 * Sub-accounts (子账号): the org adds a person by name and ID number and sends a binding request
 * (新增 / 发起绑定); the person accepts or declines in their account centre; 解除绑定 ends it at
 * once; 授权 sets the business systems the sub-account may use for the org, each with an optional
 * end. The invitation is kept by name + ID hash and linked to an account only on acceptance, so
 * the org learns nothing about whether the person has an account.
 */
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { maskIdNumber } from '../domain/index.js';
import { normaliseName } from '../connectors/realname/authority.js';
import { AppError, assertThat } from '../shared/app-error.js';
import { newId } from '../security/tokens.js';
import type { DB } from '../store/db.js';
import type { OrgRole } from '../store/schema.js';
import { assertManager, type OrgActor } from './access.js';
import { endActingSessions } from './acting.js';
import { idNumberHash } from './orgs.js';
import { isUniqueViolation } from '../store/unique.js';

export const MAX_ADMINS = 5;

/** Locks the org row so concurrent role changes count administrators one at a time. */
const lockOrg = (tx: DB, orgId: string) => sql`select 1 from orgs where account_id = ${orgId} for update`.execute(tx);

async function adminCount(tx: DB, orgId: string, exceptMemberId?: string): Promise<number> {
  let q = tx.selectFrom('org_members').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).where('role', '=', 'admin').where('status', 'in', ['pending', 'active']);
  if (exceptMemberId) q = q.where('id', '!=', exceptMemberId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function listMembers(ctx: AppContext, orgId: string) {
  const rows = await ctx.db
    .selectFrom('org_members')
    .select(['id', 'invitee_name', 'invitee_id_enc', 'role', 'status', 'invited_at', 'responded_at', 'ended_at'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['pending', 'active', 'declined'])
    .orderBy('invited_at')
    .execute();
  const grants = rows.length
    ? await ctx.db
        .selectFrom('org_grants')
        .innerJoin('business_systems', 'business_systems.id', 'org_grants.business_system_id')
        .select(['org_grants.member_id', 'business_systems.id', 'business_systems.name', 'org_grants.expires_at'])
        .where('org_grants.member_id', 'in', rows.map((r) => r.id))
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.invitee_name,
    idNumberMasked: maskIdNumber(ctx.vault.decrypt(r.invitee_id_enc)),
    role: r.role,
    status: r.status,
    invitedAt: r.invited_at.toISOString(),
    respondedAt: r.responded_at?.toISOString() ?? null,
    grants: grants.filter((g) => g.member_id === r.id).map((g) => ({ systemId: g.id, name: g.name, expiresAt: g.expires_at?.toISOString() ?? null })),
  }));
}

/** 新增 + 发起绑定. Returns the new member's id; the answer to the org is the same whether or not the person exists. */
export async function inviteMember(ctx: AppContext, actor: OrgActor, input: { name: string; idNumber: string; role: 'admin' | 'agent' }, ip: string | null): Promise<string> {
  assertManager(actor);
  const hash = idNumberHash(ctx, input.idNumber);
  const org = await ctx.db.selectFrom('orgs').select('legal_rep_id_hash').where('account_id', '=', actor.orgId).executeTakeFirstOrThrow();
  const role: OrgRole = org.legal_rep_id_hash === hash ? 'legal_rep' : input.role;
  const id = newId();
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await lockOrg(tx, actor.orgId);
      if (role === 'admin' && (await adminCount(tx, actor.orgId)) >= MAX_ADMINS) throw new AppError('org.admins_full', { role: 'org.admins_full' });
      await tx
        .insertInto('org_members')
        .values({
          id,
          org_id: actor.orgId,
          person_id: null,
          invitee_name: normaliseName(input.name),
          invitee_id_hash: hash,
          invitee_id_enc: ctx.vault.encrypt(input.idNumber.trim().toUpperCase()),
          role,
          status: 'pending',
          invited_by: actor.actorId,
          invited_at: now,
          responded_at: null,
          ended_at: null,
          end_reason: null,
        })
        .execute();
      await tx.insertInto('audit_log').values({ at: now, actor: actor.actorId, event: 'org.member_invite', result: 'success', ip, subject: actor.orgId, detail: JSON.stringify({ memberId: id, role }) }).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err, 'org_members_live')) throw new AppError('org.already_member');
    throw err;
  }
  return id;
}

async function personIdentity(ctx: AppContext, personId: string) {
  return ctx.db.selectFrom('persons').select(['name', 'id_number_hash']).where('account_id', '=', personId).executeTakeFirstOrThrow();
}

/** Binding requests waiting for this person (matched by ID number and name). */
export async function invitationsFor(ctx: AppContext, personId: string) {
  const me = await personIdentity(ctx, personId);
  // A person registered by phone has no ID yet: no request can name them until they verify one.
  const { id_number_hash: idHash, name } = me;
  if (idHash === null || name === null) return [];
  const rows = await ctx.db
    .selectFrom('org_members')
    .innerJoin('orgs', 'orgs.account_id', 'org_members.org_id')
    .select(['org_members.id', 'org_members.invitee_name', 'org_members.role', 'org_members.invited_at', 'orgs.uscc', 'orgs.name'])
    .where('org_members.invitee_id_hash', '=', idHash)
    .where('org_members.status', '=', 'pending')
    .orderBy('org_members.invited_at')
    .execute();
  return rows
    .filter((r) => r.invitee_name === normaliseName(name))
    .map((r) => ({ id: r.id, orgName: r.name, uscc: r.uscc, role: r.role, invitedAt: r.invited_at.toISOString() }));
}

/** The person accepts or declines a binding request addressed to them. */
export async function respondToInvitation(ctx: AppContext, personId: string, memberId: string, accept: boolean, ip: string | null): Promise<void> {
  const me = await personIdentity(ctx, personId);
  assertThat(me.id_number_hash !== null && me.name !== null, 'org.invitation_not_found');
  const row = await ctx.db
    .selectFrom('org_members')
    .select(['id', 'org_id', 'invitee_name'])
    .where('id', '=', memberId)
    .where('invitee_id_hash', '=', me.id_number_hash)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  assertThat(row && row.invitee_name === normaliseName(me.name), 'org.invitation_not_found');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('org_members')
      .set(accept ? { status: 'active', person_id: personId, responded_at: now } : { status: 'declined', responded_at: now })
      .where('id', '=', memberId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    assertThat(Number(res.numUpdatedRows) === 1, 'org.invitation_not_found');
    await audit(tx, { at: now, actor: personId, event: accept ? 'org.member_accept' : 'org.member_decline', result: 'success', ip, subject: row.org_id, detail: { memberId } });
  });
}

/** Ends a binding (解除绑定 by the org, or the person leaving): grants go, acting sessions end, at once. */
export async function endMembership(ctx: AppContext, by: { actorId: string; orgId?: string; personId?: string; isOrgAccount?: boolean }, memberId: string, reason: 'unbound' | 'left', ip: string | null): Promise<void> {
  let q = ctx.db.selectFrom('org_members').select(['id', 'org_id', 'person_id', 'role', 'status']).where('id', '=', memberId).where('status', 'in', ['pending', 'active']);
  if (by.orgId) q = q.where('org_id', '=', by.orgId);
  if (by.personId) q = q.where('person_id', '=', by.personId);
  const m = await q.executeTakeFirst();
  assertThat(m, by.personId ? 'org.not_member' : 'org.member_not_found');
  // The legal representative's binding follows the register: only the org account itself may end it.
  assertThat(m.role !== 'legal_rep' || by.isOrgAccount || reason === 'left', 'org.legal_rep_fixed');
  const now = ctx.clock.now();
  const acting = await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('org_members').set({ status: 'ended', ended_at: now, end_reason: reason }).where('id', '=', memberId).where('status', 'in', ['pending', 'active']).executeTakeFirst();
    // Ended meanwhile (the org and the person at once): once is enough.
    assertThat(Number(res.numUpdatedRows) === 1, by.personId ? 'org.not_member' : 'org.member_not_found');
    await tx.deleteFrom('org_grants').where('member_id', '=', memberId).execute();
    const acting = m.person_id ? await endActingSessions(ctx, tx, m.person_id, m.org_id, `org_${reason}`) : undefined;
    const sessions = acting?.sessions ?? 0;
    await tx
      .insertInto('audit_log')
      .values({ at: now, actor: by.actorId, event: reason === 'left' ? 'org.member_leave' : 'org.member_unbind', result: 'success', ip, subject: m.org_id, detail: JSON.stringify({ memberId, sessionsEnded: sessions }) })
      .execute();
    return acting;
  });
  // Committed: now tell the business systems signed in on the ended sessions.
  await acting?.notify();
}

/** Makes a sub-account an administrator or an agent (at most five administrators). */
export async function setMemberRole(ctx: AppContext, actor: OrgActor, memberId: string, role: 'admin' | 'agent', ip: string | null): Promise<void> {
  assertManager(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await lockOrg(tx, actor.orgId);
    const m = await tx.selectFrom('org_members').select(['role']).where('id', '=', memberId).where('org_id', '=', actor.orgId).where('status', 'in', ['pending', 'active']).executeTakeFirst();
    assertThat(m, 'org.member_not_found');
    assertThat(m.role !== 'legal_rep', 'org.legal_rep_fixed');
    if (role === 'admin' && (await adminCount(tx, actor.orgId, memberId)) >= MAX_ADMINS) throw new AppError('org.admins_full', { role: 'org.admins_full' });
    await tx.updateTable('org_members').set({ role }).where('id', '=', memberId).execute();
    await tx.insertInto('audit_log').values({ at: now, actor: actor.actorId, event: 'org.member_role', result: 'success', ip, subject: actor.orgId, detail: JSON.stringify({ memberId, role }) }).execute();
  });
}

/** 授权: replaces the sub-account's grants with these systems (each with an optional end). */
export async function setMemberGrants(ctx: AppContext, actor: OrgActor, memberId: string, grants: { systemId: string; expiresAt: Date | null }[], ip: string | null): Promise<void> {
  assertManager(actor);
  const now = ctx.clock.now();
  const m = await ctx.db.selectFrom('org_members').select('id').where('id', '=', memberId).where('org_id', '=', actor.orgId).where('status', 'in', ['pending', 'active']).executeTakeFirst();
  assertThat(m, 'org.member_not_found');
  const ids = [...new Set(grants.map((g) => g.systemId))];
  if (ids.length) {
    const known = await ctx.db.selectFrom('business_systems').select('id').where('id', 'in', ids).execute();
    assertThat(known.length === ids.length, 'org.business_system_unknown', { grants: 'org.business_system_unknown' });
  }
  assertThat(grants.every((g) => !g.expiresAt || g.expiresAt > now), 'org.expiry_past', { grants: 'org.expiry_past' });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('org_grants').where('member_id', '=', memberId).execute();
    const unique = ids.map((id) => grants.find((g) => g.systemId === id)!);
    if (unique.length) {
      await tx
        .insertInto('org_grants')
        .values(unique.map((g) => ({ member_id: memberId, business_system_id: g.systemId, expires_at: g.expiresAt, granted_by: actor.actorId, granted_at: now })))
        .execute();
    }
    await tx
      .insertInto('audit_log')
      .values({ at: now, actor: actor.actorId, event: 'org.member_grants', result: 'success', ip, subject: actor.orgId, detail: JSON.stringify({ memberId, grants: unique.map((g) => ({ systemId: g.systemId, expiresAt: g.expiresAt?.toISOString() ?? null })) }) })
      .execute();
  });
}
