import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCode, issueCode } from '../../src/security/otp.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    limits: { ...(await import('../../src/security/rate-limit.js')).DEFAULT_LIMITS, otpPerDestination: { max: 3, windowSeconds: 24 * 3600 } },
  });
});
beforeAll(() => server.clock.setTo(new Date('2026-11-23T04:00:00Z')));
afterAll(async () => {
  await server?.close();
});

let n = 0;
const phone = () => `1380013${String(1000 + n++).padStart(4, '0')}`;
const req = (flowId: string, destination: string) => ({ purpose: 'login', flowId, channel: 'sms' as const, destination, ip: '203.0.113.9' });
const code = (e: unknown) => (e as { code?: string }).code;

describe('one-time codes', () => {
  it('issues 6-digit codes that work once', async () => {
    const r = req('flow-a', phone());
    const { code: c, expiresAt } = await issueCode(server.ctx, r);
    expect(c).toMatch(/^\d{6}$/);
    expect(expiresAt.getTime() - server.clock.now().getTime()).toBe(5 * 60_000);
    await expect(checkCode(server.ctx, { ...r, code: c })).resolves.toBeUndefined();
    expect(code(await checkCode(server.ctx, { ...r, code: c }).catch((e) => e))).toBe('otp.expired');
  });

  it('stores only a hash of the code', async () => {
    const r = req('flow-h', phone());
    const { code: c } = await issueCode(server.ctx, r);
    const rows = await server.ctx.db.selectFrom('otp_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(c);
    expect(JSON.stringify(rows)).not.toContain(r.destination);
  });

  it('is bound to the flow that asked', async () => {
    const r = req('flow-b', phone());
    const { code: c } = await issueCode(server.ctx, r);
    expect(code(await checkCode(server.ctx, { ...r, flowId: 'flow-other', code: c }).catch((e) => e))).toBe('otp.expired');
    await expect(checkCode(server.ctx, { ...r, code: c })).resolves.toBeUndefined();
  });

  it('expires after 5 minutes', async () => {
    const r = req('flow-c', phone());
    const { code: c } = await issueCode(server.ctx, r);
    server.clock.advanceMinutes(5);
    expect(code(await checkCode(server.ctx, { ...r, code: c }).catch((e) => e))).toBe('otp.expired');
  });

  it('allows 5 wrong tries, and a new code does not reset the count', async () => {
    const r = req('flow-d', phone());
    const first = await issueCode(server.ctx, r);
    const wrong = first.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 3; i++) expect(code(await checkCode(server.ctx, { ...r, code: wrong }).catch((e) => e))).toBe('otp.invalid');
    server.clock.advance(61_000);
    const second = await issueCode(server.ctx, r);
    const wrong2 = second.code === '000000' ? '000001' : '000000';
    expect(code(await checkCode(server.ctx, { ...r, code: wrong2 }).catch((e) => e))).toBe('otp.invalid');
    expect(code(await checkCode(server.ctx, { ...r, code: wrong2 }).catch((e) => e))).toBe('otp.too_many_attempts');
    // Even the right code is refused now, and no new code is issued for this flow.
    expect(code(await checkCode(server.ctx, { ...r, code: second.code }).catch((e) => e))).toBe('otp.too_many_attempts');
    server.clock.advance(61_000);
    expect(code(await issueCode(server.ctx, r).catch((e) => e))).toBe('otp.too_many_attempts');
  });

  it('makes the sender wait 60 seconds between codes to one number', async () => {
    const destination = phone();
    await issueCode(server.ctx, req('flow-e', destination));
    expect(code(await issueCode(server.ctx, req('flow-f', destination)).catch((e) => e))).toBe('otp.cooldown');
    server.clock.advance(60_000);
    await expect(issueCode(server.ctx, req('flow-f', destination))).resolves.toBeTruthy();
  });

  it('caps the codes one number receives in a day', async () => {
    const destination = phone();
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(code(await issueCode(server.ctx, req(`flow-g${i}`, destination)).then(() => 'ok', (e) => e)) ?? 'ok');
      server.clock.advance(61_000);
    }
    expect(answers).toEqual(['ok', 'ok', 'ok', 'otp.daily_limit']);
  });
});
