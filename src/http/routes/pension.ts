/**
 * 养老保险待遇资格认证 routes (issue 14, src/shared/api/pension.ts): the retiree's sign-in, session
 * and single sign-on, the face certification, 认证结果查询, the person's own view in the account
 * centre, and the service-hall staff's lookup, in-person record and figures.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { frameBodyLimit } from '../../face/attempts.js';
import { historyOf, lookUpRetiree, recordInPerson, startCertification, submitCertification, viewOf } from '../../pension/certification.js';
import { figuresCsv, pensionFigures } from '../../pension/figures.js';
import { ssnHash } from '../../pension/registry.js';
import { endRetireeSession, currentRetiree, requireRetiree } from '../../pension/session.js';
import { checkedSsn, retireeOfPerson, signInPerson, signInRetiree, startSignInFlow } from '../../pension/sign-in.js';
import { audit } from '../../audit/audit.js';
import { hit } from '../../security/rate-limit.js';
import { flowView } from '../../flows/flow.js';
import { FaceChallenge, FaceFrames } from '../../shared/api/face.js';
import {
  AccountPension,
  PensionCapture,
  PensionCertified,
  PensionFigures,
  PensionFiguresQuery,
  PensionResults,
  PensionSession,
  PensionSignedIn,
  PensionSignedOut,
  PensionSignIn,
  PensionSignInStarted,
  StaffPensionLookedUp,
  StaffPensionLookup,
  StaffPensionRecord,
  StaffPensionRecorded,
} from '../../shared/api/pension.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { EmptyBody, parse } from '../validate.js';
import { z } from 'zod';

const ipOf = (req: Parameters<typeof clientInfo>[0]) => clientInfo(req).ip ?? 'unknown';

export function pensionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/pension/session', { config: { serves: ['public'], input: {}, output: { 200: PensionSession } } }, async (req, reply) => {
    const s = await currentRetiree(ctx, req);
    return reply.header('cache-control', 'no-store').send({ retiree: s ? await viewOf(ctx, s.retiree) : null });
  });

  app.post('/api/pension/sign-in/flow', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 201: PensionSignInStarted } } }, async (req, reply) => {
    parse(EmptyBody, req.body);
    const flow = await startSignInFlow(ctx, req, reply);
    return reply.status(201).header('cache-control', 'no-store').send({ flow: flowView(flow) });
  });

  app.post('/api/pension/sign-in', { config: { serves: ['public'], input: { body: PensionSignIn }, output: { 200: PensionSignedIn } } }, async (req, reply) => {
    const body = parse(PensionSignIn, req.body);
    const row = await signInRetiree(ctx, req, reply, body, ipOf(req));
    return { retiree: await viewOf(ctx, row) };
  });

  app.post('/api/pension/sso', { config: { serves: ['person'], input: { body: EmptyBody }, output: { 200: PensionSignedIn } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(EmptyBody, req.body);
    const row = await signInPerson(ctx, req, reply, session.accountId, ipOf(req));
    return { retiree: await viewOf(ctx, row) };
  });

  app.post('/api/pension/sign-out', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 200: PensionSignedOut } } }, async (req, reply) => {
    parse(EmptyBody, req.body);
    const retireeId = await endRetireeSession(ctx, req, reply);
    if (retireeId) await audit(ctx.db, { at: ctx.clock.now(), actor: `retiree:${retireeId}`, event: 'pension.sign_out', result: 'success', ip: ipOf(req), subject: retireeId });
    return {};
  });

  app.post('/api/pension/certification/capture', { config: { serves: ['public'], input: { body: PensionCapture }, output: { 201: FaceChallenge } } }, async (req, reply) => {
    const session = await requireRetiree(ctx, req);
    parse(PensionCapture, req.body);
    return reply.status(201).send(await startCertification(ctx, session, ipOf(req)));
  });

  app.post('/api/pension/certification', { bodyLimit: frameBodyLimit(ctx.config.face), config: { serves: ['public'], input: { body: FaceFrames }, output: { 200: PensionCertified } } }, async (req) => {
    const session = await requireRetiree(ctx, req);
    const body = parse(FaceFrames, req.body);
    return submitCertification(ctx, session, body, ipOf(req));
  });

  app.get('/api/pension/results', { config: { serves: ['public'], input: {}, output: { 200: PensionResults } } }, async (req, reply) => {
    const session = await requireRetiree(ctx, req);
    return reply.header('cache-control', 'no-store').send({ retiree: await viewOf(ctx, session.retiree), history: await historyOf(ctx, session.retiree.id) });
  });

  app.get('/api/account/pension', { config: { serves: ['person'], input: {}, output: { 200: AccountPension } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const row = await retireeOfPerson(ctx, session.accountId);
    return reply.header('cache-control', 'no-store').send(row ? { retiree: await viewOf(ctx, row), history: await historyOf(ctx, row.id) } : { retiree: null, history: [] });
  });

  // POST, not GET: a number does not belong in a URL (logs, history).
  app.post('/api/staff/pension/lookup', { config: { serves: ['staff'], input: { body: StaffPensionLookup }, output: { 200: StaffPensionLookedUp } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(StaffPensionLookup, req.body);
    await hit(ctx, 'pensionStaffPerAccount', session.accountId);
    const ssn = checkedSsn(ctx, body.ssn);
    return { retiree: await lookUpRetiree(ctx, session.accountId, ssnHash(ctx, ssn), ipOf(req)) };
  });

  app.post('/api/staff/pension/certifications', { config: { serves: ['staff'], input: { body: StaffPensionRecord }, output: { 200: StaffPensionRecorded } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(StaffPensionRecord, req.body);
    await hit(ctx, 'pensionStaffPerAccount', session.accountId);
    return recordInPerson(ctx, session.accountId, body, ipOf(req));
  });

  app.get('/api/staff/pension/figures', { config: { serves: ['staff'], input: { query: PensionFiguresQuery }, output: { 200: PensionFigures } } }, async (req, reply) => {
    await requireSession(ctx, req, reply);
    const q = parse(PensionFiguresQuery, req.query);
    return reply.header('cache-control', 'no-store').send(await pensionFigures(ctx, q.from, q.to));
  });

  app.get('/api/staff/pension/figures.csv', { config: { serves: ['staff'], input: { query: PensionFiguresQuery }, output: { 200: z.string() } } }, async (req, reply) => {
    await requireSession(ctx, req, reply);
    const q = parse(PensionFiguresQuery, req.query);
    const csv = figuresCsv(await pensionFigures(ctx, q.from, q.to));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="pension-figures-${q.from}-${q.to}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
