import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSmsCode, sendSmsCode } from '../../src/flows/sms-code.js';
import { buildApp } from '../../src/http/app.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T04:00:00Z'));
});
afterAll(async () => {
  await server?.close();
});

const err = (e: unknown) => (e as { code?: string }).code;

describe('the shared SMS-code step', () => {
  it('sends a code through the configured gateway and accepts it once', async () => {
    const sent = await sendSmsCode(server.ctx, { purpose: 'login', flowId: 'f1', phone: '13800138001', ip: '203.0.113.1' });
    expect(sent.maskedPhone).toBe('138****8001');
    expect(sent.resendAfterSeconds).toBe(60);
    const msg = server.sms.outbox()[0]!;
    expect(msg.phone).toBe('13800138001');
    expect(msg.text).toContain(msg.params.code);
    const code = server.lastSmsCode('13800138001');
    await expect(checkSmsCode(server.ctx, { purpose: 'recovery', flowId: 'f1', phone: '13800138001', code })).rejects.toMatchObject({ code: 'otp.expired' });
    await checkSmsCode(server.ctx, { purpose: 'login', flowId: 'f1', phone: '13800138001', code });
    expect(err(await checkSmsCode(server.ctx, { purpose: 'login', flowId: 'f1', phone: '13800138001', code }).catch((e) => e))).toBe('otp.expired');
  });

  it('with deliver: false counts the code the same but sends nothing', async () => {
    const before = server.sms.outbox().length;
    const sent = await sendSmsCode(server.ctx, { purpose: 'login', flowId: 'f2', phone: '13800138002', ip: '203.0.113.1', deliver: false });
    expect(sent.maskedPhone).toBe('138****8002');
    expect(server.sms.outbox()).toHaveLength(before);
    expect(err(await sendSmsCode(server.ctx, { purpose: 'login', flowId: 'f3', phone: '13800138002', ip: '203.0.113.1' }).catch((e) => e))).toBe('otp.cooldown');
  });

  it('shows the development outbox page', async () => {
    const res = await fetch(`${server.url}/dev/sms-outbox`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('短信发件箱');
    expect(html).toContain('13800138001');
  });

  it('has no outbox page in production mode', async () => {
    const app = await buildApp({ ...server.ctx, config: { ...server.ctx.config, mode: 'production' } }, { webRoot: '/nonexistent' });
    try {
      expect((await app.inject({ url: '/dev/sms-outbox' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
