import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function signedIn() {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  const res = await login(agent, p.username, p.password);
  expect(res.status).toBe(200);
  return { agent, p, res };
}

describe('sessions', () => {
  it('sets a __Host- cookie that is Secure, HttpOnly and SameSite, with no personal data', async () => {
    const { res, p } = await signedIn();
    const cookies = res.headers.getSetCookie();
    const sid = cookies.find((c) => c.startsWith('__Host-shenfen_sid='))!;
    expect(sid).toMatch(/; Path=\//);
    expect(sid).toMatch(/; Secure/);
    expect(sid).toMatch(/; HttpOnly/);
    expect(sid).toMatch(/; SameSite=(Lax|Strict)/);
    expect(sid).not.toMatch(/Domain=/i);
    expect(sid).not.toContain(p.username);
    const value = sid.split(';')[0]!.split('=')[1]!;
    expect(Buffer.from(value, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('issues a new session id at every login (no fixation)', async () => {
    const { agent, p } = await signedIn();
    const first = agent.cookies.get('__Host-shenfen_sid');
    await login(agent, p.username, p.password);
    const second = agent.cookies.get('__Host-shenfen_sid');
    expect(second).not.toBe(first);
    const replay = new Agent(server.url);
    replay.cookies.set('__Host-shenfen_sid', first!);
    expect((await replay.call('GET', '/api/session')).status).toBe(401);
  });

  it('ends after 30 idle minutes', async () => {
    const { agent } = await signedIn();
    server.clock.advanceMinutes(29);
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
    server.clock.advanceMinutes(29);
    expect((await agent.call('GET', '/api/session')).status).toBe(200);
    server.clock.advanceMinutes(31);
    const res = await agent.call('GET', '/api/session');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session.required');
  });

  it('ends after 12 hours however active', async () => {
    const { agent } = await signedIn();
    for (let i = 0; i < 24; i++) {
      server.clock.advanceMinutes(29);
      expect((await agent.call('GET', '/api/session')).status).toBe(200);
    }
    server.clock.advanceMinutes(29);
    expect((await agent.call('GET', '/api/session')).status).toBe(401);
  });

  it('logs out on the server: the old cookie no longer works', async () => {
    const { agent } = await signedIn();
    const token = agent.cookies.get('__Host-shenfen_sid')!;
    const out = await agent.call('POST', '/api/session/logout');
    expect(out.status).toBe(204);
    expect(agent.cookies.has('__Host-shenfen_sid')).toBe(false);
    const replay = new Agent(server.url);
    replay.cookies.set('__Host-shenfen_sid', token);
    expect((await replay.call('GET', '/api/account/profile')).status).toBe(401);
  });

  it('needs a session for the account centre', async () => {
    const agent = new Agent(server.url);
    for (const path of ['/api/session', '/api/account/profile', '/api/account/login-history']) {
      const res = await agent.call('GET', path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('session.required');
    }
  });
});
