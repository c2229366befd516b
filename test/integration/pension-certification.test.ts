/**
 * 资格认证 by face (issue 14, seed 003 三) on the real model, with the registry's 建模照片 (portrait a)
 * as the reference: person a doing what is asked passes — certified, the next due date a period on,
 * the result in 认证结果查询 —; a stranger's face (b) fails with the seed's second message and a
 * still photo of a with the first, both recorded; the attempt is bound to the retiree's session;
 * the daily limit holds and is shown as attempts left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { portraitImage } from '../../src/connectors/face/portraits.js';
import type { FaceAction } from '../../src/face/types.js';
import { importRetirees } from '../../src/pension/import.js';
import { addMonths, ssnHash } from '../../src/pension/registry.js';
import { generateRetirees, retireesCsv, type SandboxRetiree } from '../../src/pension/sandbox.js';
import { Agent } from '../helpers/browser.js';
import { actionFrames, stillFrames } from '../helpers/face-media.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

/** The actions test media can film (as test/integration/face-realname.test.ts). */
const FILMABLE: FaceAction[] = ['turn_left', 'turn_right'];
const PER_DAY = 3;

let server: TestServer;
beforeAll(async () => {
  const base = testConfig();
  server = await startServer({ face: { ...base.face, actions: FILMABLE }, pension: { ...base.pension, attemptsPerDay: PER_DAY } });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

let seed = (process.pid % 1000) * 1000 + 500;
/** A retiree with portrait a as 建模照片, signed in on a new agent. */
async function retireeSignedIn(): Promise<{ agent: Agent; r: SandboxRetiree; id: string }> {
  const r = { ...generateRetirees(4, ++seed, server.clock.now()).find((x) => x.idKind === 'resident_id')!, benefitStatus: 'normal' as const, survivalStatus: 'alive' as const, lastCertified: '' };
  const report = await importRetirees(server.ctx, { csv: retireesCsv([r]), photos: new Map([[r.ssn, new Uint8Array(await portraitImage('a'))]]) }, 'test');
  expect(report.errors).toEqual([]);
  const agent = await signIn(r);
  const { id } = await server.ctx.db.selectFrom('pension_retirees').select('id').where('ssn_hash', '=', ssnHash(server.ctx, r.ssn)).executeTakeFirstOrThrow();
  return { agent, r, id };
}

async function signIn(r: SandboxRetiree): Promise<Agent> {
  const agent = new Agent(server.url);
  const flow = await agent.call('POST', '/api/pension/sign-in/flow', {});
  const res = await agent.call('POST', '/api/pension/sign-in', { flowId: flow.body.flow.id, name: r.name, ssn: r.ssn, captcha: TEST_CAPTCHA });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return agent;
}

type Frame = { step: number; at: number; image: Buffer };
const wire = (frames: Frame[]) => frames.map((f) => ({ step: f.step, at: f.at, image: f.image.toString('base64') }));

async function capture(agent: Agent) {
  const res = await agent.call('POST', '/api/pension/certification/capture', { consent: true });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { nonce: string; actions: FaceAction[] };
}
async function submit(agent: Agent, nonce: string, frames: ReturnType<typeof wire>) {
  server.clock.advance(Math.max(0, ...frames.map((f) => f.at)) + 500);
  return agent.call('POST', '/api/pension/certification', { nonce, frames });
}
const certifications = (id: string) => server.ctx.db.selectFrom('pension_certifications').selectAll().where('retiree_id', '=', id).orderBy('at').execute();

describe('资格认证: the face against the 建模照片', () => {
  it('certifies person a moving as asked: 已认证, the next due date 12 months on, shown in 认证结果查询', async () => {
    const { agent, id } = await retireeSignedIn();
    expect((await agent.call('GET', '/api/pension/session')).body.retiree).toMatchObject({ status: 'pending', attemptsLeftToday: PER_DAY });
    expect((await agent.call('POST', '/api/pension/certification/capture', {})).body.error.code).toBe('face.consent_required');
    const c = await capture(agent);
    const res = await submit(agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result).toBe('passed');
    expect(res.body.nextDueAt).toBe(addMonths(new Date(res.body.certifiedAt), 12).toISOString());
    const attempt = await server.ctx.db.selectFrom('face_attempts').selectAll().where('id', '=', c.nonce).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ purpose: 'pension', result: 'passed', account_id: null });
    expect(attempt.flow_id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await certifications(id)).toMatchObject([{ channel: 'online', result: 'passed', reason: null, face_attempt_id: c.nonce }]);
    const results = await agent.call('GET', '/api/pension/results');
    expect(results.body.retiree).toMatchObject({ status: 'certified', lastCertifiedAt: res.body.certifiedAt, dueAt: res.body.nextDueAt, attemptsLeftToday: PER_DAY - 1 });
    expect(results.body.history).toEqual([{ at: res.body.certifiedAt, channel: 'online', result: 'passed', reason: null, nextDueAt: res.body.nextDueAt }]);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result']).where('subject', '=', id).where('event', '=', 'pension.certify').execute();
    expect(audit).toEqual([{ event: 'pension.certify', result: 'success' }]);
  }, 180_000);

  it('fails a stranger’s face (b) with the seed’s second message and a still photo of a with the first; both recorded', async () => {
    const { agent, id } = await retireeSignedIn();
    const c1 = await capture(agent);
    const stranger = await submit(agent, c1.nonce, wire(actionFrames('b', c1.actions)));
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toEqual({ code: 'face.no_match', message: '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证' });
    const c2 = await capture(agent);
    const still = await submit(agent, c2.nonce, wire(stillFrames('a', c2.actions)));
    expect(still.status).toBe(400);
    expect(still.body.error).toEqual({ code: 'face.actions_not_done', message: '认证失败，您的相貌能对上，但您没有跟着引导做动作' });
    expect((await certifications(id)).map((c) => [c.result, c.reason, c.next_due_at])).toEqual([
      ['failed', 'no_match', null],
      ['failed', 'actions_not_done', null],
    ]);
    const results = await agent.call('GET', '/api/pension/results');
    expect(results.body.retiree).toMatchObject({ status: 'pending', lastCertifiedAt: null, attemptsLeftToday: PER_DAY - 2 });
    expect(results.body.history.map((h: { result: string; reason: string }) => h.reason)).toEqual(['actions_not_done', 'no_match']);
  }, 180_000);

  it('binds the attempt to the retiree’s session: another session’s nonce is face.nonce_invalid and records nothing', async () => {
    const a = await retireeSignedIn();
    const b = await retireeSignedIn();
    const c = await capture(a.agent);
    const res = await submit(b.agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('face.nonce_invalid');
    expect(await certifications(b.id)).toEqual([]);
    expect(await certifications(a.id)).toEqual([]);
  });

  it('holds the daily limit (pension.attemptsPerDay) with face.too_many_attempts, and opens again a day later', async () => {
    const { agent, r } = await retireeSignedIn();
    for (let i = 0; i < PER_DAY; i++) await capture(agent);
    expect((await agent.call('GET', '/api/pension/session')).body.retiree.attemptsLeftToday).toBe(0);
    const over = await agent.call('POST', '/api/pension/certification/capture', { consent: true });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('face.too_many_attempts');
    // The limit is the retiree's, not the session's: signing in again does not reset it.
    const again = await signIn(r);
    expect((await again.call('POST', '/api/pension/certification/capture', { consent: true })).status).toBe(429);
    server.clock.advanceMinutes(24 * 60 + 1);
    const tomorrow = await signIn(r);
    expect((await tomorrow.call('GET', '/api/pension/session')).body.retiree.attemptsLeftToday).toBe(PER_DAY);
    await capture(tomorrow);
  });
});
