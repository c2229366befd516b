/** 密保问题 in the account centre: the list of questions, the person's choice, and setting them (current password required). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import {
  ANSWER_MAX_LENGTH,
  chosenQuestions,
  normaliseAnswer,
  QUESTIONS_PER_ACCOUNT,
  SECURITY_QUESTION_IDS,
  SECURITY_QUESTIONS,
  setSecurityQuestions,
} from '../../accounts/security-questions.js';
import { hit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { AppError } from '../errors.js';
import { requireSession } from '../session.js';
import { parse } from '../validate.js';

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

const SetBody = z.strictObject({
  currentPassword: z.string('reauth.invalid_password').min(1, 'reauth.invalid_password').max(256, 'reauth.invalid_password'),
  items: z
    .array(AnswerItem, 'security_questions.invalid')
    .length(QUESTIONS_PER_ACCOUNT, 'security_questions.invalid')
    .refine((items) => new Set(items.map((i) => i.questionId)).size === items.length, 'security_questions.invalid'),
});

export function securityQuestionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/security-questions', async () => ({
    questions: SECURITY_QUESTIONS.map((q) => ({ id: q.id, text: { 'zh-CN': q['zh-CN'], 'en-US': q['en-US'] } })),
  }));

  app.get('/api/account/security-questions', async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { questionIds, updatedAt } = await chosenQuestions(ctx, session.accountId);
    return { configured: questionIds.length === QUESTIONS_PER_ACCOUNT, questionIds, updatedAt: updatedAt?.toISOString() ?? null };
  });

  app.post('/api/account/security-questions', async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(SetBody, req.body);
    const ip = clientInfo(req).ip;
    await hit(ctx, 'reauthPerAccount', session.accountId);
    const cred = await ctx.db.selectFrom('password_credentials').select('hash').where('account_id', '=', session.accountId).executeTakeFirst();
    if (!(await ctx.passwords.verify(cred?.hash ?? null, body.currentPassword))) {
      await audit(ctx.db, { at: ctx.clock.now(), actor: session.accountId, event: 'account.security_questions_set', result: 'failure', ip, subject: session.accountId, detail: { reason: 'wrong_password' } });
      throw new AppError('reauth.invalid_password', { currentPassword: 'reauth.invalid_password' });
    }
    await setSecurityQuestions(ctx, session.accountId, body.items, ip);
    const { questionIds, updatedAt } = await chosenQuestions(ctx, session.accountId);
    return { configured: true, questionIds, updatedAt: updatedAt?.toISOString() ?? null };
  });
}
