/**
 * The org centre (单位中心) API: org info, sub-accounts (新增 / 发起绑定 / 解除绑定 / 授权 / roles),
 * 单位名称修改, org password, social-security codes. The actor is the org account or a person
 * acting for the org; changes need the org account, the legal representative or an administrator.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { setPassword } from '../../accounts/set-password.js';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { canManage, orgActor } from '../../orgs/access.js';
import { endMembership, inviteMember, listMembers, setMemberGrants, setMemberRole } from '../../orgs/members.js';
import { changeOrgName, confirmGrants } from '../../orgs/name-change.js';
import { orgView, recheckRegistry } from '../../orgs/orgs.js';
import { addSsCode, INSURANCE_TYPES, removeSsCode } from '../../orgs/ss-codes.js';
import { ORG_QUESTION_PRESETS, ORG_SECURITY_QUESTION_COUNT, orgSecurityQuestions, setOrgSecurityQuestions } from '../../orgs/security-questions.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { requestLang } from '../errors.js';
import { requireSession } from '../session.js';
import { EmptyBody, parse, text } from '../validate.js';
import { IdParams, OrgName, Password, PersonName, ResidentIdNumber } from './org-schemas.js';
import { GrantableSystems, MemberInvited, Members, OrgAnswer, OrgCentre, OrgNameChanged, OrgSecurityQuestions, SsCodeAdded } from '../../shared/api/org.js';

const Invite = z.strictObject({ name: PersonName, idNumber: ResidentIdNumber, role: z.enum(['admin', 'agent']).default('agent') });
const Role = z.strictObject({ role: z.enum(['admin', 'agent']) });
const Grants = z.strictObject({
  grants: z
    .array(z.strictObject({ systemId: z.string().regex(/^[a-z][a-z0-9_-]{2,63}$/, 'org.business_system_unknown'), expiresAt: z.iso.datetime({ offset: true }).nullable().default(null) }))
    .max(100),
});
const NameChange = z.strictObject({ name: OrgName, legalRepName: PersonName, legalRepIdNumber: ResidentIdNumber });
const PasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password, confirmPassword: z.string().max(256) });
const SsCode = z.strictObject({
  code: text(20, 'org.ss_code_invalid').pipe(z.string().regex(/^[A-Za-z0-9]{6,20}$/, 'org.ss_code_invalid')),
  regionLevel: z.enum(['province', 'city', 'district']),
  regionName: text(50).pipe(z.string().min(2)),
  insuranceTypes: z.array(z.enum(INSURANCE_TYPES)).min(1).max(INSURANCE_TYPES.length),
});

const SecurityQuestions = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  items: z.array(z.strictObject({ question: text(50).pipe(z.string().min(2)), answer: text(50).pipe(z.string().min(1)) })).length(ORG_SECURITY_QUESTION_COUNT),
});

export function orgCentreRoutes(app: FastifyInstance, ctx: AppContext) {
  const actorOf = async (req: FastifyRequest, reply: FastifyReply) => orgActor(ctx, await requireSession(ctx, req, reply));
  const ip = (req: FastifyRequest) => clientInfo(req).ip;

  app.get('/api/org', { config: { serves: ['org'], input: {}, output: { 200: OrgCentre } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    return { org: await orgView(ctx, actor.orgId), me: { role: actor.role, canManage: canManage(actor) } };
  });

  app.get('/api/org/members', { config: { serves: ['org'], input: {}, output: { 200: Members } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    return { items: await listMembers(ctx, actor.orgId) };
  });

  // 新增 + 发起绑定: the same answer whether or not the person has an account.
  app.post('/api/org/members', { config: { serves: ['org'], input: { body: Invite }, output: { 202: MemberInvited } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const body = parse(Invite, req.body);
    await hit(ctx, 'orgInvitePerOrg', actor.orgId);
    const id = await inviteMember(ctx, actor, body, ip(req));
    const message = requestLang(req) === 'en-US' ? 'If the details match a registered person, the binding request has been sent' : '如果信息匹配，绑定请求已发送';
    return reply.status(202).send({ id, message });
  });

  app.delete('/api/org/members/:id', { config: { serves: ['org'], input: { params: IdParams }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const { id } = parse(IdParams, req.params);
    assertThat(canManage(actor), 'org.forbidden');
    await endMembership(ctx, { actorId: actor.actorId, orgId: actor.orgId, isOrgAccount: actor.role === 'org' }, id, 'unbound', ip(req));
    return reply.status(204).send();
  });

  app.put('/api/org/members/:id/role', { config: { serves: ['org'], input: { params: IdParams, body: Role }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const { id } = parse(IdParams, req.params);
    await setMemberRole(ctx, actor, id, parse(Role, req.body).role, ip(req));
    return reply.status(204).send();
  });

  app.put('/api/org/members/:id/grants', { config: { serves: ['org'], input: { params: IdParams, body: Grants }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const { id } = parse(IdParams, req.params);
    const { grants } = parse(Grants, req.body);
    await setMemberGrants(ctx, actor, id, grants.map((g) => ({ systemId: g.systemId, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null })), ip(req));
    return reply.status(204).send();
  });

  /** The business systems a sub-account can be granted (授权 ticks them). */
  app.get('/api/org/business-systems', { config: { serves: ['org'], input: {}, output: { 200: GrantableSystems } } }, async (req, reply) => {
    await actorOf(req, reply);
    const rows = await ctx.db.selectFrom('business_systems').select(['id', 'name']).orderBy('name').execute();
    return { items: rows };
  });

  app.post('/api/org/grants/confirm', { config: { serves: ['org'], input: { body: EmptyBody }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    parse(EmptyBody, req.body);
    await confirmGrants(ctx, actor, ip(req));
    return reply.status(204).send();
  });

  // 单位名称修改 (name and legal representative, re-checked against the registry).
  app.put('/api/org/name', { config: { serves: ['org'], input: { body: NameChange }, output: { 200: OrgNameChanged } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const body = parse(NameChange, req.body);
    await hit(ctx, 'orgNameChangePerOrg', actor.orgId);
    const result = await changeOrgName(ctx, actor, body, ip(req));
    return { ...result, org: await orgView(ctx, actor.orgId) };
  });

  // 重新核验: the registry asked again about the registered details; the org's level renewed (docs/orgs.md).
  app.post('/api/org/registry-check', { config: { serves: ['org'], input: { body: EmptyBody }, output: { 200: OrgAnswer } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    parse(EmptyBody, req.body);
    // Registry calls per org: 单位名称修改 and 重新核验 share the limit.
    await hit(ctx, 'orgNameChangePerOrg', actor.orgId);
    await recheckRegistry(ctx, actor, ip(req));
    return { org: await orgView(ctx, actor.orgId) };
  });

  // Only the org account changes its own password (with the current one); it is then signed out everywhere.
  app.post('/api/org/password', { config: { serves: ['org'], input: { body: PasswordChange }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    assertThat(actor.role === 'org', 'org.forbidden');
    const body = parse(PasswordChange, req.body);
    assertThat(body.newPassword === body.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
    await hit(ctx, 'loginPerIp', req.ip);
    const cred = await ctx.db.selectFrom('password_credentials').select('hash').where('account_id', '=', actor.orgId).executeTakeFirst();
    if (!(await ctx.passwords.verify(cred?.hash ?? null, body.currentPassword))) {
      await audit(ctx.db, { at: ctx.clock.now(), actor: actor.orgId, event: 'org.password_change', result: 'failure', ip: ip(req), detail: { reason: 'wrong_password' } });
      throw new AppError('auth.invalid_credentials', { currentPassword: 'auth.invalid_credentials' });
    }
    await setPassword(ctx, actor.orgId, body.newPassword, { reason: 'password_change', ip: ip(req) });
    return reply.status(204).send();
  });

  // 密保问题 of the org account (only the org account sets them, with its password).
  app.get('/api/org/security-questions', { config: { serves: ['org'], input: {}, output: { 200: OrgSecurityQuestions } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    // The suggested questions come with them, so the page and recovery share one list.
    return { ...(await orgSecurityQuestions(ctx, actor.orgId)), presets: ORG_QUESTION_PRESETS };
  });

  app.put('/api/org/security-questions', { config: { serves: ['org'], input: { body: SecurityQuestions }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    assertThat(actor.role === 'org', 'org.forbidden');
    const body = parse(SecurityQuestions, req.body);
    await hit(ctx, 'loginPerIp', req.ip);
    await setOrgSecurityQuestions(ctx, actor.orgId, body.currentPassword, body.items, ip(req));
    return reply.status(204).send();
  });

  app.post('/api/org/ss-codes', { config: { serves: ['org'], input: { body: SsCode }, output: { 201: SsCodeAdded } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const body = parse(SsCode, req.body);
    const id = await addSsCode(ctx, actor, { ...body, code: body.code.toUpperCase() }, ip(req));
    return reply.status(201).send({ id });
  });

  app.delete('/api/org/ss-codes/:id', { config: { serves: ['org'], input: { params: IdParams }, output: { 204: null } } }, async (req, reply) => {
    const actor = await actorOf(req, reply);
    const { id } = parse(IdParams, req.params);
    await removeSsCode(ctx, actor, id, ip(req));
    return reply.status(204).send();
  });
}


