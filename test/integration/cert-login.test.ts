/**
 * 数字证书登录 and 证书绑定 over HTTP (issue 15), with certificates and signatures made by OpenSSL:
 * bind, sign in at L5 with the fingerprint audited, and every refusal the seed's way
 * ('CA身份认证失败，失败原因: …'): replayed challenge, another origin, expired, revoked, unknown CA,
 * other person's / other org's certificate, not bound, revocation unknown; CRLs fetched from the
 * distribution point only for trusted chains, and cached.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAnchors, addConfiguredCrl } from '../../src/certs/anchors.js';
import { caCommand } from '../../src/certs/cli.js';
import { setStaff } from '../../src/methods/realname/counter.js';
import { accountIdOf, signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { b64, bindCert, certLogin, opensslSigner } from '../helpers/cert-login.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { newIdNumber, TestCa, yearsFromNow } from '../helpers/test-ca.js';

let server: TestServer;
let sm2Root: TestCa;
let sm2: TestCa;
let rsa: TestCa;
let ecRoot: TestCa;
let ec: TestCa;
let stranger: TestCa;
let crlHost: Server;
let crlUrl: string;
const crlRequests: string[] = [];
let servedCrl: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  server = await startServer();
  sm2Root = TestCa.root('sm2');
  sm2 = sm2Root.intermediate();
  rsa = TestCa.root('rsa');
  ecRoot = TestCa.root('p384');
  ec = ecRoot.intermediate('p384');
  stranger = TestCa.root('sm2');
  // The CRL distribution point of the ECDSA intermediate's leaves: a local http server that counts requests.
  crlHost = createServer((req, res) => {
    crlRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(servedCrl);
  });
  await new Promise<void>((r) => crlHost.listen(0, '127.0.0.1', r));
  crlUrl = `http://127.0.0.1:${(crlHost.address() as AddressInfo).port}`;
  for (const ca of [sm2Root, rsa, ecRoot]) await addAnchors(server.ctx, Buffer.from(ca.certPem), 'test');
  // SM2 and RSA: configured CRLs (shenfen ca crl); ECDSA: fetched from the distribution point.
  await addConfiguredCrl(server.ctx, sm2.crl(), 'test');
  await addConfiguredCrl(server.ctx, rsa.crl(), 'test');
  // The roots' CRLs (for the intermediates): configured too.
  await addConfiguredCrl(server.ctx, sm2Root.crl(), 'test');
  await addConfiguredCrl(server.ctx, ecRoot.crl(), 'test');
});

afterAll(async () => {
  await server?.close();
  crlHost?.close();
});

const personCert = (ca: TestCa, idNumber: string, o: Parameters<TestCa['issue']>[0] = {}) => ca.issue({ person: { name: '张三', idNumber }, ...o });

describe('a person', () => {
  it('binds an SM2 certificate, then signs in with it at L5, the fingerprint and amr in the audit', async () => {
    const p = await signedInPerson(server);
    const leaf = personCert(sm2, p.person.idNumber);
    const bound = await bindCert(p.agent, opensslSigner(leaf, sm2));
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    expect(bound.body.binding).toMatchObject({ kind: 'person', via: 'online' });
    const list = await p.agent.call('GET', '/api/account/certs');
    expect(list.body.bindings.map((b: { id: string }) => b.id)).toEqual([bound.body.binding.id]);
    // The ID number in the certificate's subject is masked in the answer and never stored in the clear.
    const id = p.person.idNumber;
    expect(list.body.bindings[0].subject).toContain(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    const stored = await sql<{ row: string }>`select b::text as row from cert_bindings b where account_id = ${p.accountId}`.execute(server.ctx.db);
    expect(stored.rows[0]!.row).not.toContain(id);

    const browser = new Agent(server.url);
    const res = await certLogin(browser, opensslSigner(leaf, sm2));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ id: p.accountId, assuranceLevel: 'L5' });
    const audit = await sql<{ detail: { fingerprint: string } }>`select detail from audit_log where event = 'login.cert' and result = 'success' and actor = ${p.accountId}`.execute(server.ctx.db);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.detail.fingerprint).toBe(bound.body.binding.fingerprint);
    const sessions = await sql<{ auth_methods: string[] }>`select auth_methods from sessions where account_id = ${p.accountId}`.execute(server.ctx.db);
    expect(sessions.rows.map((r) => r.auth_methods)).toEqual(expect.arrayContaining([['password'], ['cert']]));
    const me = await browser.call('GET', '/api/session');
    expect(me.status).toBe(200);
  });

  it('a renewed certificate (new key and serial, same ID number) signs in without binding again; RSA and ECDSA too', async () => {
    const p = await signedInPerson(server);
    expect((await bindCert(p.agent, opensslSigner(personCert(sm2, p.person.idNumber), sm2))).status).toBe(200);
    const renewed = personCert(sm2, p.person.idNumber);
    expect((await certLogin(new Agent(server.url), opensslSigner(renewed, sm2))).status).toBe(200);
    servedCrl = ec.crl();
    for (const [leaf, ca] of [
      [personCert(rsa, p.person.idNumber), rsa],
      [personCert(ec, p.person.idNumber, { crlUrl: `${crlUrl}/ec.crl` }), ec],
    ] as const) {
      const res = await certLogin(new Agent(server.url), opensslSigner(leaf, ca, ca !== rsa));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.account.id).toBe(p.accountId);
    }
  });

  it('a replayed challenge, a signature made for another origin and a refused attempt’s challenge are all refused', async () => {
    const p = await signedInPerson(server);
    const leaf = personCert(sm2, p.person.idNumber);
    await bindCert(p.agent, opensslSigner(leaf, sm2));
    const browser = new Agent(server.url);
    const ok = await certLogin(browser, opensslSigner(leaf, sm2));
    expect(ok.status).toBe(200);
    // The same signed answer again, on the same flow.
    const replay = await browser.call('POST', `/api/flows/login/${ok.flowId}/cert`, ok.sent);
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.body.error?.message ?? '').not.toBe('');

    const other = new Agent(server.url);
    const foreign = await certLogin(other, opensslSigner(leaf, sm2), 'person', (t) => t.replace(/origin=.*/, 'origin=https://evil.example'));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('cert.bad_signature');
    expect(foreign.body.error?.message).toMatch(/^CA身份认证失败，失败原因: /);
    // The refused attempt used its challenge up: a right signature for it now is refused too.
    const retry = await other.call('POST', `/api/flows/login/${foreign.flowId}/cert`, { ...foreign.sent, ...(await opensslSigner(leaf, sm2).sign(`Shenfen certificate sign_in\norigin=${server.ctx.config.publicOrigin}\nchallenge=x\n`)) });
    expect(retry.body.error?.code).toBe('cert.challenge_invalid');
    expect(retry.status).toBe(410);
  });

  it('a challenge expires after 2 minutes', async () => {
    const p = await signedInPerson(server);
    const leaf = personCert(sm2, p.person.idNumber);
    await bindCert(p.agent, opensslSigner(leaf, sm2));
    const browser = new Agent(server.url);
    const flow = await browser.call('POST', '/api/flows/login', { method: 'cert' });
    const ch = await browser.call('POST', `/api/flows/login/${flow.body.flow.id}/cert-challenge`, {});
    server.clock.advance(121_000);
    const signed = await opensslSigner(leaf, sm2).sign(ch.body.challenge.toBeSigned);
    const res = await browser.call('POST', `/api/flows/login/${flow.body.flow.id}/cert`, { challengeId: ch.body.challenge.id, accountKind: 'person', ...signed });
    expect(res.body.error?.code).toBe('cert.challenge_invalid');
  });

  it('refuses expired, revoked, unknown-CA, not-bound and wrong-kind certificates with the reason', async () => {
    const p = await signedInPerson(server);
    await bindCert(p.agent, opensslSigner(personCert(sm2, p.person.idNumber), sm2));
    const expired = personCert(sm2, p.person.idNumber, { notBefore: yearsFromNow(-3), notAfter: yearsFromNow(-1) });
    const revoked = personCert(sm2, p.person.idNumber);
    sm2.revoke(revoked);
    await addConfiguredCrl(server.ctx, sm2.crl(), 'test');
    const unknown = personCert(stranger, p.person.idNumber);
    const unbound = personCert(sm2, newIdNumber());
    const cases: [ReturnType<typeof opensslSigner>, string, number][] = [
      [opensslSigner(expired, sm2), 'cert.expired', 403],
      [opensslSigner(revoked, sm2), 'cert.revoked', 403],
      [opensslSigner(unknown, stranger), 'cert.unknown_ca', 403],
      [opensslSigner(unbound, sm2), 'cert.not_bound', 403],
      // The intermediate left out: the chain does not reach the anchor.
      [opensslSigner(personCert(sm2, p.person.idNumber), sm2, false), 'cert.unknown_ca', 403],
    ];
    for (const [signer, code, status] of cases) {
      const res = await certLogin(new Agent(server.url), signer);
      expect(res.body.error?.code, code).toBe(code);
      expect(res.status).toBe(status);
      expect(res.body.error?.message).toMatch(/^CA身份认证失败，失败原因: /);
    }
    const asOrg = await certLogin(new Agent(server.url), opensslSigner(personCert(sm2, p.person.idNumber), sm2), 'org');
    expect(asOrg.body.error?.code).toBe('cert.wrong_kind');
    const failures = await sql<{ n: number }>`select count(*)::int as n from login_events where method = 'cert' and result = 'failure'`.execute(server.ctx.db);
    expect(failures.rows[0]!.n).toBeGreaterThanOrEqual(6);
  });

  it('cannot bind another person’s certificate, nor one bound to another account; unbinding ends certificate login and its L5', async () => {
    const p = await signedInPerson(server);
    const q = await signedInPerson(server);
    const qLeaf = personCert(sm2, q.person.idNumber);
    const other = await bindCert(p.agent, opensslSigner(qLeaf, sm2));
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('cert.other_owner');
    const leaf = personCert(sm2, p.person.idNumber);
    const bound = await bindCert(p.agent, opensslSigner(leaf, sm2));
    expect((await certLogin(new Agent(server.url), opensslSigner(leaf, sm2))).body.account.assuranceLevel).toBe('L5');
    const un = await p.agent.call('POST', `/api/account/certs/${bound.body.binding.id}/unbind`, {});
    expect(un.status, JSON.stringify(un.body)).toBe(200);
    const after = await certLogin(new Agent(server.url), opensslSigner(leaf, sm2));
    expect(after.body.error?.code).toBe('cert.not_bound');
    const again = await p.agent.call('POST', `/api/account/certs/${bound.body.binding.id}/unbind`, {});
    expect(again.body.error?.code).toBe('cert.binding_not_found');
    const level = await sql<{ n: number }>`select count(*)::int as n from evidence where account_id = ${p.accountId} and method = 'certificate' and revoked_at is null`.execute(server.ctx.db);
    expect(level.rows[0]!.n).toBe(0);
  });
});

