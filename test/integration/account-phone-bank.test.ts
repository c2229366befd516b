// 银联实名认证修改手机号 (seed 000 手机绑定, seed 001 变更用户信息), and what a plain phone change costs the 实名等级.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandboxRegistry, setSandboxBankPhone, type SandboxPerson } from '../../src/connectors/realname/index.js';
import { luhnCheckDigit } from '../../src/domain/bank-card.js';
import { testConfig } from '../../src/config.js';
import { recordEvidence } from '../../src/methods/realname/evidence.js';
import { bankVerifiedPerson, reauth, signedInPerson, type SignedIn } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { login, newPerson } from '../helpers/people.js';
import { newPhone, PHONE_PASSWORD, registerByPhone } from '../helpers/phone.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let registry: SandboxPerson[];
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-12-01T02:00:00Z'));
  registry = await seedSandboxRegistry(server.ctx, { count: 120, seed: 53 });
});
afterAll(async () => {
  await server?.close();
});

const used = new Set<string>();
function pick(): SandboxPerson {
  const r = registry.find((x) => !used.has(x.idNumber) && x.status === 'alive' && x.idType === 'resident_id' && !!x.bankCard && !!x.bankPhone);
  if (!r) throw new Error('no such sandbox person');
  used.add(r.idNumber);
  return r;
}
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
/** A Luhn-valid card number that is in no register. */
const unknownCard = () => {
  const partial = '62220200000099997';
  return partial + luhnCheckDigit(partial);
};

/** A fresh registry person at L4 by 银行卡实名认证 made with their phone (helpers/account.ts). */
async function l4Person(): Promise<SignedIn & { r: SandboxPerson }> {
  const r = pick();
  return { ...(await bankVerifiedPerson(server, r)), r };
}

/** 身份验证, a phone flow, and a code sent to `phone`; returns the flow id. */
async function codeSentTo(s: SignedIn, phone: string, on: TestServer = server): Promise<string> {
  await reauth(s);
  const start = await s.agent.call('POST', '/api/account/phone/flows', {});
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const sent = await s.agent.call('POST', `/api/account/phone/flows/${start.body.flow.id}/code`, { phone, captcha: TEST_CAPTCHA });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  on.clock.advance(1000);
  return start.body.flow.id;
}

const confirmBank = (s: SignedIn, id: string, body: Record<string, unknown>) => s.agent.call('POST', `/api/account/phone/flows/${id}/confirm-bank`, body);
const evidenceOf = (accountId: string, on: TestServer = server) =>
  on.ctx.db.selectFrom('evidence').select(['method', 'result', 'revoked_at', 'input_fingerprint', 'level']).where('account_id', '=', accountId).orderBy('verified_at').execute();
const levelOf = async (s: SignedIn) => (await s.agent.call('GET', '/api/session')).body.account.assuranceLevel;

