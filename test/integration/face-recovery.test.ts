/**
 * 刷脸认证找回 (issue 13, seed 000: the first of the ways to recover a password) through the API,
 * on the real model: identifier → 姓名 + 证件号码 + consent → person a's frames → a new password,
 * signed out everywhere and the phone on record told; and the same answers for an unknown account,
 * a wrong name or ID number and a wrong face.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSandboxPortrait } from '../../src/connectors/face/index.js';
import { testConfig } from '../../src/config.js';
import type { FaceAction } from '../../src/face/types.js';
import { accountIdOf } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { actionFrames, stillFrames } from '../helpers/face-media.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
/**
 * The actions test media can film: turns (blinks and mouths cannot be made from a still; the nods
 * test/helpers/face-media.ts makes measured 3.8° against nodDegrees 8 on the engine of 22:45, so
 * they are left out until it films them deeper).
 */
const FILMABLE: FaceAction[] = ['turn_left', 'turn_right'];
const NEW_PASSWORD = 'Rb5$wQz8Nk';

beforeAll(async () => {
  const base = testConfig();
  server = await startServer({ face: { ...base.face, actions: FILMABLE } });
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
}, 120_000);
afterAll(async () => {
  await server?.close();
});

type Frame = { step: number; at: number; image: Buffer };
const wire = (frames: Frame[]) => frames.map((f) => ({ step: f.step, at: f.at, image: f.image.toString('base64') }));
const post = (agent: Agent, id: string, step: string, body: unknown) => agent.call('POST', `/api/flows/recovery/${id}/${step}`, body);

/** A registered person with person a's portrait in the sandbox face registry. */
async function registered(): Promise<TestPerson & { accountId: string }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  await setSandboxPortrait(server.ctx, p, 'a');
  server.clock.advance(61_000);
  return { ...p, accountId: await accountIdOf(server, p.username) };
}

/** 输入帐户名 done: the flow at 验证身份. */
async function atVerify(agent: Agent, identifier: string): Promise<string> {
  const start = await agent.call('POST', '/api/flows/recovery', {});
  const id = start.body.flow.id as string;
  const step1 = await post(agent, id, 'account', { identifier, captcha: TEST_CAPTCHA });
  expect(step1.status, JSON.stringify(step1.body)).toBe(200);
  expect(step1.body.flow.summary.methods[0]).toBe('face');
  return id;
}

/** face-start, then the frames `who` makes for the actions asked (moving, or `still`). */
async function faceStep(agent: Agent, id: string, typed: { name: string; idNumber: string }, who: 'a' | 'b', still = false) {
  const started = await post(agent, id, 'face-start', { ...typed, consent: true });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const { nonce, actions } = started.body.face as { nonce: string; actions: FaceAction[] };
  const frames = wire((still ? stillFrames : actionFrames)(who, actions));
  server.clock.advance(Math.max(...frames.map((f) => f.at)) + 500);
  const res = await post(agent, id, 'face', { nonce, frames });
  return { started, res };
}

