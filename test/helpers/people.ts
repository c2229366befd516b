/** Made-up people with valid identity data, and the API steps a test takes with them. */
import { expect } from 'vitest';
import { gb11643CheckDigit } from '../../src/domain/gb11643.js';
import type { Agent } from './browser.js';
import { TEST_CAPTCHA } from './server.js';

let seq = 0;

export interface TestPerson {
  username: string;
  password: string;
  name: string;
  idType: 'resident_id';
  idNumber: string;
  phone: string;
}

/** A new person each call: unique username, valid resident ID (Guangzhou, 1960s) and phone. */
export function newPerson(): TestPerson {
  seq += 1;
  const n = (process.pid * 1000 + seq) % 1000;
  const body = `440106196${seq % 10}0${1 + (seq % 9)}1${seq % 10}${String(n).padStart(3, '0')}`;
  return {
    username: `user${process.pid % 10000}x${seq}${Math.floor(Math.random() * 1e4)}`,
    password: 'Qz8#vLm2Tp',
    name: '李四',
    idType: 'resident_id',
    idNumber: body + gb11643CheckDigit(body),
    phone: `1390000${String(1000 + ((process.pid + seq) % 9000)).padStart(4, '0')}`,
  };
}

export async function startRegistration(agent: Agent): Promise<string> {
  const res = await agent.call('POST', '/api/flows/registration', {});
  expect(res.status).toBe(201);
  expect(res.body.flow.captcha).toMatch(/^data:image\/png;base64,/);
  return res.body.flow.id;
}

/** Runs the three registration steps and expects each to pass. */
export async function register(agent: Agent, p: TestPerson): Promise<void> {
  const id = await startRegistration(agent);
  const s1 = await agent.call('POST', `/api/flows/registration/${id}/login-info`, {
    username: p.username,
    password: p.password,
    confirmPassword: p.password,
    captcha: TEST_CAPTCHA,
  });
  expect(s1.status, JSON.stringify(s1.body)).toBe(200);
  const s2 = await agent.call('POST', `/api/flows/registration/${id}/identity-info`, {
    name: p.name,
    idType: p.idType,
    idNumber: p.idNumber,
    phone: p.phone,
  });
  expect(s2.status, JSON.stringify(s2.body)).toBe(200);
  const s3 = await agent.call('POST', `/api/flows/registration/${id}/agreement`, { agree: true });
  expect(s3.status, JSON.stringify(s3.body)).toBe(200);
}

/** One password login attempt through a fresh login flow. */
export async function login(agent: Agent, identifier: string, password: string, captcha = TEST_CAPTCHA) {
  const flow = await agent.call('POST', '/api/flows/login', {});
  expect(flow.status).toBe(201);
  const res = await agent.call('POST', `/api/flows/login/${flow.body.flow.id}/password`, { identifier, password, captcha });
  // Sign-in rotates the CSRF binding and hands back the new token.
  if (res.status === 200) agent.csrf = res.body.csrfToken;
  return res;
}

/** Three security answers a test person sets (密保问题) and 忘记密码 checks. */
export const SECURITY_ANSWERS = [
  { questionId: 'birthplace', answer: '广州' },
  { questionId: 'primary_school', answer: 'Dongshan Primary' },
  { questionId: 'first_employer', answer: '人社局' },
];