describe('what a phone change does to the 实名等级', () => {
  it('says beforehand that a plain change drops L4 to L2 because the bank check used the old number; after it, the level is L2', async () => {
    const s = await l4Person();
    const impact = await s.agent.call('GET', '/api/account/phone/change-impact');
    expect(impact.status).toBe(200);
    expect(impact.body).toEqual({
      assuranceLevel: 'L4',
      levelAfterPlainChange: 'L2',
      phoneBoundMethods: ['bank4'],
      bankChange: { available: true, bankCardMasked: expect.stringMatching(/^\d{4}\*+\d{4}$/) },
    });
    expect(JSON.stringify(impact.body)).not.toContain(s.r.bankCard!);

    const phone = newPhone();
    const id = await codeSentTo(s, phone);
    const res = await s.agent.call('POST', `/api/account/phone/flows/${id}/confirm`, { code: server.lastSmsCode(phone) });
    expect(res.body, JSON.stringify(res.body)).toEqual({ phoneMasked: masked(phone), revokedEvidence: 1, assuranceLevel: 'L2' });
    expect(await levelOf(s)).toBe('L2');
    const audit = await server.ctx.db.selectFrom('audit_log').select('detail').where('subject', '=', s.accountId).where('event', '=', 'account.phone_change').execute();
    expect(audit.map((a) => a.detail)).toEqual([{ phone: masked(phone), via: 'sms', revokedEvidence: 1, assuranceLevel: 'L2' }]);
    // Nothing phone-bound is left to lose.
    expect((await s.agent.call('GET', '/api/account/phone/change-impact')).body).toMatchObject({ assuranceLevel: 'L2', levelAfterPlainChange: 'L2', phoneBoundMethods: [] });
  });

  it('says no drop when other evidence holds the level', async () => {
    const s = await signedInPerson(server, { verifiedPhone: true });
    await recordEvidence(server.ctx, { accountId: s.accountId, method: 'telecom3', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    await recordEvidence(server.ctx, { accountId: s.accountId, method: 'id_card', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    const impact = (await s.agent.call('GET', '/api/account/phone/change-impact')).body;
    expect(impact).toMatchObject({ assuranceLevel: 'L3', levelAfterPlainChange: 'L3', phoneBoundMethods: ['telecom3'], bankChange: { available: true, bankCardMasked: null } });
  });
});

describe('银联实名认证修改手机号', () => {
  it('keeps L4: the new number is bound with a new bank check, the old number\'s evidence is revoked, one audit row, the old number told', async () => {
    const s = await l4Person();
    await recordEvidence(server.ctx, { accountId: s.accountId, method: 'telecom3', source: 'test', level: 'L3', result: 'pass', reason: null, inputFingerprint: null, expiresAt: null });
    const phone = newPhone();
    // The person had the bank change the card's reserved phone first.
    await setSandboxBankPhone(server.ctx, s.r.key, phone);
    const id = await codeSentTo(s, phone);
    const res = await confirmBank(s, id, { cardNumber: s.r.bankCard, code: server.lastSmsCode(phone) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ phoneMasked: masked(phone), revokedEvidence: 2, assuranceLevel: 'L4' });
    expect(await levelOf(s)).toBe('L4');

    const evidence = await evidenceOf(s.accountId);
    expect(evidence.filter((e) => e.revoked_at).map((e) => e.method).sort()).toEqual(['bank4', 'telecom3']);
    const live = evidence.filter((e) => !e.revoked_at && e.method === 'bank4');
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ result: 'pass', level: 'L4', input_fingerprint: server.ctx.vault.lookupHash('realname:bank4', `${s.r.idNumber}\0${s.r.bankCard}\0${phone}`) });

    const person = await server.ctx.db.selectFrom('persons').select(['phone_hash', 'phone_verified_at']).where('account_id', '=', s.accountId).executeTakeFirstOrThrow();
    expect(person.phone_hash).toBe(server.ctx.vault.lookupHash('phone', phone));
    expect(person.phone_verified_at).not.toBeNull();
    const card = await server.ctx.db.selectFrom('person_bank_cards').select(['bank_phone_hash', 'card_enc']).where('account_id', '=', s.accountId).executeTakeFirstOrThrow();
    expect(card.bank_phone_hash).toBe(server.ctx.vault.lookupHash('phone', phone));
    expect(card.card_enc).not.toContain(s.r.bankCard!);

    const audit = await server.ctx.db.selectFrom('audit_log').select(['result', 'detail']).where('subject', '=', s.accountId).where('event', '=', 'account.phone_change').execute();
    expect(audit).toEqual([{ result: 'success', detail: { phone: masked(phone), via: 'bank4', revokedEvidence: 2, assuranceLevel: 'L4' } }]);
    expect(JSON.stringify(audit)).not.toContain(phone);
    await expect.poll(() => server.sms.outbox().find((m) => m.phone === s.r.bankPhone && m.template === 'phone_changed')?.params.phone).toBe(masked(phone));
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings).toMatchObject({ phoneMasked: masked(phone), phoneVerified: true });
    // The flow is done.
    expect((await confirmBank(s, id, { cardNumber: s.r.bankCard })).body.error.code).toBe('flow.wrong_state');
  });

  it('refuses a wrong code without asking the bank; the seeds\' bank messages; another card without a new code', async () => {
    const s = await l4Person();
    const phone = newPhone();
    const id = await codeSentTo(s, phone);
    const before = (await evidenceOf(s.accountId)).length;
    const code = server.lastSmsCode(phone);
    const wrong = await confirmBank(s, id, { cardNumber: s.r.bankCard, code: code === '123456' ? '654321' : '123456' });
    expect(wrong.body.error.code).toBe('otp.invalid');
    expect((await confirmBank(s, id, { cardNumber: s.r.bankCard })).body.error.code).toBe('otp.invalid');
    expect(await evidenceOf(s.accountId)).toHaveLength(before);

    // The bank still has the old number as the reserved one.
    const mismatch = await confirmBank(s, id, { cardNumber: s.r.bankCard, code });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: 'realname.bank_phone_mismatch', message: '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号', fields: { phone: '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号' } });
    // Someone else's card: the number is proven already, no code needed.
    const other = registry.find((x) => x.bankCard && x.idNumber !== s.r.idNumber)!;
    const notMine = await confirmBank(s, id, { cardNumber: other.bankCard });
    expect(notMine.body.error).toMatchObject({ code: 'realname.bank_mismatch', message: '人员姓名或证件类型或证件号与银行登记不匹配' });
    expect((await confirmBank(s, id, { cardNumber: unknownCard() })).body.error.code).toBe('realname.bank_mismatch');
    expect((await confirmBank(s, id, { cardNumber: '6222' })).body.error.code).toBe('bank_card.format');
    expect((await evidenceOf(s.accountId)).slice(before).map((e) => e.result)).toEqual(['fail', 'fail', 'fail']);
    const failures = await server.ctx.db.selectFrom('audit_log').select('detail').where('subject', '=', s.accountId).where('event', '=', 'account.phone_change').where('result', '=', 'failure').execute();
    expect(failures.map((f) => (f.detail as { reason: string }).reason)).toEqual(['phone_mismatch', 'mismatch', 'not_found']);
    // Nothing changed meanwhile.
    expect(await levelOf(s)).toBe('L4');
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings.phoneMasked).toBe(masked(s.r.bankPhone!));

    await setSandboxBankPhone(server.ctx, s.r.key, phone);
    const ok = await confirmBank(s, id, { cardNumber: s.r.bankCard });
    expect(ok.body, JSON.stringify(ok.body)).toMatchObject({ phoneMasked: masked(phone), assuranceLevel: 'L4' });
  });

  it('says phone.taken before asking the bank when the new number is another account\'s', async () => {
    const owner = await signedInPerson(server, { verifiedPhone: true });
    const s = await l4Person();
    const id = await codeSentTo(s, owner.person.phone);
    const before = (await evidenceOf(s.accountId)).length;
    const taken = await confirmBank(s, id, { cardNumber: s.r.bankCard, code: server.lastSmsCode(owner.person.phone) });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('phone.taken');
    expect(await evidenceOf(s.accountId)).toHaveLength(before);
  });

  it('is closed to a person with no name and ID on record, in words', async () => {
    const agent = new Agent(server.url);
    const phone = newPhone();
    expect((await registerByPhone(server, agent, phone)).res.status).toBe(200);
    const signed = new Agent(server.url);
    expect((await login(signed, phone, PHONE_PASSWORD)).status).toBe(200);
    const s: SignedIn = { agent: signed, person: { ...newPerson(), phone, password: PHONE_PASSWORD }, accountId: '' };
    expect((await signed.call('GET', '/api/account/phone/change-impact')).body).toMatchObject({ assuranceLevel: 'L1', bankChange: { available: false } });
    const next = newPhone();
    server.clock.advance(61_000);
    const id = await codeSentTo(s, next);
    const res = await confirmBank(s, id, { cardNumber: registry[0]!.bankCard ?? unknownCard(), code: server.lastSmsCode(next) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'phone.bank_no_identity', message: expect.stringContaining('不能使用银联实名认证修改手机号') });
  });

  it('needs a recent 身份验证', async () => {
    const s = await l4Person();
    const phone = newPhone();
    const id = await codeSentTo(s, phone);
    server.clock.advanceMinutes(11);
    expect((await confirmBank(s, id, { cardNumber: s.r.bankCard, code: server.lastSmsCode(phone) })).body.error.code).toBe('reauth.required');
  });

  it('limits bank checks per account and per IP', async () => {
    const limits = testConfig().limits;
    const strict = await startServer({
      limits: {
        ...limits,
        realNamePerAccount: { max: 3, windowSeconds: 24 * 3600 },
        realNamePerIp: { max: 5, windowSeconds: 3600 },
        ...Object.fromEntries((['flowPerIp', 'loginPerIp', 'registrationPerIp', 'otpPerIp', 'otpPerPrefix', 'reauthPerIp', 'captchaPerIp'] as const).map((k) => [k, { ...limits[k], max: 1000 }])),
      },
    });
    try {
      const codes = async (s: SignedIn, n: number) => {
        const phone = newPhone();
        const id = await codeSentTo(s, phone, strict);
        const out = [];
        for (let i = 0; i < n; i++) out.push((await confirmBank(s, id, { cardNumber: unknownCard(), ...(i === 0 ? { code: strict.lastSmsCode(phone) } : {}) })).body.error.code);
        return out;
      };
      const a = await signedInPerson(strict, { verifiedPhone: true });
      expect(await codes(a, 4)).toEqual(['realname.bank_mismatch', 'realname.bank_mismatch', 'realname.bank_mismatch', 'rate_limited']);
      const b = await signedInPerson(strict, { verifiedPhone: true });
      expect(await codes(b, 2)).toEqual(['realname.bank_mismatch', 'rate_limited']);
      const asked = await strict.ctx.db.selectFrom('evidence').select('id').where('method', '=', 'bank4').execute();
      expect(asked).toHaveLength(4);
    } finally {
      await strict.close();
    }
  });
});
