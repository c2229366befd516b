/**
 * The SMS outbox (src/flows/sms-outbox.ts, docs/sms.md "Delivery"): a send that fails retryably is
 * tried again by the sweep and delivered; a permanent failure, or one past the tries, is given up,
 * audited and counted; a code is never sent after it expired; rows a stopped node left are sent
 * once their claim lapses; two workers never send one row twice (on PostgreSQL: two stores on one
 * schema, as two nodes); the code's plaintext is sealed while it waits and erased once sent.
 * No sleeps: background work is awaited with `settled()`, time moves with the test clock.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BackgroundWork } from '../../src/background.js';
import { failure, type SmsGateway, type SmsMessage, type SmsResult } from '../../src/connectors/sms/gateway.js';
import type { AppContext } from '../../src/context.js';
import { checkSmsCode, enqueueSmsNotice, makeSmsCode, sendSmsCode } from '../../src/flows/sms-code.js';
import { CLAIM_SECONDS, cstDay, MAX_ATTEMPTS, outboxRow, pruneSmsOutbox, sendDueSms } from '../../src/flows/sms-outbox.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { newId } from '../../src/security/tokens.js';
import { openStore } from '../../src/store/db.js';
import { newPhone } from '../helpers/phone.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

/** The test server's console gateway behind a script: each send takes the next answer (then the console's), and is recorded. */
class ScriptedGateway implements SmsGateway {
  readonly calls: SmsMessage[] = [];
  constructor(
    private readonly answers: Array<SmsResult | 'console'>,
    private readonly then: SmsResult | 'console' = 'console',
  ) {}
  async send(msg: SmsMessage): Promise<SmsResult> {
    this.calls.push(msg);
    const answer = this.answers.shift() ?? this.then;
    // Yield once, as a vendor call would: concurrent workers interleave here.
    await Promise.resolve();
    return answer === 'console' ? server.sms.send(msg) : answer;
  }
}

/** Puts `gateway` in the server's place for this test. */
function using(gateway: SmsGateway): void {
  const before = server.ctx.sms;
  server.ctx.sms = gateway;
  onTestFinished(() => {
    server.ctx.sms = before;
  });
}

const rowsTo = (phone: string) => server.ctx.db.selectFrom('sms_outbox').selectAll().where('destination_masked', '=', `${phone.slice(0, 3)}****${phone.slice(-4)}`).execute();
const codesTo = (phone: string) => server.sms.outbox().filter((m) => m.phone === phone && m.template === 'verification_code');
const counts = async (template = 'verification_code') =>
  (await server.ctx.db.selectFrom('sms_send_counts').select(['sent', 'failed', 'given_up']).where('day', '=', cstDay(server.clock.now())).where('template', '=', template).executeTakeFirst()) ?? {
    sent: 0,
    failed: 0,
    given_up: 0,
  };
const failureAudits = async (phone: string) =>
  (await server.ctx.db.selectFrom('audit_log').select('detail').where('event', '=', 'sms.send').where('result', '=', 'failure').execute())
    .map((r) => r.detail as Record<string, unknown>)
    .filter((d) => d.phone === `${phone.slice(0, 3)}****${phone.slice(-4)}`);

