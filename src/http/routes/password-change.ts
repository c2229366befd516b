/**
 * 密码修改 from the login page (seed 000: "点击密码修改连接，系统弹出修改页面，可以切换个人密码修改和单位密码修改，
 * 输入相关信息，点击确认修改后，修改成功"): someone who knows their password changes it without
 * signing in first — a person or an org account, on a login flow (its captcha and per-IP limit).
 * The current password is checked exactly as a password login checks it (uniform failure, lockout,
 * login history); the new one passes the policy and history; the account is then signed out
 * everywhere (business systems told) and the verified phone gets the usual notice.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyPassword, notifyPasswordChanged, preparePassword } from '../../accounts/set-password.js';
import type { AppContext } from '../../context.js';
import { advanceFlow } from '../../flows/flow.js';
import { authenticatePassword } from '../../methods/password/authenticate.js';
import { takePasswordCaptcha } from '../../methods/login-flow.js';
import { clientInfo } from '../client.js';
import { AppError } from '../../shared/app-error.js';
import { Captcha, parse, Pow, text } from '../validate.js';
import { dropSessionCookie } from './account-settings.js';
import { currentSession } from '../session.js';
import { FlowParams } from './flows.js';
import { PasswordChangedSignedOut } from '../../shared/api/account.js';

const Password = z.string().min(1).max(256);

const ChangeBody = z
  .strictObject({
    accountKind: z.enum(['person', 'org']).default('person'),
    identifier: text(64).pipe(z.string().min(1)),
    currentPassword: Password,
    newPassword: Password,
    confirmPassword: Password,
    captcha: Captcha,
    pow: Pow,
  })
  .refine((b) => b.newPassword === b.confirmPassword, { message: 'password.mismatch', path: ['confirmPassword'] });

export function passwordChangeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/login/:id/change-password', { config: { serves: ['public'], input: { params: FlowParams, body: ChangeBody }, output: { 200: PasswordChangedSignedOut } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(ChangeBody, req.body);
    const flow = await takePasswordCaptcha(ctx, req, id, body);
    // Recorded as a password check for 密码修改, not as a sign-in (no session starts).
    const account = await authenticatePassword(ctx, body.identifier, body.currentPassword, clientInfo(req), body.accountKind, 'password_change');
    const prepared = await preparePassword(ctx, account.id, body.newPassword).catch((err: unknown) => {
      // The policy's codes belong to the new-password field on this page.
      throw err instanceof AppError && err.fields?.password ? new AppError(err.code, { newPassword: err.code }) : err;
    });
    const tellSystems = await ctx.db.transaction().execute(async (tx) => {
      await advanceFlow(ctx, flow, 'choose_method', 'completed', { accountId: account.id }, tx);
      return applyPassword(ctx, tx, prepared, { reason: 'password_change', ip: req.ip });
    });
    await notifyPasswordChanged(ctx, prepared, req.ip, tellSystems);
    // A session of the changed account in this browser ended with the others: forget its cookie. A
    // session of another account (someone else signed in here) is none of this change's business.
    if (await currentSession(ctx, req)) return { changed: true, signedOut: false };
    return { changed: true, signedOut: true, csrfToken: dropSessionCookie(ctx, req, reply) };
  });
}
