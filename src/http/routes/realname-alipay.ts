/**
 * 支付宝实名认证 (seed 002 §2.9.1.7): the person authorises Shenfen at Alipay, Alipay sends them
 * back with an auth_code, Shenfen asks Alipay who they are (oauth token, then user info) and
 * records L3 evidence when Alipay has certified them under the same name and ID number. Also
 * the sandbox's authorisation page and gateway when SHENFEN_ALIPAY=sandbox.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { alipayClient } from '../../connectors/alipay/index.js';
import { handleSandboxGateway, sandboxAuthCode, SANDBOX_APP_ID, SANDBOX_AUTHORIZE_PATH, SANDBOX_GATEWAY_PATH } from '../../connectors/alipay/sandbox.js';
import { createFlow } from '../../flows/flow.js';
import { normaliseIdInput } from '../../domain/index.js';
import { normaliseName } from '../../connectors/realname/authority.js';
import { completeRealName, realNameOutcome } from '../../methods/realname/complete.js';
import type { Verdict } from '../../methods/realname/method.js';
import { alipay } from '../../methods/realname/not-online.js';
import { personIdentity } from '../../methods/realname/verify.js';
import { hit } from '../../security/rate-limit.js';
import type { ErrorCode } from '../../shared/errors.js';
import { clientInfo } from '../client.js';
import { browserBinding } from '../csrf.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { currentSession, requireSession } from '../session.js';
import { EmptyBody, parse } from '../validate.js';
import { AlipayStarted } from '../../shared/api/realname.js';

export const ALIPAY_CALLBACK_PATH = '/api/account/real-name/alipay/callback';
const KIND = 'realname_alipay';
const DONE_PAGE = '/account/real-name';

// Alipay may add parameters of its own to the return URL: known ones are checked, others ignored.
const Callback = z.object({ state: z.string().max(64), auth_code: z.string().max(512).optional(), app_id: z.string().max(64).optional(), scope: z.string().max(64).optional(), source: z.string().max(64).optional() });

/** Where Alipay sends the person back: the configured URI, else our public origin (never the Host header). */
function redirectUri(ctx: AppContext): string {
  return ctx.config.alipay.redirectUri || new URL(ALIPAY_CALLBACK_PATH, ctx.config.publicOrigin).toString();
}

export function realNameAlipayRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/account/real-name/alipay/start', { config: { serves: ['person'], input: { body: EmptyBody }, output: { 200: AlipayStarted } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    parse(EmptyBody, req.body);
    const client = alipayClient(ctx);
    assertThat(client, 'realname.coming_soon');
    const person = await personIdentity(ctx, session.accountId);
    // A person registered by phone first adds an ID by another method; Alipay only confirms one.
    assertThat(person && alipay.idTypes.includes(person.idType), 'realname.not_applicable');
    const flow = await createFlow(ctx, KIND, 'authorizing', browserBinding(req, reply), { accountId: session.accountId });
    return { redirectUrl: client.authorizeUrl(redirectUri(ctx), flow.id) };
  });

  // A top-level GET from Alipay: the session cookie (SameSite=Lax) comes along, the Strict CSRF
  // cookie may not, so the flow is found by its unguessable id and must be this session's.
  app.get(ALIPAY_CALLBACK_PATH, { config: { serves: ['public'], input: { query: Callback }, output: { 302: null, 303: null } } }, async (req, reply) => {
    const back = (code: ErrorCode | 'ok') => reply.redirect(`${DONE_PAGE}?alipay=${encodeURIComponent(code)}`, 303);
    // Signed out on the way (idle timeout): to the sign-in page; the person starts the method again.
    const session = await currentSession(ctx, req);
    if (!session) return reply.redirect('/login', 303);
    const q = parse(Callback, req.query);
    const ip = clientInfo(req).ip ?? 'unknown';
    const row = /^[0-9a-f-]{36}$/.test(q.state) ? await ctx.db.selectFrom('flows').selectAll().where('id', '=', q.state).where('kind', '=', KIND).executeTakeFirst() : undefined;
    const data = row?.data as { accountId?: string } | undefined;
    if (!row || data?.accountId !== session.accountId || row.expires_at <= ctx.clock.now() || row.state !== 'authorizing') return back('realname.alipay_failed');
    // One use of the state, whatever follows.
    const moved = await ctx.db.updateTable('flows').set({ state: 'returned', updated_at: ctx.clock.now() }).where('id', '=', row.id).where('state', '=', 'authorizing').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1 || !q.auth_code) return back('realname.alipay_failed');
    const client = alipayClient(ctx);
    if (!client) return back('realname.alipay_failed');
    try {
      await hit(ctx, 'realNamePerIp', ip);
      await hit(ctx, 'realNamePerAccount', session.accountId);
    } catch (err) {
      if (err instanceof AppError) return back(err.code);
      throw err;
    }
    const person = await personIdentity(ctx, session.accountId);
    assertThat(person, 'realname.not_applicable');
    const answer = await client.fetchUser(q.auth_code);
    const now = ctx.clock.now();
    let reason: string | null = null;
    let code: ErrorCode | 'ok' = 'ok';
    if (!answer.ok) {
      reason = `alipay_error:${answer.error}`.slice(0, 100);
      code = 'realname.alipay_failed';
    } else if (!answer.user.certified) {
      reason = 'not_certified';
      code = 'realname.alipay_not_certified';
    } else if (!answer.user.certNo || !answer.user.userName || normaliseIdInput(answer.user.certNo) !== person.idNumber || normaliseName(answer.user.userName) !== normaliseName(person.name)) {
      reason = 'mismatch';
      code = 'realname.alipay_mismatch';
    }
    const fingerprint = answer.ok ? ctx.vault.lookupHash('realname:alipay', answer.user.userId) : null;
    if (answer.ok && fingerprint) {
      const source = ctx.config.alipay.mode === 'sandbox' ? 'sandbox:alipay' : 'alipay';
      const verdict: Verdict & { source: string } = code === 'ok' ? { ok: true, source, fingerprint } : { ok: false, code, source, reason: reason ?? 'mismatch', fingerprint };
      await completeRealName(ctx, realNameOutcome(ctx, session.accountId, alipay, verdict));
    }
    await audit(ctx.db, { at: now, actor: session.accountId, event: 'realname.alipay', result: code === 'ok' ? 'success' : 'failure', ip, subject: session.accountId, detail: { ...(reason ? { reason } : { level: alipay.level }), ...(fingerprint ? { fingerprint: fingerprint.slice(0, 16) } : {}) } });
    return back(code);
  });

  if (ctx.config.alipay.mode === 'sandbox') sandboxAlipayRoutes(app, ctx);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox's Alipay: an authorisation page and the gateway (form posts, as Alipay takes them). */
