/**
 * 人脸识别认证 (issue 13, seed 002 §2.9.1) through the API, on the real model: person a's frames
 * where the asked head motions really happen pass and give L4; the still photo fails with the
 * seed's first message, person b's face with the second; bad input (nonces, frames, images, a
 * huge body) is a 4xx that records no evidence; the daily limit holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deactivateAccount } from '../../src/accounts/settings/deactivate.js';
import { setSandboxPortrait } from '../../src/connectors/face/index.js';
import { DEMO_PERSON, seedDemo } from '../../src/demo.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { testConfig } from '../../src/config.js';
import type { FaceAction } from '../../src/face/types.js';
import { errorCatalog } from '../../src/shared/errors.js';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { actionFrames, darkFrame, noFaceFrame, stillFrames } from '../helpers/face-media.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
/**
 * The actions test media can film: turns (blinks and mouths cannot be made from a still; the nods
 * test/helpers/face-media.ts makes measured 3.8° against nodDegrees 8 on the engine of 22:45, so
 * they are left out until it films them deeper).
 */
const FILMABLE: FaceAction[] = ['turn_left', 'turn_right'];

beforeAll(async () => {
  const base = testConfig();
  server = await startServer({ face: { ...base.face, actions: FILMABLE } });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

type Frame = { step: number; at: number; image: Buffer };
type Wire = { step: number; at: number; image: string };
/** The frames as the page sends them: the JPEG in base64, no `data:` prefix. */
const wire = (frames: Frame[]): Wire[] => frames.map((f) => ({ step: f.step, at: f.at, image: f.image.toString('base64') }));

/** A registered person whose identity has person a's portrait in the sandbox face registry, signed in. */
async function signedInWithPortrait(): Promise<{ agent: Agent; p: TestPerson; accountId: string }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  await setSandboxPortrait(server.ctx, p, 'a');
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, p, accountId: await accountIdOf(server, p.username) };
}

async function capture(agent: Agent) {
  const res = await agent.call('POST', '/api/account/real-name/face/capture', { consent: true });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { nonce: string; actions: FaceAction[]; expiresAt: string; maxFrames: number };
}

/** Sends the frames as the page would, once `spanMs` (default: the time the frames span) has passed on the server's clock. */
async function submit(agent: Agent, nonce: string, frames: Wire[], spanMs = Math.max(0, ...frames.map((f) => f.at))) {
  server.clock.advance(spanMs + 500);
  return agent.call('POST', '/api/account/real-name/face', { nonce, frames });
}

const evidenceOf = (accountId: string) => server.ctx.db.selectFrom('evidence').select(['method', 'result', 'level']).where('account_id', '=', accountId).where('method', '=', 'face').execute();
const attempt = (id: string) => server.ctx.db.selectFrom('face_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('人脸识别认证: the decision', () => {
  it('passes person a moving as asked: L4 evidence; the server measured the motions and keeps no frame', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const list = (await agent.call('GET', '/api/account/real-name')).body.methods;
    expect(list.find((m: { id: string }) => m.id === 'face')).toMatchObject({ kind: 'capture', level: 'L4', applicable: true, status: 'not_verified' });
    const c = await capture(agent);
    expect(c.actions.length).toBeGreaterThanOrEqual(2);
    expect(c.actions.length).toBeLessThanOrEqual(3);
    for (const a of c.actions) expect(FILMABLE).toContain(a);
    const res = await submit(agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ method: 'face', assuranceLevel: 'L4' });
    expect(await evidenceOf(accountId)).toEqual([{ method: 'face', result: 'pass', level: 'L4' }]);
    const after = (await agent.call('GET', '/api/account/real-name')).body.methods.find((m: { id: string }) => m.id === 'face');
    expect(after.status).toBe('verified');
    const row = await attempt(c.nonce);
    expect(row).toMatchObject({ result: 'passed', purpose: 'real_name', account_id: accountId, best_frame_enc: null, keep_until: null });
    expect(row.used_at).not.toBeNull();
    expect(row.model_version).toMatch(/human/i);
    expect(row.frames_digest).toMatch(/^[0-9a-f]{64}$/);
    const scores = row.scores as { similarity: number; actions: { action: FaceAction; measured: number; done: boolean }[] };
    expect(scores.actions.map((a) => a.action)).toEqual(c.actions);
    for (const a of scores.actions) {
      expect(a.done).toBe(true);
      expect(Math.abs(a.measured)).toBeGreaterThan(0);
    }
    expect(scores.similarity).toBeGreaterThan(server.ctx.config.face.thresholds.match);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['result', 'detail']).where('event', '=', 'face.real_name').where('subject', '=', accountId).execute();
    expect(audit.map((a) => a.result)).toEqual(['success']);
  }, 120_000);

  it('lets the demo person (npm start) try it: zhangsan has the sandbox portrait a', async () => {
    await seedDemo(server.ctx);
    const agent = new Agent(server.url);
    expect((await login(agent, DEMO_PERSON.username, DEMO_PERSON.password)).status).toBe(200);
    const c = await capture(agent);
    const res = await submit(agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.method).toBe('face');
  }, 120_000);

  it('refuses the still photo of the right person with the seed’s first message', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const c = await capture(agent);
    const res = await submit(agent, c.nonce, wire(stillFrames('a', c.actions)));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'face.actions_not_done', message: '认证失败，您的相貌能对上，但您没有跟着引导做动作' });
    expect((await evidenceOf(accountId)).filter((e) => e.result === 'pass')).toEqual([]);
    const scores = (await attempt(c.nonce)).scores as { actions: { done: boolean }[] };
    expect(scores.actions.every((a) => !a.done)).toBe(true);
  }, 120_000);

  it('refuses another person’s face with the seed’s second message', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const c = await capture(agent);
    const res = await submit(agent, c.nonce, wire(actionFrames('b', c.actions)));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'face.no_match', message: '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证' });
    expect((await evidenceOf(accountId)).filter((e) => e.result === 'pass')).toEqual([]);
    expect((await attempt(c.nonce)).result).toBe('no_match');
  }, 120_000);

  it('stops frames 环境检测 would stop: no face, too dark', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    for (const [frame, problem] of [
      [noFaceFrame(), 'no_face'],
      [darkFrame(), 'too_dark'],
    ] as const) {
      const c = await capture(agent);
      const frames = wire(actionFrames('a', c.actions).map((f, i) => (i === 0 ? { ...f, image: frame } : f)));
      const res = await submit(agent, c.nonce, frames);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('face.environment');
      expect(res.body.error.problems).toContain(problem);
    }
    expect(await evidenceOf(accountId)).toEqual([]);
  }, 180_000);
});

