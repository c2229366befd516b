/**
 * Account centre settings (账户安全, 个人资料, 邮寄地址, 注销账户): re-authentication, password
 * change, nickname, mailing addresses, active sessions, deactivation. Phone and e-mail binding
 * are in account-contact.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addAddress, deleteAddress, listAddresses, setDefaultAddress, updateAddress } from '../../accounts/settings/addresses.js';
import { deactivateAccount } from '../../accounts/settings/deactivate.js';
import { assertOwnFlow } from '../../accounts/settings/phone.js';
import { setNickname, settingsView } from '../../accounts/settings/profile.js';
import { normaliseNickname } from '../../domain/nickname.js';
import { checkCurrentPassword, markReauthenticated, reauthValidUntil, requireRecentAuth, verifiedPhone } from '../../accounts/settings/reauth.js';
import { endSessionByRef, listSessions } from '../../accounts/settings/sessions.js';
import { setPassword } from '../../accounts/set-password.js';
import type { AppContext } from '../../context.js';
import { validatePhone } from '../../domain/phone.js';
import { maskPhone } from '../../domain/mask.js';
import { advanceFlow, consumeCaptcha, createFlow, expectState, flowView, loadFlow, type Flow } from '../../flows/flow.js';
import { checkSmsCode, sendSmsCode } from '../../flows/sms-code.js';
import { hit } from '../../security/rate-limit.js';
import { clearCookie, SESSION_COOKIE } from '../cookies.js';
import { browserBinding, csrfToken, flowBinding } from '../csrf.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { requireSession } from '../session.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { AccountSettings, ActiveSessions, AddressAdded, Addresses, Deactivated, NicknameSet, PasswordChanged, Reauthenticated, SessionEnded, SmsReauthSent, SmsReauthStarted } from '../../shared/api/account.js';

const Password = z.string().min(1).max(256);
const SmsCode = text(16, 'otp.invalid').pipe(z.string().min(1, 'otp.invalid'));

const PasswordChange = z
  .strictObject({ currentPassword: Password.optional(), newPassword: Password, confirmPassword: Password })
  .refine((b) => b.newPassword === b.confirmPassword, { message: 'password.mismatch', path: ['confirmPassword'] });

const Address = z.strictObject({
  recipient: text(64, 'address.recipient').pipe(z.string().min(1, 'address.recipient').max(20, 'address.recipient')),
  phone: z.string('phone.invalid').max(32, 'phone.invalid').transform((v, c) => {
    const r = validatePhone(v);
    if (r.ok) return r.value;
    c.addIssue({ code: 'custom', message: 'phone.invalid' });
    return z.NEVER;
  }),
  region: text(128, 'address.region').pipe(z.string().min(2, 'address.region').max(60, 'address.region')),
  detail: text(256, 'address.detail').pipe(z.string().min(2, 'address.detail').max(100, 'address.detail')),
  postcode: text(16, 'address.postcode').pipe(z.string().regex(/^\d{6}$/, 'address.postcode')),
  isDefault: z.boolean().optional(),
});
const AddressParams = z.strictObject({ id: z.string().max(64) });
const SessionParams = z.strictObject({ ref: z.string().max(64) });
const ReauthPassword = z.strictObject({ password: Password });
const CaptchaBody = z.strictObject({ captcha: Captcha, pow: Pow });
const SmsCodeBody = z.strictObject({ code: SmsCode });
const NicknameBody = z.strictObject({ nickname: z.string('nickname.invalid').max(64, 'nickname.invalid') });
const ConfirmBody = z.strictObject({ confirm: z.boolean() });

type ReauthState = 'send_code' | 'code_sent' | 'completed';
type ReauthFlow = Flow<ReauthState, { accountId: string }>;
const REAUTH_FLOW = 'reauth_sms';

/** After a password change or deactivation the session is gone: forget its cookie, rotate the CSRF binding. */
export function dropSessionCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): string {
  clearCookie(reply, SESSION_COOKIE);
  return csrfToken(ctx, browserBinding(req, reply, true));
}

