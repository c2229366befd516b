import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { createAdapterClass } from '../../src/protocols/oidc/adapter.js';
import { tokenDigest } from '../../src/security/tokens.js';
import * as oidcPayloadDigests from '../../src/store/migrations/20261207_0018_oidc_payload_digests.js';
import { Agent } from '../helpers/browser.js';
import { authorize as authorizeAt, discover, follow } from '../helpers/oidc.js';
import { login, newPerson, register, type TestPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let person: TestPerson;
const REDIRECT = 'http://localhost:9999/callback';
let secret: string;

beforeAll(async () => {
  server = await startServer();
  const added = await addBusinessSystem(server.ctx, {
    id: 'pension',
    name: '养老保险业务系统',
    firstParty: true,
    minLevel: 'L2',
    oidc: { redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://localhost:9999/'], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] },
  });
  secret = added.clientSecret!;
  await addBusinessSystem(server.ctx, {
    id: 'strict',
    name: '高等级业务系统',
    firstParty: true,
    minLevel: 'L4',
    // Its API takes tokens issued to pension too.
    apiClients: ['pension'],
    oidc: { redirectUris: [REDIRECT] },
  });
  person = newPerson();
  await register(new Agent(server.url), person);
});
afterAll(async () => {
  await server?.close();
});

const rp = (clientId = 'pension', clientSecret = secret) => discover(server.url, clientId, clientSecret);

const authorize = (agent: Agent, config: oidc.Configuration, extra: Record<string, string> = {}) =>
  authorizeAt(agent, config, REDIRECT, 'openid profile phone assurance offline_access', extra);

describe('OpenID Connect provider', () => {
  it('publishes discovery with ES256, S256 PKCE and no implicit flow', async () => {
    const config = await rp();
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${server.url}/oidc`);
    expect(meta.id_token_signing_alg_values_supported).toContain('ES256');
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.acr_values_supported).toContain('urn:shenfen:loa:l2');
  });

  it('signs a person in with code + PKCE through the Shenfen login, then userinfo, refresh and revocation', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    const first = await authorize(agent, config);
    // Not signed in: Shenfen's own login page, which will come back to the interaction.
    expect(first.result.url).toMatch(/\/login\?next=%2Foidc%2Finteraction%2F/);
    expect((await login(agent, person.username, person.password)).status).toBe(200);
    const next = decodeURIComponent(new URL(first.result.url).searchParams.get('next')!);
    const back = await follow(agent, `${server.url}${next}`);
    expect(back.url.startsWith(REDIRECT)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.url), { pkceCodeVerifier: first.verifier, expectedState: first.state });
    const claims = tokens.claims()!;
    expect(claims.acr).toBe('urn:shenfen:loa:l2');
    expect(claims.amr).toEqual(['pwd']);
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('ES256');

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ name: person.name, preferred_username: person.username, assurance_level: 'L2', phone_number: person.phone });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, refreshed.access_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);

    // Rotation: the old refresh token is spent, and presenting it again revokes the whole family.
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('does not ask again while the Shenfen session lives, and asks again after logout', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    await login(agent, person.username, person.password);
    const first = await authorize(agent, config);
    expect(first.result.url.startsWith(REDIRECT)).toBe(true);
    expect((await agent.call('POST', '/api/session/logout', {})).status).toBe(204);
    const again = await authorize(agent, config);
    expect(again.result.url).toMatch(/\/login\?next=/);
  });

  it('refuses a reused code', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    await login(agent, person.username, person.password);
    const { verifier, state, result } = await authorize(agent, config);
    const first = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
    await expect(oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    // Reuse revokes what the code issued.
    expect((await oidc.tokenIntrospection(config, first.access_token)).active).toBe(false);
  });

  it('asks for consent for a system that is not first-party, listing the data in plain words', async () => {
    const { clientSecret } = await addBusinessSystem(server.ctx, { id: 'thirdparty', name: '第三方服务', oidc: { redirectUris: [REDIRECT] } });
    const config = await rp('thirdparty', clientSecret!);
    const agent = new Agent(server.url);
    await login(agent, person.username, person.password);
    const { verifier, state, result } = await authorize(agent, config);
    expect(result.status).toBe(200);
    const html = String(result.body);
    expect(html).toContain('授权确认');
    expect(html).toContain('第三方服务');
    expect(html).toContain('您的手机号码');
    const uid = /interaction\/([^/"]+)\/confirm/.exec(html)![1]!;
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    // A forged form (wrong token) is refused.
    const forged = await agent.raw('POST', `/oidc/interaction/${uid}/confirm`, 'token=forged', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(forged.status).toBe(403);
    const ok = await agent.raw('POST', `/oidc/interaction/${uid}/confirm`, `token=${encodeURIComponent(token)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(303);
    const done = await follow(agent, new URL(ok.headers.get('location')!, server.url).href);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.access_token).toBeTruthy();
  });

  it('stores only digests of what browsers and systems present: no _session cookie, code or token in oidc_payloads', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    expect((await login(agent, person.username, person.password)).status).toBe(200);
    const { verifier, state, result } = await authorize(agent, config);
    expect(result.url.startsWith(REDIRECT)).toBe(true);
    const code = new URL(result.url).searchParams.get('code')!;
    const tokens = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
    const cookie = agent.cookies.get('_session');
    expect(cookie).toBeTruthy();
    const presented = { cookie: cookie!, code, accessToken: tokens.access_token, refreshToken: tokens.refresh_token! };
    const dump = JSON.stringify(await server.ctx.db.selectFrom('oidc_payloads').selectAll().execute());
    for (const [what, value] of Object.entries(presented)) expect(dump.includes(value), what).toBe(false);
    expect(dump).toContain(tokenDigest(cookie!));

    // Everything still works by digest: the session (no second sign-in), userinfo, refresh.
    const again = await authorize(agent, config);
    expect(again.result.url.startsWith(REDIRECT)).toBe(true);
    expect((await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).sub).toBe(tokens.claims()!.sub);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(refreshed.access_token).toBeTruthy();
  });

  it('migration 0018 turns rows stored before into digests that still resolve', async () => {
    const n = Date.now();
    const raw = `session-${n}`;
    await server.ctx.db
      .insertInto('oidc_payloads')
      .values({ model: 'Session', id: raw, payload: JSON.stringify({ jti: raw, uid: `uid-${n}`, accountId: 'x', iat: 1, exp: 4102444800 }), grant_id: null, user_code: null, uid: `uid-${n}`, expires_at: null, consumed_at: null })
      .execute();
    await server.ctx.db
      .insertInto('oidc_payloads')
      .values({ model: 'Interaction', id: `i-${raw}`, payload: JSON.stringify({ jti: `i-${raw}`, session: { accountId: 'x', uid: `uid-${n}`, cookie: raw }, iat: 1, exp: 4102444800 }), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null })
      .execute();
    await server.ctx.db.insertInto('oidc_payloads').values({ model: 'Grant', id: `g-${raw}`, payload: JSON.stringify({ jti: `g-${raw}` }), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null }).execute();
    await sql.raw(oidcPayloadDigests.up).execute(server.ctx.db);
    const rows = await server.ctx.db.selectFrom('oidc_payloads').select(['model', 'id', 'payload']).where('id', 'in', [tokenDigest(raw), tokenDigest(`i-${raw}`), `g-${raw}`]).execute();
    expect(rows.map((r) => r.model).sort()).toEqual(['Grant', 'Interaction', 'Session']);
    expect(JSON.stringify(rows.filter((r) => r.model !== 'Grant'))).not.toContain(raw);
    const Adapter = createAdapterClass(server.ctx);
    expect(await new Adapter('Session').find(raw)).toMatchObject({ jti: raw, uid: `uid-${n}`, accountId: 'x' });
    expect(await new Adapter('Interaction').find(`i-${raw}`)).toMatchObject({ jti: `i-${raw}`, session: { accountId: 'x', uid: `uid-${n}` } });
    expect(await new Adapter('Grant').find(`g-${raw}`)).toMatchObject({ jti: `g-${raw}` });
  });

  it('rotates signing keys without a restart: after the key check new tokens use the new key, old tokens still verify', async () => {
    const { rotateSigningKeys, KEY_CHECK_MS } = await import('../../src/protocols/oidc/keys.js');
    const config = await rp();
    const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid as string;
    const issue = async () => (await oidc.clientCredentialsGrant(config, { resource: 'urn:shenfen:api:strict', scope: 'api' })).access_token;
    const keySet = async () => (await (await fetch(`${server.url}/oidc/jwks`)).json()) as { keys: (JsonWebKey & { kid: string; alg: string })[] };
    const oldToken = await issue();
    const before = await keySet();
    expect(before.keys.map((k) => k.kid)).toContain(kidOf(oldToken));

    // `shenfen keys rotate` (src/cli-clients.ts) calls this, here while the server runs.
    const newKids = await rotateSigningKeys(server.ctx);
    // Until the node's key check comes due, it keeps signing with the key it has.
    expect(kidOf(await issue())).toBe(kidOf(oldToken));

    server.clock.advance(KEY_CHECK_MS + 1);
    const newToken = await issue();
    expect(newKids).toContain(kidOf(newToken));
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));

    // The JWKS publishes the new keys and still the old ones, and both tokens verify against it.
    const after = await keySet();
    const kids = after.keys.map((k) => k.kid);
    for (const k of before.keys) expect(kids).toContain(k.kid);
    for (const k of newKids) expect(kids).toContain(k);
    for (const token of [oldToken, newToken]) {
      const [h, p, sig] = token.split('.') as [string, string, string];
      const jwk = after.keys.find((k) => k.kid === kidOf(token))!;
      const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(sig, 'base64url'), Buffer.from(`${h}.${p}`));
      expect(ok).toBe(true);
    }
    // Discovery keeps working on the new provider.
    expect((await fetch(`${server.url}/oidc/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const quick = await startServer({ oidcCodeTtlSeconds: 1 });
    try {
      const { clientSecret } = await addBusinessSystem(quick.ctx, { id: 'quick', name: '快系统', firstParty: true, oidc: { redirectUris: [REDIRECT] } });
      const config = await oidc.discovery(new URL(`${quick.url}/oidc`), 'quick', undefined, oidc.ClientSecretBasic(clientSecret!), { execute: [oidc.allowInsecureRequests] });
      const p = newPerson();
      await register(new Agent(quick.url), p);
      const agent = new Agent(quick.url);
      await login(agent, p.username, p.password);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      let current = url.href;
      while (current.startsWith(quick.url)) {
        const res = await agent.raw('GET', current.slice(quick.url.length));
        current = new URL(res.headers.get('location')!, current).href;
      }
      // oidc-provider keeps real time: wait out the one-second lifetime.
      await new Promise((r) => setTimeout(r, 2100));
      await expect(oidc.authorizationCodeGrant(config, new URL(current), { pkceCodeVerifier: verifier })).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      await quick.close();
    }
  });

  it('refuses an unregistered redirect_uri without redirecting to it', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:9999/callback/',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const res = await agent.raw('GET', url.href.slice(server.url.length));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await rp();
    const agent = new Agent(server.url);
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid' });
    const res = await follow(agent, url.href);
    expect(res.url).toContain('error=invalid_request');
  });

  it('refuses a wrong client secret', async () => {
    const config = await rp('pension', 'not-the-secret');
    await expect(oidc.clientCredentialsGrant(config)).rejects.toMatchObject({ code: 'OAUTH_WWW_AUTHENTICATE_CHALLENGE', status: 401 });
    const good = await rp();
    expect((await oidc.clientCredentialsGrant(good)).access_token).toBeTruthy();
  });

  it('issues ES256 JWT access tokens for a business system API by client_credentials', async () => {
    const config = await rp();
    const res = await oidc.clientCredentialsGrant(config, { resource: 'urn:shenfen:api:strict', scope: 'api' });
    const [h, p] = res.access_token.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ aud: 'urn:shenfen:api:strict', client_id: 'pension', scope: 'api' });
    await expect(oidc.clientCredentialsGrant(config, { resource: 'urn:shenfen:api:nobody', scope: 'api' })).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('never issues a token to a system demanding a higher level: it shows the level page', async () => {
    const config = await rp('strict', 'unused');
    const agent = new Agent(server.url);
    await login(agent, person.username, person.password);
    const { result } = await authorize(agent, config);
    expect(result.status).toBe(403);
    expect(String(result.body)).toContain('实名等级不足');
    expect(String(result.body)).toMatch(/href="\/account\/real-name\?return=%2Foidc%2Finteraction%2F[\w-]+"/);
    expect(String(result.body)).toContain('L4');
  });

  it('sends a back-channel logout token when the person logs out of Shenfen', async () => {
    const received: string[] = [];
    const rpServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => rpServer.listen(0, '127.0.0.1', r));
    try {
      const port = (rpServer.address() as AddressInfo).port;
      const { clientSecret } = await addBusinessSystem(server.ctx, {
        id: 'bcl',
        name: '后台退出测试系统',
        firstParty: true,
        oidc: { redirectUris: [REDIRECT], backchannelLogoutUri: `http://localhost:${port}/backchannel` },
      });
      const config = await rp('bcl', clientSecret!);
      const agent = new Agent(server.url);
      await login(agent, person.username, person.password);
      const { verifier, state, result } = await authorize(agent, config);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
      expect((await agent.call('POST', '/api/session/logout', {})).status).toBe(204);
      expect(received).toHaveLength(1);
      const claims = JSON.parse(Buffer.from(received[0]!.split('.')[1]!, 'base64url').toString());
      expect(claims.aud).toBe('bcl');
      expect(claims.sub).toBe(tokens.claims()!.sub);
      expect(claims.sid).toBe(tokens.claims()!.sid);
      expect(claims.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
    } finally {
      rpServer.close();
    }
  });

  it('signs ID tokens so that tampering is detected, with RS256 for a client that asks', async () => {
    const { clientSecret } = await addBusinessSystem(server.ctx, {
      id: 'legacy-rs',
      name: '旧系统',
      firstParty: true,
      oidc: { redirectUris: [REDIRECT], idTokenSignedResponseAlg: 'RS256', pairwiseSubject: true },
    });
    const config = await rp('legacy-rs', clientSecret!);
    const agent = new Agent(server.url);
    await login(agent, person.username, person.password);
    const { verifier, state, result } = await authorize(agent, config);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(result.url), { pkceCodeVerifier: verifier, expectedState: state });
    const [h, p, sig] = tokens.id_token!.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString()).alg).toBe('RS256');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    // Pairwise: this client sees a different sub from the public one.
    const account = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', person.username).executeTakeFirstOrThrow();
    expect(payload.sub).not.toBe(account.id);

    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const jwks = createRemoteJWKSet(new URL(`${server.url}/oidc/jwks`));
    await expect(jwtVerify(tokens.id_token!, jwks)).resolves.toBeTruthy();
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: account.id })).toString('base64url');
    await expect(jwtVerify(`${h}.${forged}.${sig}`, jwks)).rejects.toThrow(/signature/);
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await expect(jwtVerify(`${none}.${p}.`, jwks)).rejects.toThrow();
  });
});

