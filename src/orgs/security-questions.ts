/**
 * The org account's security questions (密保问题, seed 000 org centre): three different questions,
 * answers kept only as argon2id hashes of their normalised form. Setting them needs the org
 * password. A weaker, seed-mandated factor (SECURITY.md); no org recovery uses them yet.
 */
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, assertThat } from '../shared/app-error.js';

export const ORG_SECURITY_QUESTION_COUNT = 3;

/** Full-width folded, spaces dropped, lower-cased: how an answer is compared. */
export const normaliseAnswer = (a: string) => a.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

export async function orgSecurityQuestions(ctx: AppContext, orgId: string): Promise<{ questions: string[]; updatedAt: string | null }> {
  const row = await ctx.db.selectFrom('org_security_questions').selectAll().where('account_id', '=', orgId).executeTakeFirst();
  return { questions: row?.items.map((i) => i.question) ?? [], updatedAt: row?.updated_at.toISOString() ?? null };
}

export async function setOrgSecurityQuestions(ctx: AppContext, orgId: string, currentPassword: string, items: { question: string; answer: string }[], ip: string | null): Promise<void> {
  const cred = await ctx.db.selectFrom('password_credentials').select('hash').where('account_id', '=', orgId).executeTakeFirst();
  if (!(await ctx.passwords.verify(cred?.hash ?? null, currentPassword))) {
    await audit(ctx.db, { at: ctx.clock.now(), actor: orgId, event: 'org.security_questions', result: 'failure', ip, detail: { reason: 'wrong_password' } });
    throw new AppError('auth.invalid_credentials', { currentPassword: 'auth.invalid_credentials' });
  }
  assertThat(new Set(items.map((i) => i.question)).size === items.length, 'org.questions_distinct', { items: 'org.questions_distinct' });
  const hashed = await Promise.all(items.map(async (i) => ({ question: i.question, answerHash: await ctx.passwords.hash(normaliseAnswer(i.answer)) })));
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('org_security_questions')
      .values({ account_id: orgId, items: JSON.stringify(hashed), updated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ items: JSON.stringify(hashed), updated_at: now }))
      .execute();
    await tx.insertInto('audit_log').values({ at: now, actor: orgId, event: 'org.security_questions', result: 'success', ip, subject: orgId, detail: '{}' }).execute();
  });
}

/** Whether every answer matches (for a future recovery step); all are checked, whatever the first says. */
export async function checkOrgSecurityAnswers(ctx: AppContext, orgId: string, answers: string[]): Promise<boolean> {
  const row = await ctx.db.selectFrom('org_security_questions').select('items').where('account_id', '=', orgId).executeTakeFirst();
  if (!row || answers.length !== row.items.length) return false;
  const results = await Promise.all(row.items.map((item, i) => ctx.passwords.verify(item.answerHash, normaliseAnswer(answers[i] ?? ''))));
  return results.every(Boolean);
}

/** The questions the org centre suggests (web OrgSecurityPanel); the first three are its defaults. */
export const ORG_QUESTION_PRESETS = ['单位成立的年份？', '单位第一位会计的姓名？', '单位开户银行？', '单位注册地址的门牌号？', '法定代表人的出生地？'] as const;

/**
 * The questions org recovery asks (issue 5): the org's own three, or — for an unknown org, or one
 * that set none — the org centre's three defaults, the most common choice, so the page looks alike.
 */
export async function orgQuestionsToAsk(ctx: AppContext, orgId: string | null): Promise<string[]> {
  if (orgId) {
    const { questions } = await orgSecurityQuestions(ctx, orgId);
    if (questions.length === ORG_SECURITY_QUESTION_COUNT) return questions;
  }
  return ORG_QUESTION_PRESETS.slice(0, ORG_SECURITY_QUESTION_COUNT);
}

/** Like checkOrgSecurityAnswers, but always one argon2id verify per answer (a dummy when nothing is stored), so unknown orgs take as long. */
export async function checkOrgSecurityAnswersTimed(ctx: AppContext, orgId: string | null, answers: string[]): Promise<boolean> {
  const row = orgId ? await ctx.db.selectFrom('org_security_questions').select('items').where('account_id', '=', orgId).executeTakeFirst() : undefined;
  const items = row?.items ?? [];
  let ok = items.length === ORG_SECURITY_QUESTION_COUNT && answers.length === items.length;
  for (let i = 0; i < answers.length; i++) {
    const match = await ctx.passwords.verify(items[i]?.answerHash ?? null, normaliseAnswer(answers[i] ?? ''));
    ok = ok && match;
  }
  return ok;
}