export function accountSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/account/settings', { config: { serves: ['person'], input: {}, output: { 200: AccountSettings } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const [view, until, phone] = await Promise.all([settingsView(ctx, session.accountId), reauthValidUntil(ctx, session), verifiedPhone(ctx, session.accountId)]);
    return {
      settings: view,
      deactivatedRetentionDays: ctx.config.accountCentre.deactivatedRetentionDays,
      reauth: {
        validUntil: until?.toISOString() ?? null,
        minutes: ctx.config.accountCentre.reauthMinutes,
        methods: [...(view.hasPassword ? ['password'] : []), ...(phone ? ['sms'] : [])],
        phoneMasked: phone ? maskPhone(phone) : null,
      },
    };
  });

  // Re-authentication by password.
  app.post('/api/account/reauth/password', { config: { serves: ['person', 'org'], input: { body: ReauthPassword }, output: { 200: Reauthenticated } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(ReauthPassword, req.body);
    await checkCurrentPassword(ctx, session.accountId, body.password, req.ip, 'reauth.wrong_password');
    const validUntil = await markReauthenticated(ctx, session, { accountId: session.accountId, amr: ['password'] }, req.ip);
    return { reauth: { validUntil: validUntil.toISOString() } };
  });

  // Re-authentication by an SMS code to the bound, verified phone: captcha, send, verify.
  app.post('/api/account/reauth/sms', { config: { serves: ['person'], input: { body: EmptyBody }, output: { 201: SmsReauthStarted } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(EmptyBody, req.body);
    await hit(ctx, 'flowPerIp', req.ip);
    const phone = await verifiedPhone(ctx, session.accountId);
    assertThat(phone, 'reauth.no_phone');
    const flow = await createFlow<ReauthState, { accountId: string }>(ctx, REAUTH_FLOW, 'send_code', browserBinding(req, reply), { accountId: session.accountId }, true);
    return reply.status(201).send({ flow: flowView(flow), phoneMasked: maskPhone(phone) });
  });

  app.post('/api/account/reauth/sms/:id/send', { config: { serves: ['person'], input: { params: FlowParams, body: CaptchaBody }, output: { 200: SmsReauthSent } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(CaptchaBody, req.body);
    const flow = await loadFlow<ReauthState, { accountId: string }>(ctx, id, flowBinding(req), REAUTH_FLOW);
    assertOwnFlow(flow, session.accountId);
    expectState(flow, 'send_code', 'code_sent');
    await consumeCaptcha(ctx, flow, body);
    const phone = await verifiedPhone(ctx, session.accountId);
    assertThat(phone, 'reauth.no_phone');
    const sent = await sendSmsCode(ctx, { purpose: 'reauth', flowId: flow.id, phone, ip: req.ip });
    const next = await advanceFlow(ctx, flow, flow.state, 'code_sent', flow.data);
    return { flow: flowView(next), maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds, expiresAt: sent.expiresAt.toISOString() };
  });

  app.post('/api/account/reauth/sms/:id/verify', { config: { serves: ['person'], input: { params: FlowParams, body: SmsCodeBody }, output: { 200: Reauthenticated } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(SmsCodeBody, req.body);
    const flow: ReauthFlow = await loadFlow(ctx, id, flowBinding(req), REAUTH_FLOW);
    assertOwnFlow(flow, session.accountId);
    expectState(flow, 'code_sent');
    const phone = await verifiedPhone(ctx, session.accountId);
    assertThat(phone, 'reauth.no_phone');
    await checkSmsCode(ctx, { purpose: 'reauth', flowId: flow.id, phone, code: body.code });
    await advanceFlow(ctx, flow, 'code_sent', 'completed', flow.data);
    const validUntil = await markReauthenticated(ctx, session, { accountId: session.accountId, amr: ['sms'] }, req.ip);
    return { reauth: { validUntil: validUntil.toISOString() } };
  });

  // 修改密码 (seed 001 §2.1.5): the current password, or a recent re-authentication; then signed out everywhere.
  app.post('/api/account/password', { config: { serves: ['person'], input: { body: PasswordChange }, output: { 200: PasswordChanged } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(PasswordChange, req.body);
    if (body.currentPassword !== undefined) await checkCurrentPassword(ctx, session.accountId, body.currentPassword, req.ip, 'password.current_wrong');
    else await requireRecentAuth(ctx, session);
    await setPassword(ctx, session.accountId, body.newPassword, { reason: 'password_change', ip: req.ip }).catch((err: unknown) => {
      // The policy's codes belong to the new-password field on this page.
      throw err instanceof AppError && err.fields?.password ? new AppError(err.code, { newPassword: err.code }) : err;
    });
    return { signedOut: true, csrfToken: dropSessionCookie(ctx, req, reply) };
  });

  // 修改昵称 (seed 002 §2.4).
  app.post('/api/account/nickname', { config: { serves: ['person'], input: { body: NicknameBody }, output: { 200: NicknameSet } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(NicknameBody, req.body);
    const nickname = normaliseNickname(body.nickname);
    if (!nickname) throw new AppError('nickname.invalid', { nickname: 'nickname.invalid' });
    await hit(ctx, 'accountWritePerAccount', session.accountId);
    await setNickname(ctx, session.accountId, nickname, req.ip);
    return { nickname };
  });

  // 邮寄地址 (seed 002 §2.5).
  app.get('/api/account/addresses', { config: { serves: ['person'], input: {}, output: { 200: Addresses } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { items: await listAddresses(ctx, session.accountId) };
  });

  app.post('/api/account/addresses', { config: { serves: ['person'], input: { body: Address }, output: { 201: AddressAdded } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { isDefault, ...fields } = parse(Address, req.body);
    await hit(ctx, 'accountWritePerAccount', session.accountId);
    const id = await addAddress(ctx, session.accountId, fields, isDefault ?? false, req.ip);
    return reply.status(201).send({ id, items: await listAddresses(ctx, session.accountId) });
  });

  app.post('/api/account/addresses/:id', { config: { serves: ['person'], input: { params: AddressParams, body: Address }, output: { 200: Addresses } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(AddressParams, req.params);
    const { isDefault, ...fields } = parse(Address, req.body);
    await hit(ctx, 'accountWritePerAccount', session.accountId);
    await updateAddress(ctx, session.accountId, id, fields, isDefault ?? false, req.ip);
    return { items: await listAddresses(ctx, session.accountId) };
  });

  app.post('/api/account/addresses/:id/delete', { config: { serves: ['person'], input: { params: AddressParams, body: EmptyBody }, output: { 200: Addresses } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(AddressParams, req.params);
    parse(EmptyBody, req.body);
    await hit(ctx, 'accountWritePerAccount', session.accountId);
    await deleteAddress(ctx, session.accountId, id, req.ip);
    return { items: await listAddresses(ctx, session.accountId) };
  });

  app.post('/api/account/addresses/:id/default', { config: { serves: ['person'], input: { params: AddressParams, body: EmptyBody }, output: { 200: Addresses } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(AddressParams, req.params);
    parse(EmptyBody, req.body);
    await hit(ctx, 'accountWritePerAccount', session.accountId);
    await setDefaultAddress(ctx, session.accountId, id, req.ip);
    return { items: await listAddresses(ctx, session.accountId) };
  });

  // 在线设备: the account's live sessions, and 退出该设备.
  app.get('/api/account/sessions', { config: { serves: ['person', 'org'], input: {}, output: { 200: ActiveSessions } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { items: await listSessions(ctx, session.accountId, session.id) };
  });

  app.post('/api/account/sessions/:ref/end', { config: { serves: ['person', 'org'], input: { params: SessionParams, body: EmptyBody }, output: { 200: SessionEnded } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { ref } = parse(SessionParams, req.params);
    parse(EmptyBody, req.body);
    const { current } = await endSessionByRef(ctx, session.accountId, ref, session.id, req.ip);
    if (current) return { current, csrfToken: dropSessionCookie(ctx, req, reply) };
    return { current };
  });

  // 注销账户 (seed 000): after a re-authentication and an explicit confirmation.
  app.post('/api/account/deactivate', { config: { serves: ['person', 'org'], input: { body: ConfirmBody }, output: { 200: Deactivated } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(ConfirmBody, req.body);
    if (body.confirm !== true) throw new AppError('deactivate.confirm_required', { confirm: 'deactivate.confirm_required' });
    await requireRecentAuth(ctx, session);
    const { eraseAfter } = await deactivateAccount(ctx, session.accountId, req.ip);
    return { deactivated: true, eraseAfter: eraseAfter.toISOString(), csrfToken: dropSessionCookie(ctx, req, reply) };
  });
}
