/**
 * Security questions (密保问题, seeds 000/001): a fixed list; a person picks three different ones
 * and answers them. Answers are normalised (NFKC, trimmed, inner spaces collapsed, lower case) and
 * kept only as argon2id hashes. SECURITY.md counts this a weaker method, offered because the seeds
 * ask for it; recovery by it is limited to a few tries per flow and per account.
 */
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';

export const SECURITY_QUESTIONS = [
  { id: 'birthplace', 'zh-CN': '您的出生地是哪里？', 'en-US': 'Where were you born?' },
  { id: 'mother_name', 'zh-CN': '您母亲的姓名是什么？', 'en-US': "What is your mother's name?" },
  { id: 'father_name', 'zh-CN': '您父亲的姓名是什么？', 'en-US': "What is your father's name?" },
  { id: 'primary_school', 'zh-CN': '您就读的小学名称是什么？', 'en-US': 'What was the name of your primary school?' },
  { id: 'first_teacher', 'zh-CN': '您小学班主任的姓名是什么？', 'en-US': 'What was the name of your first class teacher?' },
  { id: 'spouse_birthday', 'zh-CN': '您配偶的生日是哪天？', 'en-US': "What is your spouse's birthday?" },
  { id: 'first_employer', 'zh-CN': '您第一个工作单位的名称是什么？', 'en-US': 'What was the name of your first employer?' },
  { id: 'childhood_friend', 'zh-CN': '您童年最好的朋友叫什么名字？', 'en-US': 'What is the name of your best childhood friend?' },
  { id: 'favourite_book', 'zh-CN': '您最喜欢的一本书是什么？', 'en-US': 'What is your favourite book?' },
  { id: 'hometown_street', 'zh-CN': '您童年居住的街道名称是什么？', 'en-US': 'What street did you live on as a child?' },
] as const;

export type SecurityQuestionId = (typeof SECURITY_QUESTIONS)[number]['id'];
export const SECURITY_QUESTION_IDS = SECURITY_QUESTIONS.map((q) => q.id) as [SecurityQuestionId, ...SecurityQuestionId[]];
export const QUESTIONS_PER_ACCOUNT = 3;
export const ANSWER_MAX_LENGTH = 50;

/** `normaliseAnswer('  Bei　 JING ')` → `'bei jing'` (full-width space folded by NFKC). */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** One answer as a form sends it (account centre, 忘记密码): a known question, an answer that normalises to 1–50 characters. */
export const AnswerItem = z.strictObject({
  questionId: z.enum(SECURITY_QUESTION_IDS, 'security_questions.invalid'),
  answer: z
    .string('security_questions.answer_invalid')
    .max(200, 'security_questions.answer_invalid')
    .refine((a) => {
      const n = normaliseAnswer(a);
      return n.length >= 1 && [...n].length <= ANSWER_MAX_LENGTH;
    }, 'security_questions.answer_invalid'),
});

export interface SecurityAnswer {
  questionId: SecurityQuestionId;
  answer: string;
}

/** The question ids the account chose, in order (empty when none are set). */
export async function chosenQuestions(ctx: AppContext, accountId: string): Promise<{ questionIds: SecurityQuestionId[]; updatedAt: Date | null }> {
  const rows = await ctx.db.selectFrom('security_questions').select(['question_id', 'updated_at']).where('account_id', '=', accountId).orderBy('position').execute();
  return { questionIds: rows.map((r) => r.question_id as SecurityQuestionId), updatedAt: rows[0]?.updated_at ?? null };
}

/** Replaces the account's three questions and answers in one transaction. Caller checks re-authentication. */
export async function setSecurityQuestions(ctx: AppContext, accountId: string, answers: SecurityAnswer[], ip: string | null): Promise<void> {
  const hashes = await Promise.all(answers.map((a) => ctx.passwords.hash(normaliseAnswer(a.answer))));
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('security_questions').where('account_id', '=', accountId).execute();
    await tx
      .insertInto('security_questions')
      .values(answers.map((a, i) => ({ account_id: accountId, position: i + 1, question_id: a.questionId, answer_hash: hashes[i]!, updated_at: now })))
      .execute();
    await audit(tx, { at: now, actor: accountId, event: 'account.security_questions_set', result: 'success', ip, subject: accountId, detail: { questions: answers.map((a) => a.questionId) } });
  });
}

/**
 * Checks answers to the given questions for an account (null: unknown account). Always does one
 * argon2id verify per answer, against a dummy when there is nothing stored, so the time is the same.
 */
export async function checkSecurityAnswers(ctx: AppContext, accountId: string | null, answers: SecurityAnswer[]): Promise<boolean> {
  const rows = accountId ? await ctx.db.selectFrom('security_questions').select(['question_id', 'answer_hash']).where('account_id', '=', accountId).execute() : [];
  const stored = new Map(rows.map((r) => [r.question_id, r.answer_hash]));
  let ok = rows.length === QUESTIONS_PER_ACCOUNT && answers.length === QUESTIONS_PER_ACCOUNT;
  for (const a of answers) {
    const match = await ctx.passwords.verify(stored.get(a.questionId) ?? null, normaliseAnswer(a.answer));
    ok = ok && match;
  }
  return ok;
}

/**
 * The questions step 2 of recovery shows: the account's own, or for an unknown account (or one
 * without questions) three that depend only on the typed identifier, so asking twice shows the same
 * three and the page looks alike either way.
 */
export async function questionsToAsk(ctx: AppContext, accountId: string | null, identifierKey: string): Promise<SecurityQuestionId[]> {
  if (accountId) {
    const { questionIds } = await chosenQuestions(ctx, accountId);
    if (questionIds.length === QUESTIONS_PER_ACCOUNT) return questionIds;
  }
  const digest = Buffer.from(ctx.vault.mac('security-question-decoy', identifierKey), 'base64url');
  const pool: SecurityQuestionId[] = [...SECURITY_QUESTION_IDS];
  const picked: SecurityQuestionId[] = [];
  for (let i = 0; picked.length < QUESTIONS_PER_ACCOUNT; i++) picked.push(pool.splice(digest[i % digest.length]! % pool.length, 1)[0]!);
  return picked;
}
