/**
 * The certificate agent (`shenfen cert-agent`, a process started by the test) with a Shenfen
 * server: soft tokens imported from OpenSSL's files (SM2 key + certificate, RSA and ECDSA PKCS#12),
 * 证书绑定 and 数字证书登录 signed by the agent with the PIN at its own prompt, wrong PINs until the
 * token locks, 修改口令, 检测修复, and the agent refusing pages and texts of another origin.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAnchors, addConfiguredCrl } from '../../src/certs/anchors.js';
import { signedInPerson, type SignedIn } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { agentSigner, importToken, startAgentProcess, type RunningAgent } from '../helpers/cert-agent.js';
import { bindCert, certLogin } from '../helpers/cert-login.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { opensslVerify, TestCa, type Issued } from '../helpers/test-ca.js';

let server: TestServer;
let agent: RunningAgent;
let sm2Root: TestCa;
let sm2: TestCa;
let rsa: TestCa;
let ec: TestCa;
let person: SignedIn;
let sm2Leaf: Issued;
let sm2Token: string;

beforeAll(async () => {
  sm2Root = TestCa.root('sm2');
  sm2 = sm2Root.intermediate();
  rsa = TestCa.root('rsa');
  ec = TestCa.root('p384');
  server = await startServer();
  for (const ca of [sm2Root, rsa, ec]) await addAnchors(server.ctx, Buffer.from(ca.certPem), 'test');
  for (const ca of [sm2Root, sm2, rsa, ec]) await addConfiguredCrl(server.ctx, ca.crl(), 'test');
  agent = await startAgentProcess(server.ctx.config.publicOrigin);
  person = await signedInPerson(server);
  sm2Leaf = sm2.issue({ person: { name: '张三', idNumber: person.person.idNumber } });
  sm2Token = await importToken(agent.dir, ['--key', sm2Leaf.keyPath, '--cert', sm2Leaf.certPath, '--chain', sm2.certPath, '--label', '张三 SM2']);
});

afterAll(async () => {
  await agent?.stop();
  await server?.close();
});

describe('the agent', () => {
  it('answers only pages of the configured origin: other origins, no origin and a rebinding Host are refused; the preflight allows private network access', async () => {
    const ok = await agent.call('GET', '/v1/certificates');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(server.ctx.config.publicOrigin);
    const evil = await agent.call('GET', '/v1/certificates', undefined, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('cert.agent_origin');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const none = await fetch(`${agent.url}/v1/certificates`);
    expect(none.status).toBe(403);
    // fetch() will not set Host: node's http client sends the one a rebinding page's browser would.
    const rebound = await new Promise<number>((resolve, reject) => {
      const u = new URL(agent.url);
      request({ host: u.hostname, port: u.port, path: '/v1/certificates', headers: { host: `attacker.example:${u.port}`, origin: agent.origin } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
    const preflight = await agent.call('OPTIONS', '/v1/sign', undefined, { 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
    const evilPreflight = await agent.call('OPTIONS', '/v1/sign', undefined, { origin: 'https://evil.example', 'access-control-request-private-network': 'true' });
    expect(evilPreflight.status).toBe(403);
    expect(evilPreflight.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('lists the token’s certificate without its key, with the initial PIN flagged', async () => {
    const res = await agent.call('GET', '/v1/certificates');
    const t = res.body.tokens.find((x: { id: string }) => x.id === sm2Token);
    expect(t).toMatchObject({ label: '张三 SM2', algorithm: 'sm2-sm3', kind: 'person', initialPin: true, locked: false, triesLeft: 6 });
    expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE|"key"/);
  });

  it('signs Shenfen’s challenge text only for its own origin; what it signs with SM2 verifies with openssl', async () => {
    const text = `Shenfen certificate sign_in\norigin=${server.ctx.config.publicOrigin}\nchallenge=${'a'.repeat(43)}\n`;
    const [res] = await Promise.all([agent.call('POST', '/v1/sign', { tokenId: sm2Token, toBeSigned: text }), agent.answerPrompt({ pin: '12345678' })]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(opensslVerify(sm2Leaf, Buffer.from(text), Buffer.from(res.body.signature, 'base64'))).toBe(true);
    expect(opensslVerify(sm2Leaf, Buffer.from(text.replace('sign_in', 'binding')), Buffer.from(res.body.signature, 'base64'))).toBe(false);
    const foreign = await agent.call('POST', '/v1/sign', { tokenId: sm2Token, toBeSigned: text.replace(server.ctx.config.publicOrigin, 'https://evil.example') });
    expect(foreign.body.error.code).toBe('cert.agent_origin');
    const arbitrary = await agent.call('POST', '/v1/sign', { tokenId: sm2Token, toBeSigned: 'pay 1000 yuan' });
    expect(arbitrary.status).toBe(400);
  });
});

describe('with Shenfen', () => {
  it('证书绑定 then 数字证书登录 through the agent: the PIN at the agent’s prompt, signed in at L5', async () => {
    const bound = await bindCert(person.agent, agentSigner(agent, sm2Token));
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    const res = await certLogin(new Agent(server.url), agentSigner(agent, sm2Token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ id: person.accountId, assuranceLevel: 'L5' });
  });

  it('RSA and ECDSA PKCS#12 tokens sign in too', async () => {
    for (const ca of [rsa, ec]) {
      const leaf = ca.issue({ person: { name: '张三', idNumber: person.person.idNumber } }, ca === ec ? 'p256' : 'rsa');
      const token = await importToken(agent.dir, ['--p12', leaf.p12Path!, '--password', '12345678']);
      const res = await certLogin(new Agent(server.url), agentSigner(agent, token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.account.id).toBe(person.accountId);
    }
  });

  it('a PKCS#12 file with a wrong password is not imported', async () => {
    const leaf = rsa.issue({ person: { name: '张三', idNumber: person.person.idNumber } });
    await expect(importToken(agent.dir, ['--p12', leaf.p12Path!, '--password', 'wrong'])).rejects.toThrow(/wrong password/);
  });

  it('wrong PINs count down and lock the token after 6; the right PIN is refused once locked', async () => {
    const leaf = sm2.issue({ person: { name: '张三', idNumber: person.person.idNumber } });
    const token = await importToken(agent.dir, ['--key', leaf.keyPath, '--cert', leaf.certPath, '--chain', sm2.certPath]);
    const wrong = agentSigner(agent, token, '00000000');
    for (let left = 5; left >= 1; left--) {
      const err = await certLogin(new Agent(server.url), wrong).catch((e: { res: { status: number; body: any } }) => e.res);
      expect(err.status).toBe(403);
      expect(err.body.error).toMatchObject({ code: 'cert.pin_wrong', tries: left });
      expect(err.body.error.message).toBe(`CA身份认证失败，失败原因: 证书密码错误，还可以尝试${left}次`);
    }
    const sixth = await certLogin(new Agent(server.url), wrong).catch((e: { res: { status: number; body: any } }) => e.res);
    expect(sixth.body.error.code).toBe('cert.pin_locked');
    // Locked: the agent no longer even asks.
    const right = await agent.call('POST', '/v1/sign', { tokenId: token, toBeSigned: `Shenfen certificate sign_in\norigin=${server.ctx.config.publicOrigin}\nchallenge=${'b'.repeat(43)}\n` });
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('cert.pin_locked');
  });

  it('修改口令: the initial PIN is replaced in the agent’s prompt; the old one then counts as wrong', async () => {
    const leaf = sm2.issue({ person: { name: '张三', idNumber: person.person.idNumber } });
    const token = await importToken(agent.dir, ['--key', leaf.keyPath, '--cert', leaf.certPath, '--chain', sm2.certPath]);
    const [weak] = await Promise.all([agent.call('POST', '/v1/change-pin', { tokenId: token }), agent.answerPrompt({ pin: '12345678', newPin: '12345678' })]);
    expect(weak.body.error.code).toBe('cert.pin_weak');
    const [changed, asked] = await Promise.all([agent.call('POST', '/v1/change-pin', { tokenId: token }), agent.answerPrompt({ pin: '12345678', newPin: 'Shu7!pin' })]);
    expect(asked.kind).toBe('change_pin');
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const list = await agent.call('GET', '/v1/certificates');
    expect(list.body.tokens.find((t: { id: string }) => t.id === token).initialPin).toBe(false);
    expect((await certLogin(new Agent(server.url), agentSigner(agent, token, 'Shu7!pin'))).status).toBe(200);
    const old = await certLogin(new Agent(server.url), agentSigner(agent, token, '12345678')).catch((e: { res: { body: any } }) => e.res);
    expect(old.body.error.code).toBe('cert.pin_wrong');
  });

  it('检测修复 says what is missing: an agent with no token, then one with a token', async () => {
    const empty = await startAgentProcess(server.ctx.config.publicOrigin, mkdtempSync(join(tmpdir(), 'shenfen-agent-empty-')));
    try {
      const check = await empty.call('GET', '/v1/check');
      expect(check.body.ok).toBe(false);
      expect(check.body.checks.find((c: { id: string }) => c.id === 'token')).toMatchObject({ ok: false, detail: expect.stringContaining('未检测到证书UKey') });
      expect((await empty.call('GET', '/v1/certificates')).body.error.code).toBe('cert.no_token');
    } finally {
      await empty.stop();
    }
    const check = await agent.call('GET', '/v1/check');
    expect(check.body.checks.find((c: { id: string }) => c.id === 'token').ok).toBe(true);
  });

  it('the PIN cancelled at the prompt signs nothing', async () => {
    const text = `Shenfen certificate sign_in\norigin=${server.ctx.config.publicOrigin}\nchallenge=${'c'.repeat(43)}\n`;
    const [res] = await Promise.all([agent.call('POST', '/v1/sign', { tokenId: sm2Token, toBeSigned: text }), agent.answerPrompt(null)]);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('cert.cancelled');
  });
});
