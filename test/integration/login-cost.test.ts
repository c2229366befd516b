/**
 * What one full password login costs the database: the statements (BEGIN and COMMIT included) of
 * start flow → captcha → password, counted through the store's query hook. A count, not a timing:
 * a change that adds round trips to the login path fails here. bench/login.ts measures the time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/browser.js';
import { newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
let statements: string[] = [];
let counting = false;
beforeAll(async () => {
  server = await startServer({}, { onQuery: (sql) => counting && statements.push(sql) });
});
afterAll(async () => {
  await server?.close();
});

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements = [];
  counting = true;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    counting = false;
  }
}

async function registered(): Promise<TestPerson> {
  const p = newPerson();
  await register(new Agent(server.url), p);
  return p;
}

describe('the database cost of one password login', () => {
  it('start flow, captcha inline, password: a bounded number of statements', async () => {
    const p = await registered();
    const agent = new Agent(server.url);
    await agent.refreshCsrf();
    const flow = await counted(() => agent.call('POST', '/api/flows/login', {}));
    expect(flow.result.status).toBe(201);
    expect(flow.result.body.flow.captcha).toMatch(/^data:image\/svg\+xml;base64,/);
    const login = await counted(() =>
      agent.call('POST', `/api/flows/login/${flow.result.body.flow.id}/password`, { identifier: p.username, password: p.password, captcha: TEST_CAPTCHA }),
    );
    expect(login.result.status, JSON.stringify(login.result.body)).toBe(200);
    console.log([...flow.statements, '----', ...login.statements].join('\n'));
    expect(flow.statements.length + login.statements.length).toBeLessThanOrEqual(100);
  });
});
