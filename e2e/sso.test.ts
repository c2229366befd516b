import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleApp } from '../examples/business-system/app.js';
import { addBusinessSystem } from '../src/business-systems/business-systems.js';
import { Agent } from '../test/helpers/browser.js';
import { newPerson, register } from '../test/helpers/people.js';
import { ARTIFACTS, serverAndBrowser, submitPasswordLogin } from './browser.js';

const env = serverAndBrowser();
let example: Awaited<ReturnType<typeof startExampleApp>>;

beforeAll(async () => {
  const { server } = env;
  // The example learns its own port first; its client registration names it.
  let secret = '';
  example = await startExampleApp({ issuer: `${server.url}/oidc`, clientId: 'example', get clientSecret() { return secret; } });
  const added = await addBusinessSystem(server.ctx, {
    id: 'example',
    name: '示例业务系统',
    firstParty: true,
    oidc: { redirectUris: [`${example.url}/callback`], postLogoutRedirectUris: [`${example.url}/`] },
  });
  secret = added.clientSecret!;
});
afterAll(async () => {
  await example?.close();
});

describe('single sign-on to a business system by OIDC', () => {
  it('visits the system, signs in at Shenfen, comes back signed in, and logs out everywhere', async () => {
    const p = newPerson();
    await register(new Agent(env.server.url), p);
    const context = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();

    await page.goto(example.url);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/login\?next=/);
    await submitPasswordLogin(page, p.username, p.password);

    await page.waitForURL(`${example.url}/`);
    expect(await page.getByTestId('greeting').innerText()).toContain(p.name);
    expect(await page.getByTestId('level').innerText()).toBe('L2');
    await page.screenshot({ path: `${ARTIFACTS}/sso-signed-in.png`, fullPage: true });

    // Signed in at Shenfen too: the account centre opens without asking.
    const centre = await context.newPage();
    await centre.goto(`${env.server.url}/account`);
    await expect.poll(() => centre.getByTestId('account-display-name').innerText()).toContain(p.name);

    await page.getByText('退出登录').click();
    await page.getByText('确认退出').click();
    await page.waitForURL(`${example.url}/`);
    await page.getByTestId('sign-in').waitFor();

    await centre.goto(`${env.server.url}/account`);
    await centre.waitForURL('**/login');
    await context.close();
  });
});