describe('人脸识别认证: bad input is a 4xx and no evidence', () => {
  it('a nonce is used once: the same frames again are refused', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const c = await capture(agent);
    const frames = wire(stillFrames('a', c.actions));
    expect((await submit(agent, c.nonce, frames)).body.error.code).toBe('face.actions_not_done');
    const again = await submit(agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('face.nonce_invalid');
    expect((await evidenceOf(accountId)).filter((e) => e.result === 'pass')).toEqual([]);
  }, 120_000);

  it('another person’s nonce is refused and stays theirs; a recovery’s nonce is not a real-name one; an expired one is refused', async () => {
    const owner = await signedInWithPortrait();
    const thief = await signedInWithPortrait();
    const c = await capture(owner.agent);
    const stolen = await submit(thief.agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('face.nonce_invalid');
    expect(await evidenceOf(thief.accountId)).toEqual([]);
    expect((await attempt(c.nonce)).used_at).toBeNull();
    // Not a nonce at all, and one that never existed.
    expect((await submit(owner.agent, 'not-a-nonce', wire(actionFrames('a', c.actions)))).body.error.code).toBe('face.nonce_invalid');
    expect((await submit(owner.agent, '6f1c2f4e-8a43-4a8e-9d55-3c8f0b0c6a11', wire(actionFrames('a', c.actions)))).body.error.code).toBe('face.nonce_invalid');
    // Past its two minutes.
    const late = await capture(owner.agent);
    server.clock.advance(server.ctx.config.face.attemptSeconds * 1000 + 1000);
    expect((await submit(owner.agent, late.nonce, wire(actionFrames('a', late.actions)))).body.error.code).toBe('face.nonce_invalid');
    expect(await evidenceOf(owner.accountId)).toEqual([]);
  }, 120_000);

  it('refuses frames out of order, too many frames, a missing step, times beyond the attempt', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const max = server.ctx.config.face.maxFrames;
    const cases: Array<(f: Wire[]) => Wire[]> = [
      // Out of order.
      (f) => [...f].reverse(),
      // One frame more than allowed: the last one repeated, later each time.
      (f) => [...f, ...Array.from({ length: max + 1 - f.length }, (_, i) => ({ ...f.at(-1)!, at: f.at(-1)!.at + 10 * (i + 1) }))],
      // No frame for the first action.
      (f) => f.filter((x) => x.step !== 1),
      // Taken (the browser says) long after the server handed out the challenge.
      (f) => f.map((x, i) => (i === f.length - 1 ? { ...x, at: x.at + 60_000 } : x)),
    ];
    for (const change of cases) {
      const c = await capture(agent);
      const good = wire(actionFrames('a', c.actions));
      const res = await submit(agent, c.nonce, change(good), Math.max(...good.map((f) => f.at)));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('face.frames_invalid');
      expect((await attempt(c.nonce)).result).toBe('rejected');
    }
    expect(await evidenceOf(accountId)).toEqual([]);
  }, 120_000);

  it('refuses what is not a JPEG, and a JPEG that does not decode', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    for (const image of [Buffer.from('这不是照片 not a picture'), broken]) {
      const c = await capture(agent);
      const frames = wire(actionFrames('a', c.actions)).map((f, i) => (i === 1 ? { ...f, image: image.toString('base64') } : f));
      const res = await submit(agent, c.nonce, frames);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('face.image_invalid');
    }
    expect(await evidenceOf(accountId)).toEqual([]);
  }, 120_000);

  it('refuses a huge body with 413, and big bodies on the other real-name routes', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const c = await capture(agent);
    const huge = { nonce: c.nonce, frames: [{ step: 0, at: 0, image: 'A'.repeat(8 * 1024 * 1024) }] };
    const res = await agent.call('POST', '/api/account/real-name/face', huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('request.too_large');
    // The frames' limit is the face route's only.
    expect((await agent.call('POST', '/api/account/real-name/id_card', { name: 'x'.repeat(100_000), idNumber: '1' })).status).toBe(413);
    expect((await attempt(c.nonce)).used_at).toBeNull();
    expect(await evidenceOf(accountId)).toEqual([]);
  });

  it('asks for consent before the capture', async () => {
    const { agent } = await signedInWithPortrait();
    for (const body of [{}, { consent: false }]) {
      const res = await agent.call('POST', '/api/account/real-name/face/capture', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('face.consent_required');
    }
  });

  it(`allows ${testConfig().face.attemptsPerDay} attempts a day per person, then names the other ways`, async () => {
    const { agent, p } = await signedInWithPortrait();
    const perDay = server.ctx.config.face.attemptsPerDay;
    for (let i = 0; i < perDay; i++) await capture(agent);
    const refused = await agent.call('POST', '/api/account/real-name/face/capture', { consent: true });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({ code: 'face.too_many_attempts', message: errorCatalog['face.too_many_attempts'].message['zh-CN'] });
    expect(refused.body.error.message).toContain('其他方式');
    // A day later (signed in again: the session has timed out meanwhile) the count starts afresh.
    server.clock.advance(24 * 3600 * 1000 + 1000);
    const tomorrow = new Agent(server.url);
    expect((await login(tomorrow, p.username, p.password)).status).toBe(200);
    await capture(tomorrow);
  });

  it('lets no more starts through than the daily limit when they are sent at once', async () => {
    const { agent } = await signedInWithPortrait();
    const perDay = server.ctx.config.face.attemptsPerDay;
    const all = await Promise.all(Array.from({ length: perDay + 3 }, () => agent.call('POST', '/api/account/real-name/face/capture', { consent: true })));
    expect(all.filter((r) => r.status === 201)).toHaveLength(perDay);
    expect(all.filter((r) => r.status === 429).map((r) => r.body.error.code)).toEqual(Array(3).fill('face.too_many_attempts'));
  });

  it('fails as no match for a person whose portrait the authority does not hold', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    await login(agent, p.username, p.password);
    const c = await capture(agent);
    const res = await submit(agent, c.nonce, wire(actionFrames('a', c.actions)));
    expect(res.body.error?.code).toBe('face.no_match');
  }, 120_000);
});

