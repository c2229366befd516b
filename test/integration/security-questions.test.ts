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

  it('sets three questions with the current password; answers are stored only hashed', async () => {
    const { agent, p } = await signedIn();
    expect((await agent.call('GET', '/api/account/security-questions')).body).toEqual({ configured: false, questionIds: [], updatedAt: null });
    const res = await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: ANSWERS });
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
    await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: ANSWERS });
    const next = [
      { questionId: 'mother_name', answer: '王芳' },
      { questionId: 'father_name', answer: '李强' },
      { questionId: 'favourite_book', answer: '红楼梦' },
    ];
    const res = await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: next });
    expect(res.body.questionIds).toEqual(['mother_name', 'father_name', 'favourite_book']);
  });

  it('needs the current password, three different questions and non-empty answers', async () => {
    const { agent, p } = await signedIn();
    const wrong = await agent.call('POST', '/api/account/security-questions', { currentPassword: 'Not-the-password1', items: ANSWERS });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'reauth.invalid_password', message: '当前密码错误' });
    const twice = [ANSWERS[0], ANSWERS[0], ANSWERS[1]];
    expect((await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: twice })).body.error.code).toBe('security_questions.invalid');
    expect((await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: ANSWERS.slice(0, 2) })).body.error.code).toBe('security_questions.invalid');
    const blank = [{ ...ANSWERS[0], answer: '   ' }, ANSWERS[1], ANSWERS[2]];
    expect((await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: blank })).body.error.code).toBe('security_questions.answer_invalid');
    const unknown = [{ questionId: 'pet', answer: 'x' }, ANSWERS[1], ANSWERS[2]];
    expect((await agent.call('POST', '/api/account/security-questions', { currentPassword: p.password, items: unknown })).body.error.code).toBe('security_questions.invalid');
    expect((await agent.call('GET', '/api/account/security-questions')).body.configured).toBe(false);
    agent.lang = 'en-US';
    const en = await agent.call('POST', '/api/account/security-questions', { currentPassword: 'nope', items: ANSWERS });
    expect(en.body.error.message).toBe('The current password is wrong');
  });

  it('limits current-password tries per account', async () => {
    const limited = await startServer({ limits: { ...server.ctx.config.limits, reauthPerAccount: { max: 3, windowSeconds: 3600 } } });
    try {
      const p = newPerson();
      await register(new Agent(limited.url), p);
      const agent = new Agent(limited.url);
      expect((await login(agent, p.username, p.password)).status).toBe(200);
      const codes: string[] = [];
      for (let i = 0; i < 4; i++) codes.push((await agent.call('POST', '/api/account/security-questions', { currentPassword: 'Wrong#pass1', items: ANSWERS })).body.error.code);
      expect(codes).toEqual(['reauth.invalid_password', 'reauth.invalid_password', 'reauth.invalid_password', 'rate_limited']);
    } finally {
      await limited.close();
    }
  });

  it('is for signed-in persons only', async () => {
    const anon = new Agent(server.url);
    expect((await anon.call('GET', '/api/account/security-questions')).status).toBe(401);
    expect((await anon.call('POST', '/api/account/security-questions', { currentPassword: 'x', items: ANSWERS })).status).toBe(401);
  });
});
