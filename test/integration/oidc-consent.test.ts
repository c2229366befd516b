import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { Agent } from '../helpers/browser.js';
import { authorize, discover } from '../helpers/oidc.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let person: TestPerson;
let secret: string;
const REDIRECT = 'http://localhost:9998/callback';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  server = await startServer();
  secret = (await addBusinessSystem(server.ctx, { id: 'outside', name: '第三方服务', oidc: { redirectUris: [REDIRECT] } })).clientSecret!;
  person = newPerson();
  await register(new Agent(server.url), person);
});
afterAll(async () => {
  await server?.close();
});

/** A signed-in agent on the consent page of the non-first-party system: the page, its uid and form token. */
async function consentPage() {
  const agent = new Agent(server.url);
  await login(agent, person.username, person.password);
  const { result } = await authorize(agent, await discover(server.url, 'outside', secret), REDIRECT, 'openid profile');
  expect(result.status).toBe(200);
  const html = String(result.body);
  const uid = /interaction\/([^/"]+)\/confirm/.exec(html)![1]!;
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const page = await agent.raw('GET', `/oidc/interaction/${uid}`);
  return { agent, page, uid, token };
}

describe('the consent form of a business system that is not first-party', () => {
  it('is served so that a browser posts it with its Origin and may follow it to the system', async () => {
    const { page } = await consentPage();
    expect(page.body).toContain('授权确认');
    // no-referrer made Chromium send `Origin: null`, which the form check refuses.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    // The browser checks form-action along the redirects, to the business system's redirect URI.
    const formAction = /form-action ([^;]+)/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    expect(formAction).toBe("'self' http://localhost:9998");
  });

  for (const step of ['confirm', 'abort'] as const) {
    it(`refuses a cross-site ${step} (a foreign or opaque Origin) even with the right token, and takes its own`, async () => {
      const { agent, uid, token } = await consentPage();
      const body = `token=${encodeURIComponent(token)}`;
      for (const origin of ['https://evil.example', 'null', 'http://localhost:9998']) {
        const res = await agent.raw('POST', `/oidc/interaction/${uid}/${step}`, body, { ...FORM, origin });
        expect(res.status, origin).toBe(403);
        expect(res.body).toContain('页面已过期');
      }
      const own = await agent.raw('POST', `/oidc/interaction/${uid}/${step}`, body, { ...FORM, origin: server.url });
      expect(own.status).toBe(303);
    });
  }
});