describe('revocation', () => {
  it('fetches the CRL from the distribution point once, keeps it until nextUpdate, and never fetches for an untrusted chain', async () => {
    const p = await signedInPerson(server);
    const leaf = personCert(ec, p.person.idNumber, { crlUrl: `${crlUrl}/ec-cached.crl` });
    servedCrl = ec.crl();
    const before = crlRequests.length;
    expect((await bindCert(p.agent, opensslSigner(leaf, ec))).status).toBe(200);
    expect((await certLogin(new Agent(server.url), opensslSigner(leaf, ec))).status).toBe(200);
    // The CRL fetched at binding (or kept from an earlier test) served the login: at most one request.
    expect(crlRequests.length - before).toBeLessThanOrEqual(1);
    const untrusted = stranger.issue({ person: { name: '张三', idNumber: p.person.idNumber }, crlUrl: `${crlUrl}/stranger.crl` });
    const res = await certLogin(new Agent(server.url), opensslSigner(untrusted, stranger));
    expect(res.body.error?.code).toBe('cert.unknown_ca');
    expect(crlRequests.filter((u) => u.includes('stranger'))).toEqual([]);
  });

  it('refuses when revocation cannot be checked, unless configured to allow it', async () => {
    const lone = TestCa.root('p256');
    await addAnchors(server.ctx, Buffer.from(lone.certPem), 'test');
    const p = await signedInPerson(server);
    const leaf = personCert(lone, p.person.idNumber, { crlUrl: 'http://127.0.0.1:9/nothing.crl' });
    const bound = await bindCert(p.agent, opensslSigner(leaf, lone, false));
    expect(bound.body.error?.code).toBe('cert.revocation_unknown');
    expect(bound.status).toBe(503);
    server.ctx.config.certs.uncheckedRevocation = 'allow';
    try {
      expect((await bindCert(p.agent, opensslSigner(leaf, lone, false))).status).toBe(200);
      expect((await certLogin(new Agent(server.url), opensslSigner(leaf, lone, false))).status).toBe(200);
    } finally {
      server.ctx.config.certs.uncheckedRevocation = 'refuse';
    }
  });
});