describe('access tokens for a business system API', () => {
  const jwtPayload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    // rp1's API takes tokens issued to rp1 itself and to rp3; rp2 is allowed nowhere.
    const oidcSettings = { redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'client_credentials'] as Array<'authorization_code' | 'client_credentials'> };
    secrets.rp1 = (await addBusinessSystem(server.ctx, { id: 'rp1', name: '业务系统一', firstParty: true, apiClients: ['rp3'], oidc: oidcSettings })).clientSecret!;
    secrets.rp2 = (await addBusinessSystem(server.ctx, { id: 'rp2', name: '业务系统二', firstParty: true, oidc: oidcSettings })).clientSecret!;
    secrets.rp3 = (await addBusinessSystem(server.ctx, { id: 'rp3', name: '业务系统三', firstParty: true, oidc: oidcSettings })).clientSecret!;
  });

  it('client_credentials: a system gets its own API audience and that of a system allowing it, never another system\'s', async () => {
    const rp2 = await rp('rp2', secrets.rp2);
    await expect(oidc.clientCredentialsGrant(rp2, { resource: 'urn:shenfen:api:rp1', scope: 'api' })).rejects.toMatchObject({ error: 'invalid_target' });
    await expect(oidc.clientCredentialsGrant(rp2, { resource: 'urn:shenfen:api:rp3', scope: 'api' })).rejects.toMatchObject({ error: 'invalid_target' });
    expect(jwtPayload((await oidc.clientCredentialsGrant(rp2, { resource: 'urn:shenfen:api:rp2', scope: 'api' })).access_token)).toMatchObject({ aud: 'urn:shenfen:api:rp2', client_id: 'rp2' });
    const rp1 = await rp('rp1', secrets.rp1);
    expect(jwtPayload((await oidc.clientCredentialsGrant(rp1, { resource: 'urn:shenfen:api:rp1', scope: 'api' })).access_token)).toMatchObject({ aud: 'urn:shenfen:api:rp1', client_id: 'rp1' });
    // The list is one way: rp1 allowing rp3 does not let rp1 at rp3's API.
    await expect(oidc.clientCredentialsGrant(rp1, { resource: 'urn:shenfen:api:rp3', scope: 'api' })).rejects.toMatchObject({ error: 'invalid_target' });
    const rp3 = await rp('rp3', secrets.rp3);
    expect(jwtPayload((await oidc.clientCredentialsGrant(rp3, { resource: 'urn:shenfen:api:rp1', scope: 'api' })).access_token)).toMatchObject({ aud: 'urn:shenfen:api:rp1', client_id: 'rp3' });
  });

  it('authorization code with a resource indicator: refused for another system\'s API, issued for one that allows it', async () => {
    const agent = new Agent(server.url);
    expect((await login(agent, person.username, person.password)).status).toBe(200);
    const refused = await authorizeAt(agent, await rp('rp2', secrets.rp2), REDIRECT, 'openid api', { resource: 'urn:shenfen:api:rp1' });
    expect(refused.result.url.startsWith(REDIRECT)).toBe(true);
    expect(new URL(refused.result.url).searchParams.get('error')).toBe('invalid_target');

    const rp3 = await rp('rp3', secrets.rp3);
    const allowed = await authorizeAt(agent, rp3, REDIRECT, 'openid api', { resource: 'urn:shenfen:api:rp1' });
    expect(allowed.result.url.startsWith(REDIRECT)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(rp3, new URL(allowed.result.url), { pkceCodeVerifier: allowed.verifier, expectedState: allowed.state }, { resource: 'urn:shenfen:api:rp1' });
    expect(jwtPayload(tokens.access_token)).toMatchObject({ aud: 'urn:shenfen:api:rp1', client_id: 'rp3', scope: 'api' });
  });

  it('`client add --api-client` registers the allow list', async () => {
    const { clientCommand } = await import('../../src/cli-clients.js');
    const log = console.log;
    console.log = () => {};
    try {
      expect(await clientCommand(server.ctx, ['add', '--id', 'rp4', '--name', '业务系统四', '--api-client', 'rp2', '--api-client', 'rp3'])).toBe(0);
    } finally {
      console.log = log;
    }
    const rp2 = await rp('rp2', secrets.rp2);
    expect(jwtPayload((await oidc.clientCredentialsGrant(rp2, { resource: 'urn:shenfen:api:rp4', scope: 'api' })).access_token)).toMatchObject({ aud: 'urn:shenfen:api:rp4', client_id: 'rp2' });
    await expect(oidc.clientCredentialsGrant(await rp('rp1', secrets.rp1), { resource: 'urn:shenfen:api:rp4', scope: 'api' })).rejects.toMatchObject({ error: 'invalid_target' });
  });
});
