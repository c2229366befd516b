import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAnswer } from '../../src/accounts/security-questions.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function signedIn(): Promise<{ agent: Agent; p: TestPerson }> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  const agent = new Agent(server.url);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, p };
}

/** The account centre's re-authentication (身份验证) on the agent's session. */
async function reauth(agent: Agent, p: TestPerson): Promise<void> {
  const res = await agent.call('POST', '/api/account/reauth/password', { password: p.password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export const ANSWERS = [
  { questionId: 'birthplace', answer: '广州 越秀' },
  { questionId: 'primary_school', answer: 'Dongshan Primary' },
  { questionId: 'first_employer', answer: '广州市人社局' },
];

describe('security questions (密保问题)', () => {
  it('lists a fixed set of questions in both languages', async () => {
    const res = await new Agent(server.url).call('GET', '/api/security-questions');
    expect(res.status).toBe(200);
    expect(res.body.questions.length).toBeGreaterThanOrEqual(6);
    expect(res.body.questions[0]).toMatchObject({ id: 'birthplace', text: { 'zh-CN': '您的出生地是哪里？', 'en-US': 'Where were you born?' } });
  });

  it('normalises answers: NFKC, trimmed, spaces collapsed, lower case', () => {
    expect(normaliseAnswer('  Ｂｅｉ　 JING ')).toBe('bei jing');
    expect(normaliseAnswer('广州\t越秀')).toBe('广州 越秀');
  });

  it('sets three questions after re-authentication; answers are stored only hashed', async () => {
    const { agent, p } = await signedIn();
    expect((await agent.call('GET', '/api/account/security-questions')).body).toEqual({ configured: false, questionIds: [], updatedAt: null });
    await reauth(agent, p);
    const res = await agent.call('POST', '/api/account/security-questions', { items: ANSWERS });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ configured: true, questionIds: ['birthplace', 'primary_school', 'first_employer'] });
    const got = await agent.call('GET', '/api/account/security-questions');
    expect(got.body.questionIds).toEqual(['birthplace', 'primary_school', 'first_employer']);
    expect(JSON.stringify(got.body)).not.toContain('越秀');
    const rows = await server.ctx.db.selectFrom('security_questions').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('越秀');
    expect(dump).not.toContain('dongshan');
    expect(rows.every((r) => r.answer_hash.startsWith('$argon2id$'))).toBe(true);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['detail']).where('event', '=', 'account.security_questions_set').execute();
    expect(JSON.stringify(audit)).not.toContain('越秀');
  });

  it('replaces the previous questions when set again', async () => {
    const { agent, p } = await signedIn();
    await reauth(agent, p);
    await agent.call('POST', '/api/account/security-questions', { items: ANSWERS });
    const next = [
      { questionId: 'mother_name', answer: '王芳' },
      { questionId: 'father_name', answer: '李强' },
      { questionId: 'favourite_book', answer: '红楼梦' },
    ];
    const res = await agent.call('POST', '/api/account/security-questions', { items: next });
    expect(res.body.questionIds).toEqual(['mother_name', 'father_name', 'favourite_book']);
  });

  it('needs a recent re-authentication on the session (the current password alone is not accepted)', async () => {
    const { agent, p } = await signedIn();
    const without = await agent.call('POST', '/api/account/security-questions', { items: ANSWERS });
    expect(without.status).toBe(403);
    expect(without.body.error).toMatchObject({ code: 'reauth.required', message: '为了您的账户安全，请先验证身份' });
    // The old way (the password in the body) is refused as an unknown field.
    expect((await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: ANSWERS })).body.error.code).toBe('request.invalid');
    // A wrong password does not re-authenticate.
    expect((await agent.call('POST', '/api/account/reauth/password', { password: 'Not-the-password1' })).body.error.code).toBe('reauth.wrong_password');
    expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS })).body.error.code).toBe('reauth.required');
    expect((await agent.call('GET', '/api/account/security-questions')).body.configured).toBe(false);
    // Another session of the same account does not borrow this one's proof.
    await reauth(agent, p);
    const other = new Agent(server.url);
    expect((await login(other, p.username, p.password)).status).toBe(200);
    expect((await other.call('POST', '/api/account/security-questions', { items: ANSWERS })).body.error.code).toBe('reauth.required');
    // The proof counts for SHENFEN_REAUTH_MINUTES only.
    server.clock.advanceMinutes(server.ctx.config.accountCentre.reauthMinutes + 1);
    expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS })).body.error.code).toBe('reauth.required');
    agent.lang = 'en-US';
    expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS })).body.error.message).toBe('For your security, please verify it is you first');
    expect((await agent.call('GET', '/api/account/security-questions')).body.configured).toBe(false);
  });

  it('needs three different questions and non-empty answers', async () => {
    const { agent, p } = await signedIn();
    await reauth(agent, p);
    const twice = [ANSWERS[0], ANSWERS[0], ANSWERS[1]];
    expect((await agent.call('POST', '/api/account/security-questions', { items: twice })).body.error.code).toBe('security_questions.invalid');
    expect((await agent.call('POST', '/api/account/security-questions', { items: ANSWERS.slice(0, 2) })).body.error.code).toBe('security_questions.invalid');
    const blank = [{ ...ANSWERS[0], answer: '   ' }, ANSWERS[1], ANSWERS[2]];
    expect((await agent.call('POST', '/api/account/security-questions', { items: blank })).body.error.code).toBe('security_questions.answer_invalid');
    const unknown = [{ questionId: 'pet', answer: 'x' }, ANSWERS[1], ANSWERS[2]];
    expect((await agent.call('POST', '/api/account/security-questions', { items: unknown })).body.error.code).toBe('security_questions.invalid');
    expect((await agent.call('GET', '/api/account/security-questions')).body.configured).toBe(false);
  });

  it('is for signed-in persons only', async () => {
    const anon = new Agent(server.url);
    expect((await anon.call('GET', '/api/account/security-questions')).status).toBe(401);
    expect((await anon.call('POST', '/api/account/security-questions', { items: ANSWERS })).status).toBe(401);
  });
});
