/**
 * Forgot password, org variant (单位找回密码 by security questions; issue 5): step 1 takes the org
 * username or USCC with `accountKind: 'org'`; step 2 asks the org's three security questions (set
 * in the org centre, 密保问题); steps 3–4 are the person variant's — setPassword signs the org
 * account out everywhere. An unknown USCC is asked the org centre's default questions and fails
 * with the same message after the same work. Orgs that cannot answer recover by documents
 * (src/orgs/recovery.ts, staff-reviewed), which the page links to.
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { AppError, assertThat } from '../../http/errors.js';
import { checkOrgSecurityAnswersTimed } from '../../orgs/security-questions.js';
import { hit } from '../../security/rate-limit.js';
import { expectState } from '../flow.js';
import { countTry, MAX_ANSWER_ATTEMPTS, subjectOf, verified, type RecoveryFlow } from './forgot-password.js';

/** 第二步 验证身份 for an org: the answers, in the order the questions were shown. */
export async function answerOrgQuestions(ctx: AppContext, flow: RecoveryFlow, answers: string[], ip: string): Promise<RecoveryFlow> {
  expectState(flow, 'verify');
  const d = flow.data;
  assertThat(d.accountKind === 'org' && d.orgQuestions, 'flow.wrong_state');
  if ((d.attempts ?? 0) >= MAX_ANSWER_ATTEMPTS) throw new AppError('recovery.too_many_attempts');
  assertThat(answers.length === d.orgQuestions.length, 'security_questions.invalid');
  await hit(ctx, 'recoveryPerAccount', subjectOf(d));
  const counted = await countTry(ctx, flow, 'attempts', MAX_ANSWER_ATTEMPTS);
  const ok = await checkOrgSecurityAnswersTimed(ctx, d.accountId ?? null, answers);
  if (ok && d.accountId) return verified(ctx, counted.flow, 'org_security_questions', ip);
  await audit(ctx.db, { at: ctx.clock.now(), actor: 'anonymous', event: 'recovery.verified', result: 'failure', ip, subject: d.accountId ?? d.identifierKey ?? null, detail: { method: 'org_security_questions', attempt: counted.count } });
  throw new AppError(counted.count >= MAX_ANSWER_ATTEMPTS ? 'recovery.too_many_attempts' : 'recovery.verification_failed');
}