describe('the SMS outbox', () => {
  it('retries a send that failed retryably, after its backoff, and delivers it; the code then passes', async () => {
    const gateway = new ScriptedGateway([failure('vendor: no answer within 5000 ms', true)]);
    using(gateway);
    const before = await counts();
    const phone = newPhone();
    const flowId = newId();
    await sendSmsCode(server.ctx, { purpose: 'login', flowId, phone, ip: '203.0.113.9' });
    await server.settled();
    expect(codesTo(phone)).toHaveLength(0);
    const [waiting] = await rowsTo(phone);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_error: 'vendor: no answer within 5000 ms' });
    expect(waiting!.next_attempt_at.getTime() - server.clock.now().getTime()).toBe(15_000);
    expect(await failureAudits(phone)).toEqual([expect.objectContaining({ purpose: 'login', template: 'verification_code', retryable: true, attempt: 1, gaveUp: false })]);

    // Not before its time.
    server.clock.advance(14_000);
    await sendDueSms(server.ctx);
    expect(codesTo(phone)).toHaveLength(0);
    server.clock.advance(1_000);
    const report = await runHousekeeping(server.ctx);
    expect(report.smsSent).toBeGreaterThanOrEqual(1);
    expect(codesTo(phone)).toHaveLength(1);
    expect(gateway.calls.filter((m) => m.phone === phone)).toHaveLength(2);
    const [sent] = await rowsTo(phone);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, params_enc: null, destination_enc: null, sent_at: server.clock.now() });
    const after = await counts();
    expect({ sent: after.sent - before.sent, failed: after.failed - before.failed, given_up: after.given_up - before.given_up }).toEqual({ sent: 1, failed: 1, given_up: 0 });
    await checkSmsCode(server.ctx, { purpose: 'login', flowId, phone, code: server.lastSmsCode(phone) });
  });

  it('gives up a permanent failure at once, audits and counts it, and never sends it later', async () => {
    const gateway = new ScriptedGateway([failure('aliyun: isv.MOBILE_NUMBER_ILLEGAL', false)]);
    using(gateway);
    const before = await counts();
    const phone = newPhone();
    await sendSmsCode(server.ctx, { purpose: 'bind_phone', flowId: newId(), phone, ip: '203.0.113.9' });
    await server.settled();
    const [row] = await rowsTo(phone);
    expect(row).toMatchObject({ status: 'given_up', attempts: 1, params_enc: null, destination_enc: null, last_error: 'aliyun: isv.MOBILE_NUMBER_ILLEGAL', given_up_at: server.clock.now() });
    expect(await failureAudits(phone)).toEqual([expect.objectContaining({ purpose: 'bind_phone', error: 'aliyun: isv.MOBILE_NUMBER_ILLEGAL', retryable: false, gaveUp: true })]);
    const after = await counts();
    expect({ failed: after.failed - before.failed, given_up: after.given_up - before.given_up }).toEqual({ failed: 1, given_up: 1 });
    server.clock.advance(3_600_000);
    await sendDueSms(server.ctx);
    expect(gateway.calls.filter((m) => m.phone === phone)).toHaveLength(1);
    expect(codesTo(phone)).toHaveLength(0);
  });

  it(`gives a notice up after ${MAX_ATTEMPTS} tries`, async () => {
    const gateway = new ScriptedGateway([], failure('tencent: InternalError.Timeout', true));
    using(gateway);
    const phone = newPhone();
    await enqueueSmsNotice(server.ctx, phone, 'password_changed', {}, '203.0.113.9');
    await server.settled();
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      server.clock.advance(900_000);
      await sendDueSms(server.ctx);
    }
    const [row] = await rowsTo(phone);
    expect(row).toMatchObject({ status: 'given_up', attempts: MAX_ATTEMPTS, template: 'password_changed', params_enc: null });
    expect(gateway.calls.filter((m) => m.phone === phone)).toHaveLength(MAX_ATTEMPTS);
    expect((await failureAudits(phone)).map((d) => [d.attempt, d.gaveUp])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
  });

  it('does not send a code after it expired: a waiting retry is given up unsent', async () => {
    const gateway = new ScriptedGateway([], failure('webhook: HTTP 503', true));
    using(gateway);
    const phone = newPhone();
    await sendSmsCode(server.ctx, { purpose: 'login', flowId: newId(), phone, ip: '203.0.113.9' });
    await server.settled();
    server.clock.advance(15_000);
    await sendDueSms(server.ctx); // the second try fails too; the next would be at 75 s
    server.clock.advance(5 * 60_000);
    await sendDueSms(server.ctx);
    expect(gateway.calls.filter((m) => m.phone === phone)).toHaveLength(2);
    const [row] = await rowsTo(phone);
    expect(row).toMatchObject({ status: 'given_up', attempts: 2, last_error: 'the code expired before it could be sent', params_enc: null });
    expect((await failureAudits(phone)).at(-1)).toMatchObject({ gaveUp: true, error: 'the code expired before it could be sent' });
  });

  it('sends a held code when its flow releases it, not once it expired, and a dropped one never', async () => {
    const released = newPhone();
    const held = await makeSmsCode(server.ctx, { purpose: 'recovery_bank4', flowId: newId(), phone: released, ip: '203.0.113.9' });
    expect(await rowsTo(released)).toEqual([expect.objectContaining({ status: 'held', attempts: 0 })]);
    expect(codesTo(released)).toHaveLength(0);
    await held.deliver();
    await server.settled();
    expect(codesTo(released)).toHaveLength(1);

    const late = newPhone();
    const lateCode = await makeSmsCode(server.ctx, { purpose: 'recovery_bank4', flowId: newId(), phone: late, ip: '203.0.113.9' });
    server.clock.advance(5 * 60_000);
    await lateCode.deliver();
    await server.settled();
    expect(codesTo(late)).toHaveLength(0);
    await pruneSmsOutbox(server.ctx);
    expect(await rowsTo(late)).toEqual([]);

    const dropped = newPhone();
    const droppedCode = await makeSmsCode(server.ctx, { purpose: 'recovery_bank4', flowId: newId(), phone: dropped, ip: '203.0.113.9' });
    await droppedCode.drop();
    await droppedCode.deliver();
    await server.settled();
    expect(codesTo(dropped)).toHaveLength(0);
    expect(await rowsTo(dropped)).toEqual([]);
  });

  it('seals the code while it waits and keeps neither code nor number once sent', async () => {
    const phone = newPhone();
    const held = await makeSmsCode(server.ctx, { purpose: 'recovery_bank4', flowId: newId(), phone, ip: '203.0.113.9' });
    const [waiting] = await rowsTo(phone);
    await held.deliver();
    await server.settled();
    const code = server.lastSmsCode(phone);
    expect(JSON.stringify(waiting)).not.toContain(code);
    expect(JSON.stringify(waiting)).not.toContain(phone);
    expect(JSON.parse(server.ctx.vault.decrypt(waiting!.params_enc!))).toEqual({ code });
    const [sent] = await rowsTo(phone);
    expect(sent).toMatchObject({ status: 'sent', params_enc: null, destination_enc: null });
    expect(JSON.stringify(sent)).not.toContain(code);
  });

  it('sends the rows a stopped node left once their claim lapsed', async () => {
    const phone = newPhone();
    // Written and claimed as a request does, then never sent: the node stopped.
    const { row } = outboxRow(server.ctx, newId(), { template: 'verification_code', params: { code: '246810' }, phone, purpose: 'login', ip: null, expiresAt: new Date(server.clock.now().getTime() + 5 * 60_000) }, 'pending');
    await server.ctx.db.insertInto('sms_outbox').values(row).execute();
    await sendDueSms(server.ctx);
    expect(codesTo(phone)).toHaveLength(0);
    server.clock.advance(CLAIM_SECONDS * 1000);
    await sendDueSms(server.ctx);
    expect(server.lastSmsCode(phone)).toBe('246810');
    expect(await rowsTo(phone)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('gives up a row it cannot read (sealed under another key) instead of claiming it forever', async () => {
    const phone = newPhone();
    const { row } = outboxRow(server.ctx, newId(), { template: 'password_changed', params: {}, phone, purpose: 'password_changed', ip: null }, 'pending');
    await server.ctx.db.insertInto('sms_outbox').values({ ...row, params_enc: 'v1:AAAA:BBBB', next_attempt_at: server.clock.now() }).execute();
    await sendDueSms(server.ctx);
    expect(await rowsTo(phone)).toEqual([expect.objectContaining({ status: 'given_up', attempts: 0, last_error: 'the stored message cannot be read', params_enc: null, destination_enc: null })]);
    expect(server.sms.outbox().filter((m) => m.phone === phone)).toHaveLength(0);
  });

  it('two workers sweeping at once never send one row twice', async () => {
    const gateway = new ScriptedGateway([]);
    using(gateway);
    const phones = Array.from({ length: 45 }, () => newPhone());
    const now = server.clock.now();
    const ids = phones.map(() => newId());
    await server.ctx.db
      .insertInto('sms_outbox')
      .values(phones.map((phone, i) => ({ ...outboxRow(server.ctx, ids[i]!, { template: 'phone_changed', params: { phone: '138****0000' }, phone, purpose: 'phone_changed', ip: null }, 'pending').row, next_attempt_at: now })))
      .execute();
    // On PostgreSQL a second node: its own store (pool) on the same schema; on PGlite (one process, one connection) the same store.
    let other: AppContext = { ...server.ctx, background: new BackgroundWork() };
    if (server.ctx.store.kind === 'postgres') {
      const { schema } = (await server.ctx.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('schema')).executeTakeFirstOrThrow()) as { schema: string };
      const store = await openStore({ databaseUrl: process.env.DATABASE_URL, schema });
      onTestFinished(() => store.close());
      other = { ...other, store, db: store.db };
    }
    const reports = await Promise.all([sendDueSms(server.ctx), sendDueSms(other), sendDueSms(server.ctx), sendDueSms(other)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(phones.length);
    for (const phone of phones) expect(gateway.calls.filter((m) => m.phone === phone), phone).toHaveLength(1);
    const rows = await server.ctx.db.selectFrom('sms_outbox').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows).toHaveLength(phones.length);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
