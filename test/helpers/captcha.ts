/**
 * What every captcha-guarded step must do, whatever it guards: a wrong answer uses the flow's
 * captcha up (the right one after it is refused too), and past the step's rate limit the answer is
 * 429 before the flow or its captcha are looked at, leaving both as they were.
 */
import { expect } from 'vitest';
import { pendingHit, type LimitName } from '../../src/security/rate-limit.js';
import type { Agent } from './browser.js';
import { TEST_CAPTCHA, type TestServer } from './server.js';

export interface CaptchaStep {
  agent: Agent;
  /** The step's path for a flow id. */
  path: (flowId: string) => string;
  flowId: string;
  /** A body the step accepts, with the right captcha. */
  form: Record<string, unknown>;
  /** The flow's state before the step (and after a refused one). */
  state: string;
}

/** A flow's captcha and state as stored: `captcha_hash` is null once the captcha is used up. */
export const storedFlow = (server: TestServer, id: string) =>
  server.ctx.db.selectFrom('flows').select(['state', 'captcha_hash']).where('id', '=', id).executeTakeFirstOrThrow();

/** A wrong answer is captcha.invalid and uses the captcha up: the right answer after it is captcha.invalid too. */
export async function expectWrongCaptchaUsedUp(server: TestServer, step: CaptchaStep): Promise<void> {
  const wrong = await step.agent.call('POST', step.path(step.flowId), { ...step.form, captcha: 'ZZZZ' });
  expect(wrong.status, JSON.stringify(wrong.body)).toBe(400);
  expect(wrong.body.error.code).toBe('captcha.invalid');
  expect(await storedFlow(server, step.flowId)).toEqual({ state: step.state, captcha_hash: null });
  const reused = await step.agent.call('POST', step.path(step.flowId), { ...step.form, captcha: TEST_CAPTCHA });
  expect(reused.status, JSON.stringify(reused.body)).toBe(400);
  expect(reused.body.error.code).toBe('captcha.invalid');
}

/**
 * With `limit`'s window for the tests' address full, the step answers 429 rate_limited with
 * Retry-After, for its flow and for an unknown one alike (the flow is not looked at), and the
 * flow keeps its state and captcha. The window is emptied again afterwards.
 */
export async function expectLimitedBeforeCaptcha(server: TestServer, step: CaptchaStep, limit: LimitName): Promise<void> {
  const h = pendingHit(server.ctx, limit, '127.0.0.1');
  await server.ctx.db
    .insertInto('rate_limits')
    .values({ key: h.key, count: h.max, expires_at: h.expires })
    .onConflict((oc) => oc.column('key').doUpdateSet({ count: h.max }))
    .execute();
  try {
    const res = await step.agent.call('POST', step.path(step.flowId), step.form);
    expect(res.status, JSON.stringify(res.body)).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const unknown = await step.agent.call('POST', step.path('00000000-0000-4000-8000-000000000000'), step.form);
    expect(unknown.status).toBe(429);
  } finally {
    await server.ctx.db.deleteFrom('rate_limits').where('key', '=', h.key).execute();
  }
  expect(await storedFlow(server, step.flowId)).toEqual({ state: step.state, captcha_hash: expect.any(String) });
}
