/** Sandbox companies and the API steps a test takes to register and sign in orgs. */
import { expect } from 'vitest';
import { seedSandboxEnterprises, type SandboxEnterprise } from '../../src/connectors/enterprise/index.js';
import type { Agent } from './browser.js';
import type { TestServer } from './server.js';
import { TEST_CAPTCHA } from './server.js';

let seq = 0;

/** Seeds the sandbox registry and hands out its active companies one at a time. */
export async function companies(server: TestServer, count = 40): Promise<() => SandboxEnterprise> {
  const all = (await seedSandboxEnterprises(server.ctx, { count, seed: `t${process.pid}` })).filter((e) => e.status === 'active' && !e.note);
  let i = 0;
  return () => {
    const e = all[i++];
    if (!e) throw new Error('out of sandbox companies');
    return e;
  };
}

export interface TestOrg {
  id: string;
  username: string;
  password: string;
  company: SandboxEnterprise;
}

export function orgDetails(company: SandboxEnterprise, overrides: Record<string, string> = {}) {
  seq += 1;
  return {
    uscc: company.uscc,
    name: company.name,
    legalRepName: company.legalRepName,
    legalRepIdNumber: company.legalRepIdNumber,
    username: `org${process.pid % 10000}x${seq}${Math.floor(Math.random() * 1e4)}`,
    password: 'Dw7!kPq4Ns',
    confirmPassword: 'Dw7!kPq4Ns',
    captcha: TEST_CAPTCHA,
    ...overrides,
  };
}

/** One registration attempt by the signed-in agent. */
export async function submitOrgRegistration(agent: Agent, details: Record<string, string>) {
  const flow = await agent.call('POST', '/api/flows/org-registration', {});
  expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  return agent.call('POST', `/api/flows/org-registration/${flow.body.flow.id}`, details);
}

/** Registers `company` with the signed-in `agent` as its agent; expects success. */
export async function registerOrg(agent: Agent, company: SandboxEnterprise): Promise<TestOrg> {
  const details = orgDetails(company);
  const res = await submitOrgRegistration(agent, details);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.org.id, username: details.username, password: details.password, company };
}

/** 单位登录 by org username (or USCC) + password + captcha. */
export async function orgLogin(agent: Agent, identifier: string, password: string) {
  const flow = await agent.call('POST', '/api/flows/login', {});
  const res = await agent.call('POST', `/api/flows/login/${flow.body.flow.id}/org-password`, { identifier, password, captcha: TEST_CAPTCHA });
  if (res.status === 200) agent.csrf = res.body.csrfToken;
  return res;
}
