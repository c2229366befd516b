/**
 * Password sign-in as a method: a person's name (username, ID number or phone) or, for 单位登录, an
 * org's username or USCC, with its password and the login flow's image captcha — one form. The
 * check and its throttling are authenticate.ts; a pass carries the attempt's record (history,
 * audit, lifted guards) for the completion statement.
 */
import { z } from 'zod';
import { clientInfo } from '../../http/client.js';
import { Captcha, Pow, text } from '../../http/validate.js';
import { CHOOSING, takePasswordCaptcha } from '../login-flow.js';
import type { Method, MethodStep } from '../registry.js';
import { authenticatePasswordThen } from './authenticate.js';

const PasswordBody = z.strictObject({
  identifier: text(64).pipe(z.string().min(1)),
  // Passwords are checked in full: no trimming, no case folding.
  password: z.string().min(1).max(256),
  captcha: Captcha,
  pow: Pow,
});

/** The form of one account kind: `password` for persons, `org-password` for 单位登录. */
const passwordStep = (name: string, kind: 'person' | 'org'): MethodStep<z.infer<typeof PasswordBody>> => ({
  name,
  body: PasswordBody,
  async run({ ctx, req, flowId, body }) {
    const flow = await takePasswordCaptcha(ctx, req, flowId, body);
    // The record of a right password is handed on: the completion statement writes it with the session.
    const { account, result: record } = await authenticatePasswordThen(ctx, body.identifier, body.password, clientInfo(req), kind, async (_account, record) => record);
    return { pass: { accountId: account.id, account, amr: ['password'], record }, flow, from: CHOOSING };
  },
});

export const password: Method = {
  id: 'password',
  kind: 'form',
  purposes: ['sign_in'],
  accountKinds: ['person', 'org'],
  steps: { sign_in: [passwordStep('password', 'person'), passwordStep('org-password', 'org')] },
};
