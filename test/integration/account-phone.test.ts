import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvidence } from '../../src/methods/realname/evidence.js';
import { reauth, signedInPerson, type SignedIn } from '../helpers/account.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let seq = 0;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T02:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

const freshPhone = () => `1360000${String(((process.pid % 900) * 10 + seq++) % 10000).padStart(4, '0')}`;

async function startFlow(s: SignedIn): Promise<string> {
  const res = await s.agent.call('POST', '/api/account/phone/flows', {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.flow.captcha).toMatch(/^data:image\/png;base64,/);
  return res.body.flow.id;
}

async function sendCode(s: SignedIn, id: string, phone: string) {
  return s.agent.call('POST', `/api/account/phone/flows/${id}/code`, { phone, captcha: TEST_CAPTCHA });
}

describe('binding a new phone', () => {
  it('binds the number after its code, tells the old number, revokes phone-bound evidence, audits', async () => {
    const s = await signedInPerson(server, { verifiedPhone: true });
    for (const method of ['telecom3', 'bank4', 'id_card']) {
      await recordEvidence(server.ctx, { accountId: s.accountId, method, source: 'test', level: method === 'bank4' ? 'L4' : 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    }
    expect((await s.agent.call('GET', '/api/session')).body.account.assuranceLevel).toBe('L4');
    await reauth(s);
    const id = await startFlow(s);
    const phone = freshPhone();
    const sent = await sendCode(s, id, phone);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.maskedPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const res = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: server.lastSmsCode(phone) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, revokedEvidence: 2, assuranceLevel: 'L3' });

    const settings = await s.agent.call('GET', '/api/account/settings');
    expect(settings.body.settings).toMatchObject({ phoneMasked: res.body.phoneMasked, phoneVerified: true });
    const evidence = await server.ctx.db.selectFrom('evidence').select(['method', 'revoked_at']).where('account_id', '=', s.accountId).execute();
    expect(evidence.filter((e) => e.revoked_at).map((e) => e.method).sort()).toEqual(['bank4', 'telecom3']);
    await expect.poll(() => server.sms.outbox().find((m) => m.phone === s.person.phone && m.template === 'phone_changed')?.params.phone).toBe(res.body.phoneMasked);
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'result', 'detail']).where('subject', '=', s.accountId).where('event', '=', 'account.phone_change').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(phone);
    // The stored number is encrypted.
    const row = await server.ctx.db.selectFrom('persons').select(['phone_enc']).where('account_id', '=', s.accountId).executeTakeFirstOrThrow();
    expect(row.phone_enc).not.toContain(phone);
    // The flow is done: the code cannot be used again.
    expect((await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: server.lastSmsCode(phone) })).body.error.code).toBe('flow.wrong_state');
  });

  it('needs a recent re-authentication at every step', async () => {
    const s = await signedInPerson(server);
    expect((await s.agent.call('POST', '/api/account/phone/flows', {})).body.error.code).toBe('reauth.required');
    await reauth(s);
    const id = await startFlow(s);
    server.clock.advanceMinutes(11);
    expect((await sendCode(s, id, freshPhone())).body.error.code).toBe('reauth.required');
  });

  it('refuses a wrong code and, only after the right code, a number that is another account\'s', async () => {
    const owner = await signedInPerson(server, { verifiedPhone: true });
    const s = await signedInPerson(server);
    await reauth(s);
    const id = await startFlow(s);
    // The answer to sending looks the same as for a free number.
    const sent = await sendCode(s, id, owner.person.phone);
    expect(sent.status).toBe(200);
    const code = server.lastSmsCode(owner.person.phone);
    const wrong = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: code === '123456' ? '654321' : '123456' });
    expect(wrong.body.error.code).toBe('otp.invalid');
    const taken = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'phone.taken', message: '该手机号码无法绑定到您的账户，请更换其他号码' });
    const mine = await server.ctx.db.selectFrom('persons').select('phone_hash').where('account_id', '=', s.accountId).executeTakeFirstOrThrow();
    const theirs = await server.ctx.db.selectFrom('persons').select('phone_hash').where('account_id', '=', owner.accountId).executeTakeFirstOrThrow();
    expect(mine.phone_hash).not.toBe(theirs.phone_hash);
  });

  it('needs the captcha before a code is sent, and a valid number', async () => {
    const s = await signedInPerson(server, { verifiedPhone: true });
    await reauth(s);
    const id = await startFlow(s);
    const before = server.sms.outbox().length;
    expect((await s.agent.call('POST', `/api/account/phone/flows/${id}/code`, { phone: freshPhone(), captcha: 'NOPE' })).body.error.code).toBe('captcha.invalid');
    expect(server.sms.outbox()).toHaveLength(before);
    expect((await s.agent.call('POST', `/api/account/phone/flows/${id}/code`, { phone: '12345', captcha: TEST_CAPTCHA })).body.error.code).toBe('phone.invalid');
    await s.agent.raw('GET', `/api/flows/${id}/captcha`);
    expect((await sendCode(s, id, s.person.phone)).body.error.code).toBe('phone.same');
    expect((await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: '123456' })).body.error.code).toBe('flow.wrong_state');
  });

  it('answers phone.taken, not a 500, when another account proves the number after the code was sent', async () => {
    // Both declared the same number at registration (unverified numbers may repeat).
    const owner = await signedInPerson(server);
    const s = await signedInPerson(server);
    const phone = owner.person.phone;
    await server.ctx.db.updateTable('persons').set({ phone_hash: server.ctx.vault.lookupHash('phone', phone), phone_enc: server.ctx.vault.encrypt(phone) }).where('account_id', '=', s.accountId).execute();
    await reauth(s);
    const id = await startFlow(s);
    expect((await sendCode(s, id, phone)).status).toBe(200);
    const code = server.lastSmsCode(phone);
    // The owner proves the number in between.
    await reauth(owner);
    server.clock.advance(61_000);
    const theirs = await startFlow(owner);
    expect((await sendCode(owner, theirs, phone)).status).toBe(200);
    expect((await owner.agent.call('POST', `/api/account/phone/flows/${theirs}/confirm`, { code: server.lastSmsCode(phone) })).status).toBe(200);
    const taken = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code });
    expect(taken.status, JSON.stringify(taken.body)).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'phone.taken', message: '该手机号码无法绑定到您的账户，请更换其他号码' });
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings.phoneVerified).toBe(false);
    const failures = await server.ctx.db.selectFrom('audit_log').select('detail').where('subject', '=', s.accountId).where('event', '=', 'account.phone_change').where('result', '=', 'failure').execute();
    expect(failures.map((f) => f.detail)).toEqual([{ reason: 'phone_taken' }]);
  });

  it('refuses a second verified holder at the database, and lets a deactivated account\'s number go', async () => {
    const owner = await signedInPerson(server, { verifiedPhone: true });
    const s = await signedInPerson(server);
    const ownerHash = server.ctx.vault.lookupHash('phone', owner.person.phone);
    const write = server.ctx.db.updateTable('persons').set({ phone_hash: ownerHash, phone_verified_at: server.clock.now() }).where('account_id', '=', s.accountId).execute();
    await expect(write).rejects.toMatchObject({ code: '23505' });
    // Deactivating gives the number up at once: another account may bind it.
    await reauth(owner);
    expect((await owner.agent.call('POST', '/api/account/deactivate', { confirm: true })).status).toBe(200);
    await reauth(s);
    server.clock.advance(61_000);
    const id = await startFlow(s);
    expect((await sendCode(s, id, owner.person.phone)).status).toBe(200);
    const res = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: server.lastSmsCode(owner.person.phone) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('verifies a declared but unverified number without revoking anything', async () => {
    const s = await signedInPerson(server);
    await recordEvidence(server.ctx, { accountId: s.accountId, method: 'telecom3', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    await reauth(s);
    const id = await startFlow(s);
    expect((await sendCode(s, id, s.person.phone)).status).toBe(200);
    const res = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: server.lastSmsCode(s.person.phone) });
    expect(res.body).toMatchObject({ revokedEvidence: 0, assuranceLevel: 'L3' });
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings.phoneVerified).toBe(true);
  });
});