describe('an org', () => {
  let next: () => Awaited<ReturnType<Awaited<ReturnType<typeof companies>>>>;
  beforeAll(async () => {
    next = await companies(server);
  });
  it('binds its certificate (by its USCC) and signs in by 法人登录; another org’s certificate is refused', async () => {
    const clerk = await signedInPerson(server);
    const org = await registerOrg(clerk.agent, next());
    const otherCompany = next();
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    const own = sm2.issue({ org: { name: org.company.name, uscc: org.company.uscc, clerk: '张三' } });
    const foreign = sm2.issue({ org: { name: otherCompany.name, uscc: otherCompany.uscc } });
    expect((await bindCert(orgAgent, opensslSigner(foreign, sm2), 'org')).body.error?.code).toBe('cert.other_owner');
    const bound = await bindCert(orgAgent, opensslSigner(own, sm2), 'org');
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    const res = await certLogin(new Agent(server.url), opensslSigner(own, sm2), 'org');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.account).toMatchObject({ id: org.id, kind: 'org', assuranceLevel: 'L5' });
    expect((await certLogin(new Agent(server.url), opensslSigner(own, sm2), 'person')).body.error?.code).toBe('cert.wrong_kind');
  });

  it('an org registered before the configured switch-over signs in directly by its USCC', async () => {
    const clerk = await signedInPerson(server);
    const org = await registerOrg(clerk.agent, next());
    const leaf = sm2.issue({ org: { name: org.company.name, uscc: org.company.uscc } });
    expect((await certLogin(new Agent(server.url), opensslSigner(leaf, sm2), 'org')).body.error?.code).toBe('cert.not_bound');
    server.ctx.config.certs.orgsDirectBefore = new Date(server.clock.now().getTime() + 1000);
    try {
      const res = await certLogin(new Agent(server.url), opensslSigner(leaf, sm2), 'org');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.account.id).toBe(org.id);
    } finally {
      server.ctx.config.certs.orgsDirectBefore = undefined;
    }
  });

  it('an org with several social-security codes binds its certificate per code; a clerk who is only an agent of the org may not bind', async () => {
    const clerk = await signedInPerson(server);
    const org = await registerOrg(clerk.agent, next());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, org.username, org.password)).status).toBe(200);
    for (const [code, regionLevel, regionName, insuranceTypes] of [
      ['510000123456', 'province', '四川省本级', ['pension']],
      ['510100654321', 'city', '成都市', ['injury', 'unemployment']],
    ] as const) {
      const added = await orgAgent.call('POST', '/api/org/ss-codes', { code, regionLevel, regionName, insuranceTypes });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
    const leaf = sm2.issue({ org: { name: org.company.name, uscc: org.company.uscc } });
    for (const ssCode of ['510000123456', '510100654321']) {
      const bound = await bindCert(orgAgent, opensslSigner(leaf, sm2), 'org', { ssCode });
      expect(bound.status, JSON.stringify(bound.body)).toBe(200);
      expect(bound.body.binding.ssCode).toBe(ssCode);
    }
    expect((await bindCert(orgAgent, opensslSigner(leaf, sm2), 'org', { ssCode: '999999999999' })).body.error?.code).toBe('cert.ss_code_unknown');
    const list = await orgAgent.call('GET', '/api/org/certs');
    expect(list.body.bindings.map((b: { ssCode: string }) => b.ssCode).sort()).toEqual(['510000123456', '510100654321']);
    expect((await certLogin(new Agent(server.url), opensslSigner(leaf, sm2), 'org')).body.account.id).toBe(org.id);

    // The clerk who registered the org is its administrator and may bind while acting for it; an agent (经办人) may not.
    expect((await clerk.agent.call('POST', '/api/session/acting', { orgId: org.id })).status).toBe(204);
    expect((await clerk.agent.call('POST', '/api/org/certs/challenge', {})).status).toBe(200);
    await sql`update org_members set role = 'agent' where org_id = ${org.id} and person_id = ${clerk.accountId}`.execute(server.ctx.db);
    expect((await clerk.agent.call('POST', '/api/org/certs/challenge', {})).body.error?.code).toBe('org.forbidden');
  });

  it('现场绑定: staff bind a certificate at the counter (audited), never to their own account; others get 403', async () => {
    const staff = await signedInPerson(server);
    await setStaff(server.ctx, staff.person.username, true, 'test');
    const p = await signedInPerson(server);
    const leaf = personCert(sm2, p.person.idNumber);
    const body = { accountKind: 'person', certificate: b64(leaf.certPem), chain: [b64(sm2.certPem)], documentChecked: true };
    expect((await p.agent.call('POST', '/api/staff/certs/bind', body)).status).toBe(403);
    const res = await staff.agent.call('POST', '/api/staff/certs/bind', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.binding.via).toBe('counter');
    const own = await staff.agent.call('POST', '/api/staff/certs/bind', { ...body, certificate: b64(personCert(sm2, staff.person.idNumber).certPem) });
    expect(own.body.error?.code).toBe('cert.other_owner');
    const audit = await sql<{ actor: string; subject: string }>`select actor, subject from audit_log where event = 'cert.bound_at_counter'`.execute(server.ctx.db);
    expect(audit.rows).toContainEqual({ actor: staff.accountId, subject: p.accountId });
    expect((await certLogin(new Agent(server.url), opensslSigner(leaf, sm2))).status).toBe(200);
  });
});

