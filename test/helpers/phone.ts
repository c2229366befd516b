/** Registration by phone and SMS login, as API steps a test takes (issue 5). */
import { expect } from 'vitest';
import type { Agent } from './browser.js';
import { TEST_CAPTCHA, type TestServer } from './server.js';

let seq = 0;

/** A new mainland number each call (137…), unique enough within a test run. */
export function newPhone(): string {
  seq += 1;
  return `137${String((process.pid * 97 + seq * 7919 + Math.floor(Math.random() * 1e4)) % 1e8).padStart(8, '0')}`;
}

export const PHONE_PASSWORD = 'Kx7#pRw2Vq';

/** Registers by phone (code read from the test gateway) and returns the answer of the final step. */
export async function registerByPhone(server: TestServer, agent: Agent, phone: string, nickname = '小王') {
  const start = await agent.call('POST', '/api/flows/registration-phone', {});
  expect(start.status).toBe(201);
  const id = start.body.flow.id as string;
  const sent = await agent.call('POST', `/api/flows/registration-phone/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const res = await agent.call('POST', `/api/flows/registration-phone/${id}/submit`, {
    phone,
    nickname,
    password: PHONE_PASSWORD,
    confirmPassword: PHONE_PASSWORD,
    code: server.lastSmsCode(phone),
    agree: true,
  });
  return { id, res };
}

export async function startLogin(agent: Agent): Promise<string> {
  const res = await agent.call('POST', '/api/flows/login', {});
  expect(res.status).toBe(201);
  return res.body.flow.id;
}
