import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/accounts/set-password.js';
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

const accountIdOf = async (username: string) =>
  (await server.ctx.db.selectFrom('accounts').select('id').where('username_norm', '=', username.toLowerCase()).executeTakeFirstOrThrow()).id;
const err = (e: unknown) => (e as { code?: string }).code;

describe('setPassword', () => {
  it('replaces the password, ends every session and the SSO records of the account', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const a = new Agent(server.url);
    const b = new Agent(server.url);
    expect((await login(a, p.username, p.password)).status).toBe(200);
    expect((await login(b, p.username, p.password)).status).toBe(200);
    const id = await accountIdOf(p.username);
    await server.ctx.db.insertInto('oidc_payloads').values({ model: 'RefreshToken', id: `rt-${id}`, payload: JSON.stringify({ accountId: id }), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null }).execute();

    await setPassword(server.ctx, id, 'Nw4$kRt9Lp', { reason: 'password_change', ip: '203.0.113.5' });

    expect((await a.call('GET', '/api/session')).status).toBe(401);
    expect((await b.call('GET', '/api/session')).status).toBe(401);
    expect(await server.ctx.db.selectFrom('oidc_payloads').select('id').where('id', '=', `rt-${id}`).executeTakeFirst()).toBeUndefined();
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(401);
    expect((await login(new Agent(server.url), p.username, 'Nw4$kRt9Lp')).status).toBe(200);
    const events = await server.ctx.db.selectFrom('audit_log').select(['event', 'ip']).where('subject', '=', id).where('event', '=', 'account.password_change').execute();
    expect(events).toEqual([{ event: 'account.password_change', ip: '203.0.113.5' }]);
  });

  it('refuses the current password and the four before it, accepts the sixth-oldest', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const id = await accountIdOf(p.username);
    const opts = { reason: 'password_change', ip: null };
    const seq = ['Aa1!history1', 'Aa1!history2', 'Aa1!history3', 'Aa1!history4', 'Aa1!history5'];
    for (const pw of seq) await setPassword(server.ctx, id, pw, opts);
    // Current: history5; last five: history1..history5.
    for (const pw of seq) expect(err(await setPassword(server.ctx, id, pw, opts).catch((e) => e))).toBe('password.reused');
    // The registration password is now the sixth-oldest: allowed again.
    await setPassword(server.ctx, id, p.password, opts);
    const kept = await server.ctx.db.selectFrom('password_history').select('id').where('account_id', '=', id).execute();
    expect(kept).toHaveLength(4);
  });

  it('applies the password policy with the person\'s own data', async () => {
    const p = newPerson();
    await register(new Agent(server.url), p);
    const id = await accountIdOf(p.username);
    expect(err(await setPassword(server.ctx, id, 'short1', { reason: 'password_change', ip: null }).catch((e) => e))).toBe('password.too_short');
    expect(err(await setPassword(server.ctx, id, `Xx${p.idNumber.slice(-6)}`, { reason: 'password_change', ip: null }).catch((e) => e))).toBe('password.contains_context');
  });
});