describe('刷脸认证找回', () => {
  it('identifier → name, ID number and the face → a new password: signed out everywhere, the phone told', async () => {
    const p = await registered();
    await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('account_id', '=', p.accountId).execute();
    const session = new Agent(server.url);
    expect((await login(session, p.username, p.password)).status).toBe(200);
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const { started, res } = await faceStep(agent, id, { name: p.name, idNumber: p.idNumber.toLowerCase() }, 'a');
    expect(started.body).toMatchObject({ flow: { id, state: 'verify' }, face: { maxFrames: server.ctx.config.face.maxFrames } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.flow.state).toBe('reset');
    const done = await post(agent, id, 'reset', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.flow.state).toBe('completed');
    expect((await session.call('GET', '/api/session')).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    expect(server.sms.outbox().find((m) => m.phone === p.phone && m.template === 'password_changed')).toBeDefined();
    const verified = await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'recovery.verified').where('result', '=', 'success').where('subject', '=', p.accountId).execute();
    expect(verified.map((a) => (a.detail as { method: string }).method)).toEqual(['face']);
    const row = await server.ctx.db.selectFrom('face_attempts').select(['result', 'purpose', 'flow_id']).where('account_id', '=', p.accountId).executeTakeFirstOrThrow();
    expect(row).toEqual({ result: 'passed', purpose: 'recovery', flow_id: id });
  }, 180_000);

  it('answers an unknown account, a wrong name, a wrong ID number and a wrong face alike: no_match, and nothing passes', async () => {
    const p = await registered();
    const other = newPerson();
    const tries: Array<{ identifier: string; typed: { name: string; idNumber: string }; who: 'a' | 'b' }> = [
      // The account's own identity, someone else's face.
      { identifier: p.username, typed: { name: p.name, idNumber: p.idNumber }, who: 'b' },
      // An account that does not exist, with the face of a person whose portrait the sandbox holds.
      { identifier: `nobody${Date.now()}`, typed: { name: p.name, idNumber: p.idNumber }, who: 'a' },
      // The right face, the wrong name; the right face, someone else's ID number.
      { identifier: p.username, typed: { name: '王五', idNumber: p.idNumber }, who: 'a' },
      { identifier: p.username, typed: { name: p.name, idNumber: other.idNumber }, who: 'a' },
    ];
    const answers = [];
    for (const t of tries) {
      const agent = new Agent(server.url);
      const id = await atVerify(agent, t.identifier);
      const { started, res } = await faceStep(agent, id, t.typed, t.who);
      // face-start: the same shape, whoever the account is.
      expect(Object.keys(started.body).sort()).toEqual(['face', 'flow']);
      expect(Object.keys(started.body.face).sort()).toEqual(['actions', 'expiresAt', 'maxFrames', 'nonce']);
      answers.push({ state: started.body.flow.state, methods: started.body.flow.summary.methods, status: res.status, body: res.body });
    }
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(400);
    expect(answers[0]!.body.error).toEqual({ code: 'face.no_match', message: '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证' });
    const passed = await server.ctx.db.selectFrom('audit_log').select('event').where('event', '=', 'recovery.verified').where('result', '=', 'success').where('subject', '=', p.accountId).execute();
    expect(passed).toEqual([]);
  }, 300_000);

  it('refuses the still photo with the first message, and a used nonce; the flow stays at 验证身份', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const { started, res } = await faceStep(agent, id, { name: p.name, idNumber: p.idNumber }, 'a', true);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('face.actions_not_done');
    const again = await post(agent, id, 'face', { nonce: started.body.face.nonce, frames: wire(actionFrames('a', started.body.face.actions)) });
    expect(again.body.error.code).toBe('face.nonce_invalid');
    expect((await agent.call('GET', `/api/flows/${id}`)).body.flow.state).toBe('verify');
  }, 120_000);

  it('a nonce is bound to its flow: another flow’s (even the same person’s) and a real-name one are refused', async () => {
    const p = await registered();
    const a = new Agent(server.url);
    const first = await atVerify(a, p.username);
    const started = await post(a, first, 'face-start', { name: p.name, idNumber: p.idNumber, consent: true });
    const second = await atVerify(a, p.username);
    const frames = wire(actionFrames('a', started.body.face.actions));
    server.clock.advance(Math.max(...frames.map((f) => f.at)) + 500);
    const res = await post(a, second, 'face', { nonce: started.body.face.nonce, frames });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('face.nonce_invalid');
    // A challenge of 人脸识别认证 is not one of 刷脸认证找回.
    const signedIn = new Agent(server.url);
    await login(signedIn, p.username, p.password);
    const capture = await signedIn.call('POST', '/api/account/real-name/face/capture', { consent: true });
    expect(capture.status).toBe(201);
    const third = await atVerify(signedIn, p.username);
    const cross = await post(signedIn, third, 'face', { nonce: capture.body.nonce, frames: wire(actionFrames('a', capture.body.actions)) });
    expect(cross.body.error.code).toBe('face.nonce_invalid');
  }, 120_000);

  it('asks for consent before the camera opens', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    const id = await atVerify(agent, p.username);
    const res = await post(agent, id, 'face-start', { name: p.name, idNumber: p.idNumber });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('face.consent_required');
  });
});
