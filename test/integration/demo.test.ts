import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG, DEMO_PERSON, DEMO_STAFF, seedDemo } from '../../src/demo.js';
import { Agent } from '../helpers/browser.js';
import { login } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

describe('demo data (npm start)', () => {
  it('is created once', async () => {
    expect(await seedDemo(server.ctx)).toBe(true);
    expect(await seedDemo(server.ctx)).toBe(false);
  });

  it('signs in the demo person by password, by ID number and by SMS code', async () => {
    expect((await login(new Agent(server.url), DEMO_PERSON.username, DEMO_PERSON.password)).status).toBe(200);
    expect((await login(new Agent(server.url), DEMO_PERSON.idNumber, DEMO_PERSON.password)).status).toBe(200);
    const a = new Agent(server.url);
    const flow = await a.call('POST', '/api/flows/login', {});
    const sent = await a.call('POST', `/api/flows/login/${flow.body.flow.id}/sms-code`, { phone: DEMO_PERSON.phone, captcha: TEST_CAPTCHA });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const code = server.lastSmsCode(DEMO_PERSON.phone);
    const res = await a.call('POST', `/api/flows/login/${flow.body.flow.id}/sms`, { phone: DEMO_PERSON.phone, code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('gives the demo staff member the staff role', async () => {
    const a = new Agent(server.url);
    expect((await login(a, DEMO_STAFF.username, DEMO_STAFF.password)).status).toBe(200);
    const row = await server.ctx.db
      .selectFrom('staff_roles')
      .innerJoin('accounts', 'accounts.id', 'staff_roles.account_id')
      .select('staff_roles.role')
      .where('accounts.username', '=', DEMO_STAFF.username)
      .executeTakeFirst();
    expect(row?.role).toBe('staff');
  });

  it('registers the demo org, which signs in with 单位登录', async () => {
    const a = new Agent(server.url);
    const flow = await a.call('POST', '/api/flows/login', {});
    const res = await a.call('POST', `/api/flows/login/${flow.body.flow.id}/org-password`, { identifier: DEMO_ORG.username, password: DEMO_ORG.password, captcha: TEST_CAPTCHA });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account.kind).toBe('org');
  });
});
