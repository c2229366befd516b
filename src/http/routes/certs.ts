/**
 * 证书绑定 and 证书管理 (issue 15, seed 004 step 3): a signed-in person binds their certificate, an
 * org (the org account, or its legal representative / administrator acting for it) binds the
 * org's — by signing a binding challenge with the UKey through the certificate agent — lists its
 * bindings with expiry warnings and unbinds. 现场绑定: service-hall staff bind a certificate read
 * from the UKey at the counter after checking the clerk's ID card (never their own account).
 * The certificate login itself is a sign-in method (src/certs/method.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bind, listBindings, unbind, identifierHash } from '../../certs/bindings.js';
import { issueChallenge, liveChallenge, spendChallenge, toBeSigned } from '../../certs/challenges.js';
import { refusalCode } from '../../certs/method.js';
import { verifyPresented } from '../../certs/verify.js';
import type { AppContext } from '../../context.js';
import { audit } from '../../audit/audit.js';
import { assertManager, orgActor } from '../../orgs/access.js';
import { hit } from '../../security/rate-limit.js';
import type { LiveSession } from '../../sessions/sessions.js';
import { CertBind, CertBindings, CertBound, CertChallengeIssued, CertCounterBind, CertUnbound } from '../../shared/api/certs.js';
import { AppError } from '../../shared/app-error.js';
import { sql } from 'kysely';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { EmptyBody, parse } from '../validate.js';

const BindingParams = z.strictObject({ id: z.uuid('cert.binding_not_found') });
const EXPIRY_WARNING_DAYS = 30;

/** The account a binding route acts on: the person, or the org (its account, or a manager acting for it). */
async function target(ctx: AppContext, session: LiveSession, kind: 'person' | 'org'): Promise<{ accountId: string; actor: string }> {
  if (kind === 'person') return { accountId: session.accountId, actor: session.accountId };
  const actor = await orgActor(ctx, session);
  assertManager(actor);
  return { accountId: actor.orgId, actor: actor.actorId };
}

function bindingRoutes(app: FastifyInstance, ctx: AppContext, kind: 'person' | 'org') {
  const base = kind === 'person' ? '/api/account/certs' : '/api/org/certs';
  const serves = [kind] as const;

  app.post(`${base}/challenge`, { config: { serves, input: { body: EmptyBody }, output: { 200: CertChallengeIssued } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(EmptyBody, req.body);
    const t = await target(ctx, session, kind);
    await hit(ctx, 'certBindPerAccount', t.accountId);
    const c = await issueChallenge(ctx, 'binding', { accountId: t.accountId });
    return { challenge: { id: c.id, toBeSigned: toBeSigned(c), origin: c.origin, expiresAt: c.expiresAt.toISOString() } };
  });

  app.get(base, { config: { serves, input: {}, output: { 200: CertBindings } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const t = kind === 'person' ? { accountId: session.accountId } : { accountId: (await orgActor(ctx, session)).orgId };
    const bindings = await listBindings(ctx, t.accountId);
    const soon = ctx.clock.now().getTime() + EXPIRY_WARNING_DAYS * 86400_000;
    return { bindings, expiringSoon: bindings.filter((b) => new Date(b.notAfter).getTime() < soon).map((b) => b.id) };
  });

  app.post(base, { config: { serves, input: { body: CertBind }, output: { 200: CertBound } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(CertBind, req.body);
    const t = await target(ctx, session, kind);
    await hit(ctx, 'certBindPerAccount', t.accountId);
    const challenge = await liveChallenge(ctx, body.challengeId, 'binding', { accountId: t.accountId });
    if (!challenge) throw new AppError('cert.challenge_invalid');
    await spendChallenge(ctx, challenge.id);
    const verified = await verifyPresented(ctx, body, Buffer.from(toBeSigned(challenge), 'utf8'));
    if (!verified.ok) {
      await audit(ctx.db, { at: ctx.clock.now(), actor: t.actor, event: 'cert.bind', result: 'failure', ip: req.ip, subject: t.accountId, detail: { reason: verified.reason, fingerprint: verified.leaf?.fingerprint ?? null } });
      throw new AppError(refusalCode(verified.reason));
    }
    return { binding: await bind(ctx, { accountId: t.accountId, accountKind: kind, leaf: verified.leaf, via: 'online', boundBy: t.actor, ssCode: body.ssCode, ip: req.ip }) };
  });

  app.post(`${base}/:id/unbind`, { config: { serves, input: { params: BindingParams, body: EmptyBody }, output: { 200: CertUnbound } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(BindingParams, req.params);
    parse(EmptyBody, req.body);
    const t = await target(ctx, session, kind);
    await unbind(ctx, t.accountId, id, t.actor, req.ip);
    return { unbound: true as const };
  });
}

/** 现场绑定: the account is the one whose ID number or USCC the certificate carries. */
async function counterBind(ctx: AppContext, req: FastifyRequest, staffId: string) {
  const body = parse(CertCounterBind, req.body);
  await hit(ctx, 'certBindPerAccount', staffId);
  const verified = await verifyPresented(ctx, body, undefined);
  if (!verified.ok) throw new AppError(refusalCode(verified.reason));
  const { leaf } = verified;
  if (leaf.identity.kind !== body.accountKind) throw new AppError('cert.wrong_kind');
  const hash = identifierHash(ctx, leaf.identity);
  const found =
    leaf.identity.kind === 'person'
      ? await sql<{ account_id: string }>`select p.account_id from persons p join accounts a on a.id = p.account_id where p.id_number_hash = ${hash!} and a.status = 'active'`.execute(ctx.db)
      : leaf.identity.kind === 'org'
        ? await sql<{ account_id: string }>`select o.account_id from orgs o join accounts a on a.id = o.account_id where o.uscc = ${leaf.identity.uscc} and a.status = 'active'`.execute(ctx.db)
        : { rows: [] };
  const accountId = found.rows.length === 1 ? found.rows[0]!.account_id : undefined;
  // The staff member knows whose certificate it is (the ID card is in front of them): saying there is no account is no leak.
  if (!accountId) throw new AppError('staff.person_not_found');
  // Four eyes: staff never bind a certificate to their own account, nor to an org they belong to (SECURITY.md).
  if (accountId === staffId) throw new AppError('cert.other_owner');
  if (body.accountKind === 'org') {
    const member = await sql<{ n: number }>`select 1 as n from org_members where org_id = ${accountId}::uuid and person_id = ${staffId}::uuid and status = 'active'`.execute(ctx.db);
    if (member.rows.length > 0) throw new AppError('cert.other_owner');
  }
  return { binding: await bind(ctx, { accountId, accountKind: body.accountKind, leaf, via: 'counter', boundBy: staffId, ssCode: body.ssCode, ip: clientInfo(req).ip }) };
}

export function certRoutes(app: FastifyInstance, ctx: AppContext) {
  bindingRoutes(app, ctx, 'person');
  bindingRoutes(app, ctx, 'org');
  app.post('/api/staff/certs/bind', { config: { serves: ['staff'], input: { body: CertCounterBind }, output: { 200: CertBound } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return counterBind(ctx, req, session.accountId);
  });
}
