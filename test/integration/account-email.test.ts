import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, testConfig } from '../../src/config.js';
import { ConsoleMailer, createMailer, createSmtpMailer } from '../../src/connectors/mail/index.js';
import { reauth, signedInPerson, type SignedIn } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let smtp: TestSmtp;
let seq = 0;
beforeAll(async () => {
  smtp = await startSmtpServer();
  const base = testConfig();
  server = await startServer({ accountCentre: { ...base.accountCentre, mail: { transport: 'smtp', smtpUrl: smtp.url, from: '身份统一认证平台 <no-reply@shenfen.test>' } } });
  server.clock.setTo(new Date('2026-11-23T02:00:00Z'));
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const freshEmail = () => `li.si.${process.pid}.${seq++}@example.com`;

async function sendLink(s: SignedIn, email: string): Promise<{ token: string; text: string }> {
  const start = await s.agent.call('POST', '/api/account/email/flows', {});
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const before = smtp.received.length;
  const res = await s.agent.call('POST', `/api/account/email/flows/${start.body.flow.id}/link`, { email, captcha: TEST_CAPTCHA });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const mail = await smtp.nextMailTo(email.toLowerCase(), before);
  const link = /https?:\/\/\S+\/email\/activate\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  expect(link, mail.text).toBeTruthy();
  return { token: link![1]!, text: mail.text };
}

const activate = (token: string) => new Agent(server.url).call('POST', '/api/account/email/activate', { token });

describe('binding an e-mail address over SMTP', () => {
  it('mails a link through a real SMTP server; the link binds the address once', async () => {
    const s = await signedInPerson(server);
    await reauth(s);
    const email = freshEmail();
    const { token, text } = await sendLink(s, email);
    expect(text).toContain('24小时');
    expect(smtp.received.at(-1)!.raw).toMatch(/^From: .*no-reply@shenfen\.test/m);

    // Opened in another browser, without a session: the mailbox is the proof.
    const res = await activate(token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.emailMasked).toBe(`l${'*'.repeat(email.indexOf('@') - 1)}@example.com`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const settings = await s.agent.call('GET', '/api/account/settings');
    expect(settings.body.settings).toMatchObject({ emailMasked: res.body.emailMasked, emailVerified: true });
    expect((await s.agent.call('GET', '/api/account/profile')).body.profile.emailMasked).toBe(res.body.emailMasked);
    const row = await server.ctx.db.selectFrom('persons').select(['email_enc', 'email_hash']).where('account_id', '=', s.accountId).executeTakeFirstOrThrow();
    expect(`${row.email_enc}${row.email_hash}`).not.toContain('example.com');

    const reuse = await activate(token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('email.link_invalid');
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'detail']).where('subject', '=', s.accountId).where('event', 'like', 'account.email%').execute();
    expect(audit.map((a) => a.event).sort()).toEqual(['account.email_bind', 'account.email_link_sent']);
    expect(JSON.stringify(audit)).not.toContain(email);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('expires a link after 24 hours and lets only the newest link work', async () => {
    const s = await signedInPerson(server);
    await reauth(s);
    const first = await sendLink(s, freshEmail());
    const second = await sendLink(s, freshEmail());
    expect((await activate(first.token)).body.error.code).toBe('email.link_invalid');
    server.clock.advanceMinutes(24 * 60 + 1);
    const late = await activate(second.token);
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('email.link_expired');
    expect((await activate('x'.repeat(43))).body.error.code).toBe('email.link_invalid');
    expect((await activate('<script>')).body.error.code).toBe('email.link_invalid');
  });

  it('needs re-authentication and the captcha, validates the address, and says "taken" only when the link is opened', async () => {
    const s = await signedInPerson(server);
    expect((await s.agent.call('POST', '/api/account/email/flows', {})).body.error.code).toBe('reauth.required');
    await reauth(s);
    const start = await s.agent.call('POST', '/api/account/email/flows', {});
    const id = start.body.flow.id;
    const before = smtp.received.length;
    expect((await s.agent.call('POST', `/api/account/email/flows/${id}/link`, { email: freshEmail(), captcha: 'NOPE' })).body.error.code).toBe('captcha.invalid');
    expect((await s.agent.call('POST', `/api/account/email/flows/${id}/link`, { email: 'not-an-address', captcha: TEST_CAPTCHA })).body.error.code).toBe('email.invalid');
    expect(smtp.received.length).toBe(before);

    // Someone else holds an address; binding it answers the same until the link is opened.
    const owner = await signedInPerson(server);
    await reauth(owner);
    const shared = freshEmail();
    const ownerLink = await sendLink(owner, shared);
    expect((await activate(ownerLink.token)).status).toBe(200);
    const mine = await sendLink(s, shared.toUpperCase().replace('@EXAMPLE.COM', '@example.com'));
    const taken = await activate(mine.token);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email.taken');
  });
});

describe('one verified address per person', () => {
  it('answers email.taken, not a 500, when another account binds the address while a link is out; the link stays unused', async () => {
    const s = await signedInPerson(server);
    const owner = await signedInPerson(server);
    await reauth(s);
    await reauth(owner);
    const shared = freshEmail();
    const mine = await sendLink(s, shared);
    const theirs = await sendLink(owner, shared);
    expect((await activate(theirs.token)).status).toBe(200);
    const taken = await activate(mine.token);
    expect(taken.status, JSON.stringify(taken.body)).toBe(409);
    expect(taken.body.error.code).toBe('email.taken');
    expect((await activate(mine.token)).body.error.code).toBe('email.taken');
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings).toMatchObject({ emailMasked: null, emailVerified: false });
    const failures = await server.ctx.db.selectFrom('audit_log').select('detail').where('subject', '=', s.accountId).where('event', '=', 'account.email_bind').where('result', '=', 'failure').execute();
    expect(failures.map((f) => f.detail)).toEqual([{ reason: 'email_taken' }, { reason: 'email_taken' }]);
    // Deactivating gives the address up: the link now binds it.
    expect((await owner.agent.call('POST', '/api/account/deactivate', { confirm: true })).status).toBe(200);
    expect((await activate(mine.token)).status).toBe(200);
  });
});

describe('the mail connector', () => {
  it('in development keeps mail on the /dev/mail-outbox page, links clickable', async () => {
    const dev = await startServer();
    try {
      const s = await signedInPerson(dev);
      await reauth(s);
      const start = await s.agent.call('POST', '/api/account/email/flows', {});
      const res = await s.agent.call('POST', `/api/account/email/flows/${start.body.flow.id}/link`, { email: 'outbox@example.com', captcha: TEST_CAPTCHA });
      expect(res.status).toBe(200);
      const outbox = await fetch(`${dev.url}/dev/mail-outbox`);
      const html = await outbox.text();
      expect(html).toContain('邮件发件箱');
      expect(html).toContain('outbox@example.com');
      expect(html).toMatch(/<a href="http:\/\/localhost:\d+\/email\/activate\?token=/);
    } finally {
      await dev.close();
    }
  });

  it('sends over SMTP and reports an unreachable server as a failure, not an exception', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'Shenfen <no-reply@shenfen.test>' });
    const before = smtp.received.length;
    const ok = await mailer.send({ to: 'someone@example.com', subject: '测试', text: '你好，世界' });
    expect(ok.ok).toBe(true);
    const mail = await smtp.nextMailTo('someone@example.com', before);
    expect(mail.text).toContain('你好，世界');
    const down = createSmtpMailer({ url: 'smtp://127.0.0.1:1', from: 'x <x@x.test>', timeoutMs: 2000 });
    const res = await down.send({ to: 'someone@example.com', subject: 'x', text: 'x' });
    expect(res.ok).toBe(false);
  });

  it('is configured from the environment; the console transport is refused in production', () => {
    expect(loadConfig({ SHENFEN_MODE: 'development' }).accountCentre.mail.transport).toBe('console');
    expect(loadConfig({ SHENFEN_MODE: 'development', SHENFEN_SMTP_URL: 'smtp://mail.example.gov.cn:587' }).accountCentre.mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://mail.example.gov.cn:587' });
    const prod = { SHENFEN_MODE: 'production', SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true' };
    expect(loadConfig(prod).accountCentre.mail.transport).toBe('none');
    expect(() => loadConfig({ ...prod, SHENFEN_MAIL_TRANSPORT: 'console' })).toThrow(/refused in production/);
    expect(() => loadConfig({ SHENFEN_MODE: 'development', SHENFEN_MAIL_TRANSPORT: 'smtp' })).toThrow(/needs SHENFEN_SMTP_URL/);
    expect(() => new ConsoleMailer({ mode: 'production' })).toThrow(/refused in production/);
    expect(createMailer({ transport: 'none', from: 'x' }, 'production').kind).toBe('none');
    expect(loadConfig({ SHENFEN_MODE: 'development', SHENFEN_REAUTH_MINUTES: '5', SHENFEN_DEACTIVATED_RETENTION_DAYS: '30' }).accountCentre).toMatchObject({ reauthMinutes: 5, deactivatedRetentionDays: 30 });
  });
});
