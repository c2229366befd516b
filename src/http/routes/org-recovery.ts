/** 单位找回密码 routes: upload documents (captcha flow), follow the request, reset once approved; the staff review queue. */
import { PlainFlowAnswer } from '../../shared/api/flows.js';
import { OrgRecoveryStatus, OrgRecoverySubmitted, RecoveryDocuments, RecoveryQueue } from '../../shared/api/recovery.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { validatePhone } from '../../domain/index.js';
import { advanceFlow, createFlow, flowView, takeCaptchaStep } from '../../flows/flow.js';
import { decideRecovery, pendingRecoveries, recoveryDocuments, recoveryStatus, resetWithClaim, submitRecovery } from '../../orgs/recovery.js';
import { hit, pendingHit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { assertThat } from '../../shared/app-error.js';
import { requireSession } from '../session.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { IdParams, Password, PersonName, ResidentIdNumber, Uscc, Uuid } from './org-schemas.js';

const KIND = 'org_recovery';
/** Two photos of up to 2 MB each, base64: the one route with a large body. */
const UPLOAD_LIMIT = 6 * 1024 * 1024;

const Phone = text(20, 'phone.invalid').transform((raw, c) => {
  const r = validatePhone(raw);
  if (r.ok) return r.value;
  c.addIssue({ code: 'custom', message: r.code });
  return z.NEVER;
});
const Photo = z.string().max(3 * 1024 * 1024, 'org.photo_invalid');

const Application = z.strictObject({
  uscc: Uscc,
  agentName: PersonName,
  agentIdNumber: ResidentIdNumber,
  phone: Phone,
  licencePhoto: Photo,
  agentIdPhoto: Photo,
  captcha: Captcha,
  pow: Pow,
});
const Claim = z.strictObject({ requestId: Uuid, claimToken: z.string().min(16).max(128) });
const Reset = Claim.extend({ newPassword: Password, confirmPassword: z.string().max(256) });
const Decision = z.strictObject({ approve: z.boolean(), note: text(200).nullable().default(null) });

export function orgRecoveryRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/org-recovery', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 201: PlainFlowAnswer } } }, async (req, reply) => {
    parse(EmptyBody, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow(ctx, KIND, 'documents', browserBinding(req, reply), {}, true);
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/flows/org-recovery/:id', { bodyLimit: UPLOAD_LIMIT, config: { serves: ['public'], input: { params: FlowParams, body: Application }, output: { 200: OrgRecoverySubmitted } } }, async (req) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(Application, req.body);
    // Rate-limit hit, flow load and captcha use: one round trip.
    const flow = await takeCaptchaStep<'documents' | 'submitted', object>(ctx, id, flowBinding(req), KIND, 'documents', body, pendingHit(ctx, 'orgRecoveryPerIp', req.ip));
    const { requestId, claimToken } = await submitRecovery(ctx, body, clientInfo(req).ip);
    await advanceFlow(ctx, flow, 'documents', 'submitted', {});
    // The same answer whether or not the code has an org account.
    return { requestId, claimToken };
  });

  app.post('/api/org-recovery/status', { config: { serves: ['public'], input: { body: Claim }, output: { 200: OrgRecoveryStatus } } }, async (req) => {
    const body = parse(Claim, req.body);
    await hit(ctx, 'loginPerIp', req.ip);
    return recoveryStatus(ctx, body.requestId, body.claimToken);
  });

  app.post('/api/org-recovery/reset', { config: { serves: ['public'], input: { body: Reset }, output: { 204: null } } }, async (req, reply) => {
    const body = parse(Reset, req.body);
    assertThat(body.newPassword === body.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
    await hit(ctx, 'loginPerIp', req.ip);
    await resetWithClaim(ctx, body.requestId, body.claimToken, body.newPassword, clientInfo(req).ip);
    return reply.status(204).send();
  });

  // Staff only, by each route's declaration.
  const staff = async (req: FastifyRequest, reply: FastifyReply) => (await requireSession(ctx, req, reply)).accountId;

  // Service-hall staff (`shenfen staff grant <username>`) work the queue, as they record counter checks.
  app.get('/api/staff/org-recovery', { config: { serves: ['staff'], input: {}, output: { 200: RecoveryQueue } } }, async () => {
    return { items: await pendingRecoveries(ctx) };
  });

  app.get('/api/staff/org-recovery/:id/documents', { config: { serves: ['staff'], input: { params: IdParams }, output: { 200: RecoveryDocuments } } }, async (req, reply) => {
    const staffId = await staff(req, reply);
    return recoveryDocuments(ctx, staffId, parse(IdParams, req.params).id);
  });

  app.post('/api/staff/org-recovery/:id/decision', { config: { serves: ['staff'], input: { params: IdParams, body: Decision }, output: { 204: null } } }, async (req, reply) => {
    const staffId = await staff(req, reply);
    const { id } = parse(IdParams, req.params);
    const body = parse(Decision, req.body);
    await decideRecovery(ctx, staffId, id, body.approve, body.note, clientInfo(req).ip);
    return reply.status(204).send();
  });
}