describe('shenfen ca', () => {
  it('adds, lists and removes anchors; a leaf certificate is refused as an anchor; removal makes its certificates unknown', async () => {
    const root = TestCa.root('rsa');
    const file = `${root.dir}/ca.crt`;
    const out: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => out.push(a.join(' '));
    try {
      expect(await caCommand(server.ctx, ['add', file])).toBe(0);
      expect(await caCommand(server.ctx, ['list'])).toBe(0);
      expect(out.join('\n')).toContain(root.name);
      const leaf = root.issue({ person: { name: '张三', idNumber: newIdNumber() } });
      const err = console.error;
      console.error = () => {};
      try {
        expect(await caCommand(server.ctx, ['add', leaf.certPath])).toBe(1);
      } finally {
        console.error = err;
      }
      const fp = out.find((l) => l.startsWith('added '))!.split(' ')[1]!;
      expect(await caCommand(server.ctx, ['remove', fp.slice(0, 12)])).toBe(0);
    } finally {
      console.log = log;
    }
    const gone = await sql<{ n: number }>`select count(*)::int as n from cert_anchors where subject like ${`%${root.name}%`}`.execute(server.ctx.db);
    expect(gone.rows[0]!.n).toBe(0);
    const audit = await sql<{ event: string }>`select event from audit_log where event like 'cert.anchor_%' order by id`.execute(server.ctx.db);
    expect(audit.rows.map((r) => r.event)).toContain('cert.anchor_removed');
    void accountIdOf;
  });
});