describe('what is kept', () => {
  it('keeps the best frame sealed for face.keepBestFrameDays when configured, then housekeeping drops it', async () => {
    const { agent } = await signedInWithPortrait();
    const face = server.ctx.config.face;
    face.keepBestFrameDays = 2;
    try {
      const c = await capture(agent);
      expect((await submit(agent, c.nonce, wire(stillFrames('a', c.actions)))).body.error.code).toBe('face.actions_not_done');
      const row = await attempt(c.nonce);
      expect(row.best_frame_enc).not.toBeNull();
      const best = Buffer.from(server.ctx.vault.decrypt(row.best_frame_enc!), 'base64');
      expect([...best.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(row.keep_until!.getTime() - server.clock.now().getTime()).toBe(2 * 24 * 3600 * 1000);
      server.clock.advance(2 * 24 * 3600 * 1000 + 1000);
      await runHousekeeping(server.ctx);
      expect(await attempt(c.nonce)).toMatchObject({ best_frame_enc: null, keep_until: null, result: 'actions_not_done' });
    } finally {
      face.keepBestFrameDays = 0;
    }
  }, 120_000);

  it('housekeeping drops challenges never answered; erasure drops every attempt of the account', async () => {
    const { agent, accountId } = await signedInWithPortrait();
    const unused = await capture(agent);
    const used = await capture(agent);
    // Refused before any analysis (a step missing): used, decided as rejected.
    expect((await submit(agent, used.nonce, [{ step: 0, at: 0, image: '/9j/' }])).body.error.code).toBe('face.frames_invalid');
    server.clock.advance(2 * 24 * 3600 * 1000);
    await runHousekeeping(server.ctx);
    const left = await server.ctx.db.selectFrom('face_attempts').select(['id', 'result']).where('account_id', '=', accountId).execute();
    expect(left).toEqual([{ id: used.nonce, result: 'rejected' }]);
    expect(left.map((r) => r.id)).not.toContain(unused.nonce);
    await deactivateAccount(server.ctx, accountId, null);
    server.clock.advance((server.ctx.config.accountCentre.deactivatedRetentionDays + 1) * 24 * 3600 * 1000);
    expect((await runHousekeeping(server.ctx)).erasedAccounts).toBeGreaterThanOrEqual(1);
    expect(await server.ctx.db.selectFrom('face_attempts').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
  });
});
