/**
 * 密保问题 in the account centre: the list of questions, the person's choice, and setting them —
 * a sensitive change, so it needs the account centre's re-authentication (a recent password or SMS
 * proof on the session, else `403 reauth.required`), like changing the password, phone or e-mail.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  AnswerItem,
  chosenQuestions,
  QUESTIONS_PER_ACCOUNT,
  SECURITY_QUESTIONS,
  setSecurityQuestions,
} from '../../accounts/security-questions.js';
import { requireRecentAuth } from '../../accounts/settings/reauth.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { parse } from '../validate.js';
import { SecurityQuestionList, SecurityQuestionStatus } from '../../shared/api/account.js';

const SetBody = z.strictObject({
  items: z
    .array(AnswerItem, 'security_questions.invalid')
    .length(QUESTIONS_PER_ACCOUNT, 'security_questions.invalid')
    .refine((items) => new Set(items.map((i) => i.questionId)).size === items.length, 'security_questions.invalid'),
});

export function securityQuestionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/security-questions', { config: { serves: ['public'], input: {}, output: { 200: SecurityQuestionList } } }, async () => ({
    questions: SECURITY_QUESTIONS.map((q) => ({ id: q.id, text: { 'zh-CN': q['zh-CN'], 'en-US': q['en-US'] } })),
  }));

  app.get('/api/account/security-questions', { config: { serves: ['person'], input: {}, output: { 200: SecurityQuestionStatus } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { questionIds, updatedAt } = await chosenQuestions(ctx, session.accountId);
    return { configured: questionIds.length === QUESTIONS_PER_ACCOUNT, questionIds, updatedAt: updatedAt?.toISOString() ?? null };
  });

  app.post('/api/account/security-questions', { config: { serves: ['person'], input: { body: SetBody }, output: { 200: SecurityQuestionStatus } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(SetBody, req.body);
    await requireRecentAuth(ctx, session);
    const ip = clientInfo(req).ip;
    await setSecurityQuestions(ctx, session.accountId, body.items, ip);
    const { questionIds, updatedAt } = await chosenQuestions(ctx, session.accountId);
    return { configured: true, questionIds, updatedAt: updatedAt?.toISOString() ?? null };
  });
}
