import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

function expectCleanError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+|stack/i);
}

describe('CSRF', () => {
  it('refuses a write without the token, login included', async () => {
    const agent = new Agent(server.url);
    await agent.refreshCsrf();
    expectCleanError(await agent.raw('POST', '/api/flows/login', {}), 403, 'csrf.invalid');
    expectCleanError(await agent.raw('POST', '/api/session/logout'), 403, 'csrf.invalid');
  });

  it('refuses a token that belongs to another browser', async () => {
    const victim = new Agent(server.url);
    const attacker = new Agent(server.url);
    const token = await attacker.refreshCsrf();
    await victim.refreshCsrf();
    expectCleanError(await victim.raw('POST', '/api/flows/login', {}, { 'x-csrf-token': token }), 403, 'csrf.invalid');
  });

  it('refuses a write from a foreign Origin even with a valid token', async () => {
    const agent = new Agent(server.url);
    const res = await agent.call('POST', '/api/flows/login', {}, { origin: 'https://evil.example' });
    expectCleanError(res, 403, 'csrf.invalid');
    expect((await agent.call('POST', '/api/flows/login', {}, { origin: server.url })).status).toBe(201);
  });

  it('rotates the token at login', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const agent = new Agent(server.url);
    const before = await agent.refreshCsrf();
    const flow = await agent.call('POST', '/api/flows/login', {});
    const res = await agent.call('POST', `/api/flows/login/${flow.body.flow.id}/password`, { identifier: p.username, password: p.password, captcha: TEST_CAPTCHA });
    expect(res.body.csrfToken).not.toBe(before);
    expectCleanError(await agent.raw('POST', '/api/session/logout', undefined, { 'x-csrf-token': before }), 403, 'csrf.invalid');
    expect(await agent.refreshCsrf()).toBe(res.body.csrfToken);
    expect((await agent.call('POST', '/api/session/logout')).status).toBe(204);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400 request.malformed', async () => {
    const agent = new Agent(server.url);
    expectCleanError(await agent.call('POST', '/api/flows/login', '{"a":'), 400, 'request.malformed');
  });

  it('answers wrong types and unknown fields with 400 and the field', async () => {
    const agent = new Agent(server.url);
    const flow = await agent.call('POST', '/api/flows/login', {});
    const id = flow.body.flow.id;
    const wrongType = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: 123, password: ['x'], captcha: null });
    expectCleanError(wrongType, 400, 'request.invalid');
    expect(Object.keys(wrongType.body.error.fields).sort()).toEqual(['captcha', 'identifier', 'password']);
    const unknown = await agent.call('POST', `/api/flows/login/${id}/password`, { identifier: 'a', password: 'b', captcha: 'c', admin: true });
    expectCleanError(unknown, 400, 'request.invalid');
    expect(unknown.body.error.fields.admin).toBeTruthy();
    expectCleanError(await agent.call('POST', '/api/flows/login', { extra: 1 }), 400, 'request.invalid');
  });

  it('answers an oversized body with 413', async () => {
    const agent = new Agent(server.url);
    expectCleanError(await agent.call('POST', '/api/flows/login', { pad: 'x'.repeat(20_000) }), 413, 'request.too_large');
  });

  it('answers another content type with 415', async () => {
    const agent = new Agent(server.url);
    expectCleanError(await agent.call('POST', '/api/flows/login', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'request.unsupported_media_type');
  });

  it('answers prototype pollution attempts with 400', async () => {
    const agent = new Agent(server.url);
    const res = await agent.call('POST', '/api/flows/login', '{"__proto__":{"x":1}}');
    expect(res.status).toBe(400);
  });

  it('answers unknown paths and bad ids with JSON 404s', async () => {
    const agent = new Agent(server.url);
    expectCleanError(await agent.call('GET', '/api/nothing-here'), 404, 'request.not_found');
    expectCleanError(await agent.call('GET', '/api/flows/not-a-uuid'), 404, 'flow.not_found');
    expectCleanError(await agent.call('GET', '/api/flows/00000000-0000-0000-0000-000000000000/captcha'), 404, 'flow.not_found');
  });

  it('sends security headers', async () => {
    const res = await new Agent(server.url).call('GET', '/api/meta');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('rate limits', () => {
  it('limits captcha images per IP with 429 and Retry-After', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, captchaPerIp: { max: 3, windowSeconds: 60 } } });
    try {
      const agent = new Agent(limited.url);
      const flow = await agent.call('POST', '/api/flows/login', {});
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await agent.call('GET', `/api/flows/${flow.body.flow.id}/captcha`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = await agent.call('GET', `/api/flows/${flow.body.flow.id}/captcha`);
      expectCleanError(res, 429, 'rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      limited.clock.advance(61_000);
      expect((await agent.call('GET', `/api/flows/${flow.body.flow.id}/captcha`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
