import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry } from '../../src/connectors/realname/index.js';
import { testConfig } from '../../src/config.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { accountIdOf, reauth, signedInPerson, type SignedIn } from '../helpers/account.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { idNumberHash } from '../../src/orgs/orgs.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T02:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

describe('re-authentication', () => {
  it('is required, lasts the configured minutes, and a wrong password does not give it', async () => {
    const s = await signedInPerson(server);
    expect((await s.agent.call('POST', '/api/account/deactivate', { confirm: true })).body.error.code).toBe('reauth.required');
    const settings = await s.agent.call('GET', '/api/account/settings');
    expect(settings.body.reauth).toMatchObject({ validUntil: null, minutes: 10, methods: ['password'], phoneMasked: null });

    const wrong = await s.agent.call('POST', '/api/account/reauth/password', { password: 'not-it-123' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'reauth.wrong_password', message: '密码错误，请重新输入' });
    expect((await s.agent.call('GET', '/api/account/settings')).body.reauth.validUntil).toBeNull();

    await reauth(s);
    expect((await s.agent.call('GET', '/api/account/settings')).body.reauth.validUntil).not.toBeNull();
    const trail = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('subject', '=', s.accountId).where('event', 'in', ['account.password_check', 'account.reauth']).orderBy('id').execute();
    expect(trail.map((e) => `${e.event}:${e.result}`)).toEqual(['account.password_check:failure', 'account.reauth:success']);
    expect(JSON.stringify(trail)).not.toContain('not-it-123');
    server.clock.advanceMinutes(11);
    expect((await s.agent.call('GET', '/api/account/settings')).body.reauth.validUntil).toBeNull();
    const res = await s.agent.call('POST', '/api/account/phone/flows', {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('reauth.required');
  });

  it('cannot be used to guess the password: tries are capped per account', async () => {
    const limited = await startServer({ limits: { ...testConfig().limits, reauthPerAccount: { max: 3, windowSeconds: 900 }, loginPerIp: { max: 1000, windowSeconds: 60 }, flowPerIp: { max: 1000, windowSeconds: 60 }, registrationPerIp: { max: 1000, windowSeconds: 60 } } });
    try {
      const s = await signedInPerson(limited);
      for (let i = 0; i < 3; i++) expect((await s.agent.call('POST', '/api/account/reauth/password', { password: `guess-${i}` })).body.error.code).toBe('reauth.wrong_password');
      const capped = await s.agent.call('POST', '/api/account/reauth/password', { password: s.person.password });
      expect(capped.status).toBe(429);
      expect(capped.body.error.code).toBe('rate_limited');
      expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0);
      const viaChange = await s.agent.call('POST', '/api/account/password', { currentPassword: s.person.password, newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
      expect(viaChange.body.error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('belongs to the session that gave it, not to the other sessions of the account', async () => {
    const s = await signedInPerson(server);
    const other = new Agent(server.url);
    expect((await login(other, s.person.username, s.person.password)).status).toBe(200);
    await reauth(s);
    expect((await other.call('POST', '/api/account/phone/flows', {})).body.error.code).toBe('reauth.required');
    expect((await s.agent.call('POST', '/api/account/phone/flows', {})).status).toBe(201);
  });

  it('by SMS needs a verified phone, a captcha, and the right code once', async () => {
    const none = await signedInPerson(server);
    expect((await none.agent.call('POST', '/api/account/reauth/sms', {})).body.error.code).toBe('reauth.no_phone');

    const s = await signedInPerson(server, { verifiedPhone: true });
    const settings = await s.agent.call('GET', '/api/account/settings');
    expect(settings.body.reauth.methods).toEqual(['password', 'sms']);
    const start = await s.agent.call('POST', '/api/account/reauth/sms', {});
    expect(start.status).toBe(201);
    expect(start.body.phoneMasked).toBe(`${s.person.phone.slice(0, 3)}****${s.person.phone.slice(-4)}`);
    const id = start.body.flow.id;
    // A code cannot be checked before one was sent, nor sent without the captcha.
    expect((await s.agent.call('POST', `/api/account/reauth/sms/${id}/verify`, { code: '000000' })).body.error.code).toBe('flow.wrong_state');
    expect((await s.agent.call('POST', `/api/account/reauth/sms/${id}/send`, { captcha: 'XXXX' })).body.error.code).toBe('captcha.invalid');
    await s.agent.raw('GET', `/api/flows/${id}/captcha`);
    const sent = await s.agent.call('POST', `/api/account/reauth/sms/${id}/send`, { captcha: TEST_CAPTCHA });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const code = server.lastSmsCode(s.person.phone);
    const wrongCode = code === '111111' ? '222222' : '111111';
    expect((await s.agent.call('POST', `/api/account/reauth/sms/${id}/verify`, { code: wrongCode })).body.error.code).toBe('otp.invalid');
    const ok = await s.agent.call('POST', `/api/account/reauth/sms/${id}/verify`, { code });
    expect(ok.status).toBe(200);
    expect(ok.body.reauth.validUntil).toBeTruthy();
    // Reused: the flow is completed.
    expect((await s.agent.call('POST', `/api/account/reauth/sms/${id}/verify`, { code })).body.error.code).toBe('flow.wrong_state');
    // Another person's browser cannot use this flow.
    const stranger = await signedInPerson(server);
    expect((await stranger.agent.call('POST', `/api/account/reauth/sms/${id}/verify`, { code })).body.error.code).toBe('flow.not_found');
  });
});

describe('changing the password', () => {
  it('with the current password ends every session and the new password signs in', async () => {
    const s = await signedInPerson(server);
    const other = new Agent(server.url);
    expect((await login(other, s.person.username, s.person.password)).status).toBe(200);
    const res = await s.agent.call('POST', '/api/account/password', { currentPassword: s.person.password, newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.signedOut).toBe(true);
    expect((await s.agent.call('GET', '/api/session')).status).toBe(401);
    expect((await other.call('GET', '/api/session')).status).toBe(401);
    expect((await login(new Agent(server.url), s.person.username, s.person.password)).status).toBe(401);
    expect((await login(new Agent(server.url), s.person.username, 'Nw4$kRt9Lp')).status).toBe(200);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'detail']).where('subject', '=', s.accountId).where('event', '=', 'account.password_change').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Nw4$kRt9Lp');
  });

  it('refuses a wrong current password, a mismatch, the same password, and no proof at all', async () => {
    const s = await signedInPerson(server);
    const wrong = await s.agent.call('POST', '/api/account/password', { currentPassword: 'Wrong#Pass99', newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
    expect(wrong.body.error).toMatchObject({ code: 'password.current_wrong', fields: { currentPassword: '当前密码错误，请重新输入' } });
    const mismatch = await s.agent.call('POST', '/api/account/password', { currentPassword: s.person.password, newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lq' });
    expect(mismatch.body.error.code).toBe('password.mismatch');
    const same = await s.agent.call('POST', '/api/account/password', { currentPassword: s.person.password, newPassword: s.person.password, confirmPassword: s.person.password });
    expect(same.body.error).toMatchObject({ code: 'password.reused', fields: { newPassword: '新密码不能与最近5次使用过的密码相同' } });
    const noProof = await s.agent.call('POST', '/api/account/password', { newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
    expect(noProof.body.error.code).toBe('reauth.required');
    const extra = await s.agent.call('POST', '/api/account/password', { newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp', username: 'x' });
    expect(extra.status).toBe(400);
    // Still signed in after all that.
    expect((await s.agent.call('GET', '/api/session')).status).toBe(200);
  });

  it('after a re-authentication needs no current password', async () => {
    const s = await signedInPerson(server);
    await reauth(s);
    const res = await s.agent.call('POST', '/api/account/password', { newPassword: 'Nw4$kRt9Lp', confirmPassword: 'Nw4$kRt9Lp' });
    expect(res.status).toBe(200);
    expect((await s.agent.call('GET', '/api/session')).status).toBe(401);
  });
});

describe('active sessions', () => {
  it('lists them with the current one marked, and signs out one device', async () => {
    const s = await signedInPerson(server);
    const phone = new Agent(server.url);
    expect((await login(phone, s.person.username, s.person.password, TEST_CAPTCHA)).status).toBe(200);
    const list = await s.agent.call('GET', '/api/account/sessions');
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0].current).toBe(true);
    expect(list.body.items[1].current).toBe(false);
    expect(JSON.stringify(list.body)).not.toMatch(/"id"/);
    const end = await s.agent.call('POST', `/api/account/sessions/${list.body.items[1].ref}/end`, {});
    expect(end.body).toEqual({ current: false });
    expect((await phone.call('GET', '/api/session')).status).toBe(401);
    expect((await s.agent.call('GET', '/api/session')).status).toBe(200);
    expect((await s.agent.call('POST', `/api/account/sessions/${list.body.items[1].ref}/end`, {})).body.error.code).toBe('session.not_found');
    // Another account's session reference is unknown here.
    const stranger = await signedInPerson(server);
    expect((await stranger.agent.call('POST', `/api/account/sessions/${list.body.items[0].ref}/end`, {})).body.error.code).toBe('session.not_found');
    // Ending the current one signs this browser out.
    const self = await s.agent.call('POST', `/api/account/sessions/${list.body.items[0].ref}/end`, {});
    expect(self.body.current).toBe(true);
    expect((await s.agent.call('GET', '/api/session')).status).toBe(401);
  });
});

/** Sandbox companies, one at a time across the tests of this file. */
let nextCompany: Awaited<ReturnType<typeof companies>> | undefined;
const aCompany = async () => (nextCompany ??= await companies(server, 10))();

/**
 * Nothing anywhere (the sandbox authorities aside) holds these values: not in plain text, not as
 * a lookup hash, not inside an encrypted column or an encrypted field of a flow.
 */
async function expectNowhere(plain: string[], hashes: string[]): Promise<void> {
  const db = server.ctx.db;
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows
    .map((t) => t.name)
    .filter((t) => !t.startsWith('sandbox_'));
  expect(tables).toEqual(expect.arrayContaining(['persons', 'login_events', 'org_members', 'audit_log']));
  for (const table of tables) {
    for (const needle of [...plain, ...hashes]) {
      const hit = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t where t::text like ${`%${needle}%`} limit 3`.execute(db);
      expect(hit.rows.map((x) => x.row), `${table} holds ${needle}`).toEqual([]);
    }
  }
  const encrypted = (await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() and column_name like '%\_enc'`.execute(db)).rows.filter((x) => !x.t.startsWith('sandbox_'));
  expect(encrypted.map((x) => x.c)).toEqual(expect.arrayContaining(['id_number_enc', 'card_enc', 'invitee_id_enc']));
  const opened: string[] = [];
  for (const { t, c } of encrypted) {
    const rows = await sql<{ v: string }>`select ${sql.ref(c)} as v from ${sql.table(t)} where ${sql.ref(c)} is not null and ${sql.ref(c)} <> ''`.execute(db);
    for (const { v } of rows.rows) opened.push(server.ctx.vault.decrypt(v));
  }
  // A flow's encrypted fields, at any depth: its verification records keep theirs inside (data.verifications.<method>).
  const openFields = (o: object): void => {
    for (const [k, v] of Object.entries(o)) {
      if (k.endsWith('Enc') && typeof v === 'string') opened.push(server.ctx.vault.decrypt(v));
      else if (v && typeof v === 'object') openFields(v);
    }
  };
  for (const { data } of await db.selectFrom('flows').select('data').execute()) openFields(data);
  expect(opened.length).toBeGreaterThan(0);
  for (const needle of plain) expect(opened.filter((o) => o.includes(needle)), needle).toEqual([]);
}

describe('deactivation', () => {
  it('needs a confirmation; then the account cannot sign in, its sessions and tokens are gone', async () => {
    const s = await signedInPerson(server);
    const other = new Agent(server.url);
    expect((await login(other, s.person.username, s.person.password)).status).toBe(200);
    await server.ctx.db.insertInto('oidc_payloads').values({ model: 'RefreshToken', id: `rt-${s.accountId}`, payload: JSON.stringify({ accountId: s.accountId }), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null }).execute();
    await reauth(s);
    expect((await s.agent.call('POST', '/api/account/deactivate', { confirm: false })).body.error.code).toBe('deactivate.confirm_required');
    const res = await s.agent.call('POST', '/api/account/deactivate', { confirm: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(new Date(res.body.eraseAfter).getTime() - server.clock.now().getTime()).toBe(180 * 24 * 3600 * 1000);
    expect((await s.agent.call('GET', '/api/session')).status).toBe(401);
    expect((await other.call('GET', '/api/session')).status).toBe(401);
    expect(await server.ctx.db.selectFrom('oidc_payloads').select('id').where('id', '=', `rt-${s.accountId}`).executeTakeFirst()).toBeUndefined();
    const again = await login(new Agent(server.url), s.person.username, s.person.password);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('auth.invalid_credentials');
    // The username stays taken during retention.
    const twin = { ...newPerson(), username: s.person.username };
    const reg = new Agent(server.url);
    const flow = await reg.call('POST', '/api/flows/registration', {});
    const step = await reg.call('POST', `/api/flows/registration/${flow.body.flow.id}/login-info`, { username: twin.username, password: twin.password, confirmPassword: twin.password, captcha: TEST_CAPTCHA });
    expect(step.body.error?.code).toBe('username.taken');
  });

  it('erases the personal data after the retention period, keeps the audit trail, frees the username', async () => {
    // Someone with everything the account centre can hold: a bank card that passed the bank check,
    // security questions, an address, a pending e-mail link and phone change, a counter check, a
    // staff role, an org binding, login history with a failure.
    const registry = await seedSandboxRegistry(server.ctx, { count: 40, seed: 4242 });
    const r = registry.find((x) => x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && x.bankPhone === x.phone)!;
    const person = { ...newPerson(), name: r.name, idNumber: r.idNumber, phone: r.phone! };
    await register(new Agent(server.url), person);
    const accountId = await accountIdOf(server, person.username);
    await server.ctx.db.updateTable('persons').set({ phone_verified_at: server.clock.now() }).where('account_id', '=', accountId).execute();
    const s: SignedIn = { agent: new Agent(server.url), person, accountId };
    expect((await login(s.agent, person.username, person.password)).status).toBe(200);
    expect((await login(new Agent(server.url), person.username, 'Wrong#pass1')).status).toBe(401);

    server.clock.advanceMinutes(2);
    const step = await s.agent.call('POST', '/api/account/real-name/bank4/sms-step', {});
    const code = await s.agent.call('POST', '/api/account/real-name/bank4/sms-code', { flowId: step.body.flowId, captcha: TEST_CAPTCHA, phone: r.bankPhone });
    expect(code.status, JSON.stringify(code.body)).toBe(200);
    expect((await s.agent.call('POST', '/api/account/real-name/bank4/sms-code/verify', { flowId: code.body.flowId, code: server.lastSmsCode(r.bankPhone!) })).status).toBe(200);
    const bank = await s.agent.call('POST', '/api/account/real-name/bank4', { flowId: code.body.flowId, cardNumber: r.bankCard });
    expect(bank.status, JSON.stringify(bank.body)).toBe(200);

    await reauth(s);
    await s.agent.call('POST', '/api/account/nickname', { nickname: '老李' });
    await s.agent.call('POST', '/api/account/addresses', { recipient: '李四', phone: '13912345678', region: '广东省 广州市 天河区', detail: '天河路100号', postcode: '510000' });
    const questions = await s.agent.call('POST', '/api/account/security-questions', { items: [
      { questionId: 'birthplace', answer: '广州' },
      { questionId: 'primary_school', answer: 'Dongshan Primary' },
      { questionId: 'first_employer', answer: '人社局' },
    ] });
    expect(questions.status, JSON.stringify(questions.body)).toBe(200);
    const email = `erase.${process.pid}.${Date.now()}@example.com`;
    const mailFlow = await s.agent.call('POST', '/api/account/email/flows', {});
    expect((await s.agent.call('POST', `/api/account/email/flows/${mailFlow.body.flow.id}/link`, { email, captcha: TEST_CAPTCHA })).status).toBe(200);
    // An unfinished phone change holds the new number in its flow.
    const newPhone = newPerson().phone;
    const pending = await s.agent.call('POST', '/api/account/phone/flows', {});
    expect((await s.agent.call('POST', `/api/account/phone/flows/${pending.body.flow.id}/code`, { phone: newPhone, captcha: TEST_CAPTCHA })).status).toBe(200);

    const clerk = await signedInPerson(server);
    for (const id of [clerk.accountId, accountId]) await server.ctx.db.insertInto('staff_roles').values({ account_id: id, role: 'staff', granted_at: server.clock.now(), granted_by: 'test' }).execute();
    const counter = await clerk.agent.call('POST', '/api/staff/counter/verify', { accountId, documentType: 'resident_id', documentNumber: person.idNumber, place: '广州市政务服务中心', documentChecked: true });
    expect(counter.status, JSON.stringify(counter.body)).toBe(200);
    // As staff, the person checked someone at the counter too: that evidence names them.
    const checked = await s.agent.call('POST', '/api/staff/counter/verify', { accountId: clerk.accountId, documentType: 'resident_id', documentNumber: clerk.person.idNumber, place: '广州市政务服务中心', documentChecked: true });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    const org = await registerOrg(s.agent, await aCompany());
    expect(await server.ctx.db.selectFrom('org_members').select('status').where('person_id', '=', accountId).execute()).toEqual([{ status: 'active' }]);

    // 扫码登录: a computer signed in with the person's phone (the ticket keeps its IP and browser).
    const desktop = new Agent(server.url);
    const loginFlow = await desktop.call('POST', '/api/flows/login', {});
    const qr = await desktop.call('POST', `/api/flows/login/${loginFlow.body.flow.id}/qr`, {});
    const qrTicket = new URL(qr.body.qr.url).pathname.split('/').pop();
    expect((await s.agent.call('POST', '/api/qr/scan', { ticket: qrTicket })).status).toBe(200);
    expect((await s.agent.call('POST', '/api/qr/confirm', { ticket: qrTicket })).status).toBe(200);
    expect((await desktop.call('GET', `/api/flows/login/${loginFlow.body.flow.id}/qr`)).body.state).toBe('approved');

    expect((await s.agent.call('POST', '/api/account/deactivate', { confirm: true })).status).toBe(200);
    // Deactivated, it no longer acts for the org.
    expect(await server.ctx.db.selectFrom('org_members').select(['status', 'end_reason']).where('person_id', '=', accountId).execute()).toEqual([{ status: 'ended', end_reason: 'deactivated' }]);

    server.clock.advance(179 * 24 * 3600 * 1000);
    expect((await runHousekeeping(server.ctx)).erasedAccounts).toBe(0);
    const kept = await server.ctx.db.selectFrom('persons').select(['name', 'phone_enc']).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(kept.name).toBe(person.name);

    server.clock.advance(2 * 24 * 3600 * 1000);
    expect((await runHousekeeping(server.ctx)).erasedAccounts).toBeGreaterThanOrEqual(1);
    const db = server.ctx.db;
    const erased = await db.selectFrom('persons').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ name: '', id_number_enc: '', phone_enc: null, phone_hash: null, nickname: null, email_enc: null, email_hash: null });
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(account.status).toBe('deactivated');
    expect(account.display_name).toBe('');
    expect(account.username).not.toBe(person.username);
    const none = async (q: { execute(): Promise<unknown[]> }) => expect(await q.execute()).toEqual([]);
    await none(db.selectFrom('mailing_addresses').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('email_links').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('flows').select('id').where('id', 'in', [pending.body.flow.id, mailFlow.body.flow.id, code.body.flowId]));
    await none(db.selectFrom('otp_codes').select('id').where('flow_id', 'in', [pending.body.flow.id, code.body.flowId]));
    await none(db.selectFrom('password_credentials').select('account_id').where('account_id', '=', accountId));
    await none(db.selectFrom('password_history').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('login_guards').select('key').where('key', '=', `account:${accountId}`));
    await none(db.selectFrom('security_questions').select('position').where('account_id', '=', accountId));
    await none(db.selectFrom('person_bank_cards').select('card_masked').where('account_id', '=', accountId));
    await none(db.selectFrom('staff_roles').select('role').where('account_id', '=', accountId));
    await none(db.selectFrom('login_events').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('cas_tickets').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('qr_tickets').select('id').where('account_id', '=', accountId));
    await none(db.selectFrom('oidc_payloads').select('id').where(sql<boolean>`payload->>'accountId' like ${`${accountId}%`}`));
    // What the record of events needs stays, without what ties it to the person.
    const evidence = await db.selectFrom('evidence').select(['id', 'method', 'result', 'input_fingerprint', 'reference']).where('account_id', '=', accountId).execute();
    expect(evidence.map((e) => e.method)).toEqual(expect.arrayContaining(['bank4', 'counter']));
    expect(evidence.every((e) => e.input_fingerprint === null && e.reference === null)).toBe(true);
    const checks = await db.selectFrom('counter_checks').select(['staff_account_id', 'place', 'document_number_masked']).where('evidence_id', 'in', evidence.map((e) => e.id)).execute();
    expect(checks).toEqual([{ staff_account_id: clerk.accountId, place: '广州市政务服务中心', document_number_masked: '' }]);
    const sessions = await db.selectFrom('sessions').select(['ip', 'user_agent', 'ended_at']).where('account_id', '=', accountId).execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((x) => x.ip === null && x.user_agent === null && x.ended_at !== null)).toBe(true);
    const members = await db.selectFrom('org_members').selectAll().where('person_id', '=', accountId).execute();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ org_id: org.id, status: 'ended', invitee_name: '', invitee_id_enc: '', invitee_id_hash: `erased:${members[0]!.id}` });
    await none(db.selectFrom('org_grants').select('member_id').where('member_id', '=', members[0]!.id));
    expect(await db.selectFrom('evidence').select('source').where('account_id', '=', clerk.accountId).where('method', '=', 'counter').execute()).toEqual([{ source: `counter:${accountId}` }]);
    const trail = (await db.selectFrom('audit_log').select('event').where('subject', '=', accountId).execute()).map((x) => x.event);
    expect(trail).toEqual(expect.arrayContaining(['account.deactivate', 'account.pii_erased', 'account.nickname_change', 'account.address_add']));

    // Nothing anywhere still holds the person's data.
    const plain = [person.idNumber, person.phone, person.username, r.bankCard!, email, newPhone];
    const hashes = [
      server.ctx.vault.lookupHash('id_number', person.idNumber),
      server.ctx.vault.lookupHash('phone', person.phone),
      server.ctx.vault.lookupHash('bank_card', r.bankCard!),
      server.ctx.vault.lookupHash('email', email),
      server.ctx.vault.lookupHash('otp:sms', person.phone),
      server.ctx.vault.lookupHash('otp:sms', newPhone),
    ];
    await expectNowhere(plain, hashes);

    // Running again finds nothing more to do.
    expect((await runHousekeeping(server.ctx)).erasedAccounts).toBe(0);
    // The same person may register again with the same username and ID number.
    const fresh = { ...newPerson(), username: person.username, idNumber: person.idNumber };
    await register(new Agent(server.url), fresh);
    server.clock.setTo(new Date('2026-11-23T02:00:00Z'));
  });

  it('erases an org account too: the register data naming people, its bindings, questions, codes and recovery documents', async () => {
    const agent = await signedInPerson(server);
    const company = await aCompany();
    const org = await registerOrg(agent.agent, company);
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    const invitee = newPerson();
    expect((await orgAgent.call('POST', '/api/org/members', { name: invitee.name, idNumber: invitee.idNumber, role: 'agent' })).status).toBe(202);
    expect((await orgAgent.call('POST', '/api/org/ss-codes', { code: '51000012345', regionLevel: 'province', regionName: '四川省本级', insuranceTypes: ['pension'] })).status).toBe(201);
    const questions = await orgAgent.call('PUT', '/api/org/security-questions', { currentPassword: org.password, items: [
      { question: '单位成立年份', answer: '2001' },
      { question: '开户银行', answer: '工商银行' },
      { question: '财务负责人', answer: '王会计' },
    ] });
    expect(questions.status, JSON.stringify(questions.body)).toBeLessThan(300);
    const applicant = newPerson();
    const jpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(256, 7)]).toString('base64')}`;
    const recovery = new Agent(server.url);
    const flow = await recovery.call('POST', '/api/flows/org-recovery', {});
    const request = await recovery.call('POST', `/api/flows/org-recovery/${flow.body.flow.id}`, { uscc: company.uscc, agentName: applicant.name, agentIdNumber: applicant.idNumber, phone: applicant.phone, licencePhoto: jpeg, agentIdPhoto: jpeg, captcha: TEST_CAPTCHA });
    expect(request.status, JSON.stringify(request.body)).toBe(200);
    // The person acting for the org.
    expect((await agent.agent.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    expect(await server.ctx.db.selectFrom('sessions').select('id').where('acting_for', '=', org.id).where('ended_at', 'is', null).execute()).toHaveLength(1);

    expect((await orgAgent.call('POST', '/api/account/reauth/password', { password: org.password })).status).toBe(200);
    expect((await orgAgent.call('POST', '/api/account/deactivate', { confirm: true })).status).toBe(200);
    const db = server.ctx.db;
    // Nobody acts for it any more.
    expect((await db.selectFrom('org_members').select('status').where('org_id', '=', org.id).where('status', 'in', ['pending', 'active']).execute())).toEqual([]);
    expect(await db.selectFrom('sessions').select('id').where('acting_for', '=', org.id).where('ended_at', 'is', null).execute()).toEqual([]);

    server.clock.advance(181 * 24 * 3600 * 1000);
    expect((await runHousekeeping(server.ctx)).erasedAccounts).toBeGreaterThanOrEqual(1);
    const row = await db.selectFrom('orgs').selectAll().where('account_id', '=', org.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ uscc: `erased:${org.id}`, name: '', legal_rep_name: '', legal_rep_id_enc: '' });
    const members = await db.selectFrom('org_members').selectAll().where('org_id', '=', org.id).execute();
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.every((m) => m.status !== 'pending' && m.status !== 'active' && m.invitee_name === '' && m.invitee_id_enc === '' && m.invitee_id_hash === `erased:${m.id}`)).toBe(true);
    expect(await db.selectFrom('org_grants').select('member_id').where('member_id', 'in', members.map((m) => m.id)).execute()).toEqual([]);
    expect(await db.selectFrom('org_security_questions').select('account_id').where('account_id', '=', org.id).execute()).toEqual([]);
    expect(await db.selectFrom('org_ss_codes').select('id').where('org_id', '=', org.id).execute()).toEqual([]);
    expect(await db.selectFrom('org_recovery_requests').select('id').where('id', '=', request.body.requestId).execute()).toEqual([]);
    await expectNowhere(
      [company.legalRepIdNumber, invitee.idNumber, applicant.idNumber, applicant.phone, org.username],
      [idNumberHash(server.ctx, company.legalRepIdNumber), idNumberHash(server.ctx, invitee.idNumber), idNumberHash(server.ctx, applicant.idNumber)],
    );
    // The code is free for a new registration.
    await registerOrg((await signedInPerson(server)).agent, company);
    server.clock.setTo(new Date('2026-11-23T02:00:00Z'));
  });
});