function sandboxAlipayRoutes(app: FastifyInstance, ctx: AppContext) {
  const Authorize = z.object({ app_id: z.literal(SANDBOX_APP_ID), scope: z.string().max(64), redirect_uri: z.string().max(512), state: z.string().max(128) });
  const AuthorizeForm = Authorize.extend({ account: z.string().max(20), password: z.string().max(128) });
  /** Only our own callback, on our public origin: the sandbox is no open redirect. */
  const checkRedirect = (uri: string) => {
    const u = new URL(uri, 'http://invalid.invalid');
    assertThat(u.origin === ctx.config.publicOrigin && u.pathname === ALIPAY_CALLBACK_PATH && u.search === '', 'request.invalid');
    return u;
  };

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

    scope.get(SANDBOX_AUTHORIZE_PATH, { config: { input: { query: Authorize } } }, async (req, reply) => {
      const q = parse(Authorize, req.query);
      checkRedirect(q.redirect_uri);
      const hidden = Object.entries(q).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>支付宝（沙箱）授权登录</title>
<style>body{font:20px/1.6 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:1rem 0 .3rem}input[type=text],input[type=password]{font-size:20px;width:100%;padding:.5rem}button{font-size:20px;padding:.6rem 2rem;margin-top:1.5rem;background:#1677ff;color:#fff;border:0;border-radius:6px}.note{color:#a15c00;background:#fff7e6;padding:.5rem 1rem}</style></head>
<body><h1>支付宝（沙箱）</h1><p class="note">这是开发与测试用的支付宝沙箱，不是真实的支付宝。请用沙箱登记库中的手机号登录，密码任意。</p>
<p>身份统一认证平台 申请获取您的支付宝实名信息（姓名、证件号码、是否已实名）。</p>
<form method="post" action="${SANDBOX_AUTHORIZE_PATH}">${hidden}
<label for="account">支付宝账号（手机号）</label><input id="account" name="account" type="text" inputmode="numeric" autocomplete="off" data-testid="alipay-account" required>
<label for="password">登录密码</label><input id="password" name="password" type="password" data-testid="alipay-password" required>
<button type="submit" data-testid="alipay-authorize">同意授权并登录</button></form></body></html>`);
    });

    scope.post(SANDBOX_AUTHORIZE_PATH, { config: { input: { body: AuthorizeForm, form: true } } }, async (req, reply) => {
      const form = Object.fromEntries(new URLSearchParams(typeof req.body === 'string' ? req.body : ''));
      const q = parse(AuthorizeForm, form);
      const target = checkRedirect(q.redirect_uri);
      const code = sandboxAuthCode(ctx, q.account);
      if (!code) return reply.status(400).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>账号格式不正确，请返回重新输入。</p>');
      for (const [k, v] of Object.entries({ app_id: q.app_id, source: 'alipay_wallet', scope: q.scope, auth_code: code, state: q.state })) target.searchParams.set(k, v);
      return reply.redirect(target.toString(), 302);
    });

    scope.post(SANDBOX_GATEWAY_PATH, { config: { input: { form: true } } }, async (req, reply) => {
      const res = await handleSandboxGateway(ctx, typeof req.body === 'string' ? req.body : '');
      return reply.status(res.status).type('application/json; charset=utf-8').send(res.text);
    });
  });
}
