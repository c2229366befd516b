/**
 * The captcha's proof of work and the accessible captcha (docs/captcha.md), on the password login
 * step; every other captcha step goes through the same check (src/flows/flow.ts) and the same
 * schema field. The test Agent normally adds `pow` by itself: these tests send it by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvePow } from '../../src/connectors/captcha/pow.js';
import { errorMessage } from '../../src/shared/errors.js';
import { Agent } from '../helpers/browser.js';
import { storedFlow } from '../helpers/captcha.js';
import { newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, TEST_POW, type TestServer } from '../helpers/server.js';

let server: TestServer;
let person: TestPerson;
beforeAll(async () => {
  server = await startServer();
  person = newPerson();
  await register(new Agent(server.url), person);
});
afterAll(async () => {
  await server?.close();
});

interface Challenge {
  algorithm: string;
  challenge: string;
  salt: string;
  maxnumber: number;
  flowId: string;
  accessible?: boolean;
}

const answer = (c: Challenge) => String(solvePow(c));

async function startLogin(agent: Agent): Promise<{ id: string; pow: Challenge }> {
  const res = await agent.call('POST', '/api/flows/login', {});
  expect(res.status).toBe(201);
  return { id: res.body.flow.id, pow: res.body.flow.pow };
}

const passwordStep = (agent: Agent, id: string, extra: Record<string, unknown>) =>
  agent.call('POST', `/api/flows/login/${id}/password`, { identifier: person.username, password: person.password, captcha: TEST_CAPTCHA, ...extra });

describe('the proof of work with every captcha', () => {
  it('comes beside each picture: an ALTCHA-format challenge of this flow, solvable within its bound', async () => {
    const agent = new Agent(server.url);
    const { id, pow } = await startLogin(agent);
    expect(pow).toMatchObject({ algorithm: 'SHA-256', flowId: id, maxnumber: TEST_POW.powMax });
    expect(pow.accessible).toBeUndefined();
    expect(solvePow(pow)).toBeGreaterThanOrEqual(0);
    const fresh = await agent.call('GET', `/api/flows/${id}/captcha`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toBe('no-store');
    expect(fresh.body.captcha).toMatch(/^data:image\/png;base64,/);
    expect(fresh.body.pow).toMatchObject({ algorithm: 'SHA-256', flowId: id });
    expect(fresh.body.pow.challenge).not.toBe(pow.challenge);
  });

  it('missing: pow.required in both languages, and the captcha is not used up', async () => {
    const agent = new Agent(server.url);
    const { id, pow } = await startLogin(agent);
    const missing = await passwordStep(agent, id, { pow: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'pow.required', message: errorMessage('pow.required', 'zh-CN') });
    agent.lang = 'en-US';
    const english = await passwordStep(agent, id, { pow: undefined });
    expect(english.body.error).toMatchObject({ code: 'pow.required', message: 'The page check has not finished yet, please try again in a moment' });
    expect((await storedFlow(server, id)).captcha_hash).not.toBeNull();
    expect((await passwordStep(agent, id, { pow: answer(pow) })).status).toBe(200);
  });

  it('wrong: pow.invalid, and the captcha is used up (the right answers after it are refused too)', async () => {
    const agent = new Agent(server.url);
    const { id, pow } = await startLogin(agent);
    const right = answer(pow);
    const wrong = await passwordStep(agent, id, { pow: String((Number(right) + 1) % (pow.maxnumber + 1)) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'pow.invalid', message: errorMessage('pow.invalid', 'zh-CN'), fields: { captcha: errorMessage('pow.invalid', 'zh-CN') } });
    expect(await storedFlow(server, id)).toEqual({ state: 'choose_method', captcha_hash: null });
    expect((await passwordStep(agent, id, { pow: right })).body.error.code).toBe('captcha.invalid');
    expect((await passwordStep(agent, id, { pow: 'abc' })).body.error.code).toBe('captcha.invalid');
  });

  it("reused: a solution of the flow's previous captcha, or of another flow's, is pow.invalid; the current one signs in", async () => {
    const agent = new Agent(server.url);
    const { id, pow: first } = await startLogin(agent);
    const old = answer(first);
    // The person asks for another picture: the first captcha and its proof of work stop working.
    // (A new picture whose proof of work happens to have the same answer would make the stale one right
    // by chance — and sign in, moving the flow and the CSRF token on: ask again until they differ.)
    let fresh = await agent.call('GET', `/api/flows/${id}/captcha`);
    for (let i = 0; i < 8 && answer(fresh.body.pow) === old; i++) fresh = await agent.call('GET', `/api/flows/${id}/captcha`);
    expect(answer(fresh.body.pow)).not.toBe(old);
    const stale = await passwordStep(agent, id, { pow: old });
    expect(stale.body.error.code).toBe('pow.invalid');
    await agent.call('GET', `/api/flows/${id}/captcha`);
    const otherAgent = new Agent(server.url);
    const other = await startLogin(otherAgent);
    const current = agent.pow.get(id)!;
    const borrowed = answer(other.pow);
    if (borrowed !== current) expect((await passwordStep(agent, id, { pow: borrowed })).body.error.code).toBe('pow.invalid');
    else agent.csrf = (await passwordStep(agent, id, { pow: borrowed })).body.csrfToken;
    // A solution is single use with its captcha: after a sign-in the same body is refused.
    const again = await startLogin(agent);
    const solution = answer(again.pow);
    const signedIn = await passwordStep(agent, again.id, { pow: solution });
    expect(signedIn.status).toBe(200);
    agent.csrf = signedIn.body.csrfToken;
    // (The sign-in moved the flow on and gave the browser a new binding: the flow is gone for it.)
    expect((await passwordStep(agent, again.id, { pow: solution })).body.error.code).toBe('flow.not_found');
  });

  it('is a number the server derives from the stored captcha: it stays out of the flow row and the answer', async () => {
    const agent = new Agent(server.url);
    const { id, pow } = await startLogin(agent);
    const row = await server.ctx.db.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(pow.salt);
    expect(Object.keys(pow).sort()).toEqual(['algorithm', 'challenge', 'flowId', 'maxnumber', 'salt']);
  });
});

describe('无法看清图片？ the accessible captcha', () => {
  it('replaces the picture with a costlier proof of work that is the whole answer, and signs in', async () => {
    const agent = new Agent(server.url);
    const { id, pow: imagePow } = await startLogin(agent);
    const res = await agent.call('POST', `/api/flows/${id}/captcha/accessible`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.captcha).toBeUndefined();
    expect(res.body.pow).toMatchObject({ algorithm: 'SHA-256', flowId: id, maxnumber: TEST_POW.accessiblePowMax, accessible: true });
    // The picture's proof of work no longer counts.
    const stale = answer(imagePow);
    if (stale !== answer(res.body.pow)) {
      expect((await passwordStep(agent, id, { captcha: 'x', pow: stale })).body.error.code).toBe('pow.invalid');
      await agent.call('POST', `/api/flows/${id}/captcha/accessible`, {});
    }
    // No text to type: whatever the captcha field says, the proof of work decides.
    const ok = await passwordStep(agent, id, { captcha: agent.pow.get(id)! });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('refuses a wrong or missing proof of work as a picture captcha does', async () => {
    const agent = new Agent(server.url);
    const { id } = await startLogin(agent);
    const a11y = (await agent.call('POST', `/api/flows/${id}/captcha/accessible`, {})).body.pow as Challenge;
    expect((await passwordStep(agent, id, { pow: undefined })).body.error.code).toBe('pow.required');
    const right = answer(a11y);
    expect((await passwordStep(agent, id, { pow: String((Number(right) + 1) % (a11y.maxnumber + 1)) })).body.error.code).toBe('pow.invalid');
    expect((await passwordStep(agent, id, { pow: right })).body.error.code).toBe('captcha.invalid');
  });

  it('is limited per flow and per IP, tighter than pictures, with 429 and Retry-After', async () => {
    const limited = await startServer({
      limits: { ...server.ctx.config.limits, captchaAccessiblePerFlow: { max: 2, windowSeconds: 3600 }, captchaAccessiblePerIp: { max: 4, windowSeconds: 3600 } },
    });
    try {
      const agent = new Agent(limited.url);
      const first = await agent.call('POST', '/api/flows/login', {});
      const id = first.body.flow.id;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await agent.call('POST', `/api/flows/${id}/captcha/accessible`, {})).status);
      expect(statuses).toEqual([200, 200, 429]);
      // Another flow of the same address (the refused try counted too): one more, then the address is done for the hour.
      const second = await agent.call('POST', '/api/flows/login', {});
      const res = [];
      for (let i = 0; i < 2; i++) res.push(await agent.call('POST', `/api/flows/${second.body.flow.id}/captcha/accessible`, {}));
      expect(res.map((r) => r.status)).toEqual([200, 429]);
      expect(res[1]!.body.error.code).toBe('rate_limited');
      expect(Number(res[1]!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Pictures are still there for the same flow.
      expect((await agent.call('GET', `/api/flows/${second.body.flow.id}/captcha`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("answers only this browser's flow", async () => {
    const { id } = await startLogin(new Agent(server.url));
    const res = await new Agent(server.url).call('POST', `/api/flows/${id}/captcha/accessible`, {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('flow.not_found');
  });
});
