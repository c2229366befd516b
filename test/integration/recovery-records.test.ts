/**
 * The reset of 忘记密码 opens only on a verification record that passed for the account the flow
 * recovers (src/methods/records.ts): not on a record still open, nor on another account's pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, SECURITY_ANSWERS, type TestPerson } from '../helpers/people.js';
import { TEST_CAPTCHA, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'Rb5$wQz8Nk';
const ANSWERS = SECURITY_ANSWERS;

async function withQuestions(): Promise<TestPerson & { accountId: string }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  expect((await agent.call('POST', '/api/account/reauth/password', { password: p.password })).status).toBe(200);
  expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS })).status).toBe(200);
  const { id } = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', p.username).executeTakeFirstOrThrow();
  return { ...p, accountId: id };
}

const flowRow = (id: string) => server.ctx.db.selectFrom('flows').select(['state', 'data']).where('id', '=', id).executeTakeFirstOrThrow();
const setFlow = (id: string, state: string, data: object) => server.ctx.db.updateTable('flows').set({ state, data: JSON.stringify(data) }).where('id', '=', id).execute();

describe('verification records on the recovery flow', () => {
  it('the reset is refused on an open record or another account\'s pass, and opens on the account\'s own pass', async () => {
    const p = await withQuestions();
    const other = await withQuestions();
    const agent = new Agent(server.url);
    const id = (await agent.call('POST', '/api/flows/recovery', {})).body.flow.id as string;
    const step1 = await agent.call('POST', `/api/flows/recovery/${id}/account`, { identifier: p.username, captcha: TEST_CAPTCHA });
    expect(step1.body.flow.state).toBe('verify');
    const atVerify = await flowRow(id);
    const data = atVerify.data as { accountId: string; verifications: Record<string, Record<string, unknown>> };
    expect(data.accountId).toBe(p.accountId);
    expect(data.verifications.security_questions).toMatchObject({ method: 'security_questions', accountId: p.accountId, status: 'open', tries: 0 });
    const reset = () => agent.call('POST', `/api/flows/recovery/${id}/reset`, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    // At 重置密码 with only the open record (as if a step had been skipped): refused.
    await setFlow(id, 'reset', data);
    expect((await reset()).body.error?.code).toBe('flow.wrong_state');
    // With another account's passing record: refused too.
    await setFlow(id, 'reset', { ...data, verifications: { sms: { method: 'sms', accountId: other.accountId, status: 'passed', tries: 0, idMatched: true } } });
    expect((await reset()).body.error?.code).toBe('flow.wrong_state');
    expect((await login(new Agent(server.url), p.username, p.password)).status).toBe(200);
    expect((await login(new Agent(server.url), other.username, other.password)).status).toBe(200);

    // The account's own pass, by the step: the reset opens, once, and the record says which method passed.
    await setFlow(id, 'verify', data);
    const ok = await agent.call('POST', `/api/flows/recovery/${id}/security-questions`, { answers: ANSWERS });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await flowRow(id)).data).toMatchObject({ verifications: { security_questions: { status: 'passed', accountId: p.accountId, tries: 1 } } });
    const done = await reset();
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.flow).toMatchObject({ state: 'completed', summary: { methods: ['face', 'security_questions', 'sms', 'bank4'] } });
    expect((await flowRow(id)).data).toEqual({ accountKind: 'person', verifiedBy: 'security_questions' });
    expect((await login(new Agent(server.url), p.username, NEW_PASSWORD)).status).toBe(200);
    expect((await login(new Agent(server.url), other.username, other.password)).status).toBe(200);
  });
});
