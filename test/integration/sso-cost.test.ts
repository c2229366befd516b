/**
 * What the single sign-on access decision (src/business-systems/access.ts) costs the database on
 * /cas/login: the statements of one request, counted through the store's query hook. The decision
 * reads the account, its evidence and — acting for an org — the grant in one statement, so acting
 * for an org costs no more than signing in for oneself, and a refusal no more than a ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { Agent } from '../helpers/browser.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { login, newPerson, register } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let statements: string[] = [];
let counting = false;
const GRANTED = 'http://localhost:9997/granted/';
const NOT_GRANTED = 'http://localhost:9997/not-granted/';
const L4 = 'http://localhost:9997/l4/';

beforeAll(async () => {
  server = await startServer({}, { onQuery: (sql) => counting && statements.push(sql) });
  await addBusinessSystem(server.ctx, { id: 'costgranted', name: '已授权系统', casServicePatterns: [GRANTED] });
  await addBusinessSystem(server.ctx, { id: 'costother', name: '未授权系统', casServicePatterns: [NOT_GRANTED] });
  await addBusinessSystem(server.ctx, { id: 'costl4', name: 'L4系统', minLevel: 'L4', casServicePatterns: [L4] });
});
afterAll(async () => {
  await server?.close();
});

/** The statements of one GET /cas/login for `service` (after one uncounted, so both start alike). */
async function casLogin(agent: Agent, service: string) {
  await agent.raw('GET', `/cas/login?service=${encodeURIComponent(service)}`);
  statements = [];
  counting = true;
  try {
    const res = await agent.raw('GET', `/cas/login?service=${encodeURIComponent(service)}`);
    return { res, statements };
  } finally {
    counting = false;
  }
}

async function signedIn() {
  const p = newPerson();
  const agent = new Agent(server.url);
  await register(agent, p);
  expect((await login(agent, p.username, p.password)).status).toBe(200);
  return { agent, person: p };
}

// A ticket: the registry of systems (the service's system), the session resumed (read, idle
// deadline pushed), the decision's one read, the ticket, its audit record. Before the decision it
// was the same for oneself and one more acting for an org (the grant); a refusal of an org grant
// took four after the session (account, grant, org name, audit), now two (the decision's read, the
// audit record), as the level's refusal did and does.
const TICKET_STATEMENTS = 6;
const REFUSAL_STATEMENTS = 5;

describe('the database cost of the access decision on /cas/login', () => {
  it('a ticket for oneself, and acting for an org, cost the same; refusals cost less', async () => {
    const next = await companies(server, 2);
    const { agent: registrant } = await signedIn();
    const org = await registerOrg(registrant, next());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);

    const { agent, person } = await signedIn();
    const own = await casLogin(agent, GRANTED);
    expect(own.res.status).toBe(302);
    expect(new URL(own.res.headers.get('location')!).searchParams.get('ticket')).toMatch(/^ST-/);
    expect(own.statements.length, own.statements.join('\n')).toBeLessThanOrEqual(TICKET_STATEMENTS);

    const tooLow = await casLogin(agent, L4);
    expect(tooLow.res.status).toBe(403);
    expect(String(tooLow.res.body)).toContain('实名等级不足');
    expect(tooLow.statements.length, tooLow.statements.join('\n')).toBeLessThanOrEqual(REFUSAL_STATEMENTS);

    const invited = await orgAgent.call('POST', '/api/org/members', { name: person.name, idNumber: person.idNumber, role: 'agent' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(202);
    expect((await agent.call('POST', `/api/account/org-invitations/${invited.body.id}/accept`, {})).status).toBe(204);
    expect((await orgAgent.call('PUT', `/api/org/members/${invited.body.id}/grants`, { grants: [{ systemId: 'costgranted' }] })).status).toBe(204);
    expect((await agent.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);

    const acting = await casLogin(agent, GRANTED);
    expect(acting.res.status).toBe(302);
    expect(new URL(acting.res.headers.get('location')!).searchParams.get('ticket')).toMatch(/^ST-/);
    expect(acting.statements.length, acting.statements.join('\n')).toBe(own.statements.length);

    const refused = await casLogin(agent, NOT_GRANTED);
    expect(refused.res.status).toBe(403);
    const page = String(refused.res.body);
    expect(page).toContain('未获单位授权');
    expect(page).toContain(org.company.name);
    expect(refused.statements.length, refused.statements.join('\n')).toBeLessThanOrEqual(REFUSAL_STATEMENTS);
  });
});
