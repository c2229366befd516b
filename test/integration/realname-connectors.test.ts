/** Real-name connectors: the sandbox registry's answers, the generator, and the signed HTTP connector against a local bridge. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  CHECK_PATHS,
  createAuthorities,
  createHttpAuthorities,
  createSandboxAuthorities,
  fixedSandboxPeople,
  generateSandboxPeople,
  pgNonceStore,
  seedSandboxRegistry,
  signRequest,
  signResponse,
  verifySignedRequest,
  type RealNameAuthorities,
  type SandboxPerson,
} from '../../src/connectors/realname/index.js';
import { validateBankCard, validateIdDocument, validatePhone } from '../../src/domain/index.js';
import { carrierOf } from '../../src/connectors/realname/generator.js';
import { newPerson } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

const KEY_ID = 'shenfen-test';
const SECRET = 'a-test-secret-of-at-least-32-characters!';

let server: TestServer;
let sandbox: RealNameAuthorities;
let people: SandboxPerson[];
const fixed = (key: string) => fixedSandboxPeople().find((p) => p.key === key)!;
const demo = () => fixed('fixed-demo');

/** A deployer's bridge: verifies signed requests with verifySignedRequest and answers from the sandbox. */
interface Bridge {
  server: Server;
  url: string;
  requests: number;
  responseSecret: string;
  status: number;
  delayMs: number;
  refusals: string[];
}

async function startBridge(): Promise<Bridge> {
  const bridge: Bridge = { server: undefined as unknown as Server, url: '', requests: 0, responseSecret: SECRET, status: 200, delayMs: 0, refusals: [] };
  const nonces = pgNonceStore(server.ctx.db, server.ctx.clock);
  bridge.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        bridge.requests += 1;
        const body = Buffer.concat(chunks);
        const path = (req.url ?? '/').split('?')[0]!;
        const verdict = await verifySignedRequest(
          { method: req.method ?? '', path, headers: req.headers, body },
          { secretFor: (k) => (k === KEY_ID ? SECRET : undefined), nonces, now: server.ctx.clock.now() },
        );
        if (!verdict.ok) {
          bridge.refusals.push(verdict.reason);
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: verdict.reason }));
          return;
        }
        if (bridge.delayMs) await new Promise((r) => setTimeout(r, bridge.delayMs));
        const i = JSON.parse(body.toString('utf8')) as Record<string, string> & { name: string; idNumber: string };
        const answers: Record<string, () => Promise<unknown>> = {
          [CHECK_PATHS.identity]: () => sandbox.publicSecurity.checkIdentity(i),
          [CHECK_PATHS.bankCard]: () => sandbox.bankCard.checkFourElements({ ...i, cardNumber: i.cardNumber!, phone: i.phone! }),
          [CHECK_PATHS.telecom]: () => sandbox.telecom.checkThreeElements({ ...i, phone: i.phone! }),
          [CHECK_PATHS.socialSecurity]: () => sandbox.socialSecurity.checkCard({ ...i, socialSecurityNumber: i.socialSecurityNumber! }),
          [CHECK_PATHS.housingFund]: () => sandbox.housingFund.checkCard({ ...i, cardNumber: i.cardNumber! }),
          [CHECK_PATHS.driverLicence]: () => sandbox.driverLicence.checkLicence({ ...i, fileNumber: i.fileNumber! }),
        };
        const answer = answers[path];
        const out = answer ? JSON.stringify(await answer()) : JSON.stringify({ error: 'not_found' });
        const nonce = String(req.headers['x-shenfen-nonce']);
        const headers = signResponse({ keyId: KEY_ID, secret: bridge.responseSecret, path, requestNonce: nonce, body: out, now: server.ctx.clock.now() });
        res.writeHead(answer ? bridge.status : 404, { ...headers, 'content-type': 'application/json' }).end(out);
      })().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  await new Promise<void>((r) => bridge.server.listen(0, '127.0.0.1', r));
  bridge.url = `http://127.0.0.1:${(bridge.server.address() as AddressInfo).port}`;
  return bridge;
}

let bridge: Bridge;
beforeAll(async () => {
  server = await startServer();
  sandbox = createSandboxAuthorities(server.ctx);
  people = await seedSandboxRegistry(server.ctx, { count: 300, seed: 42 });
  bridge = await startBridge();
});
afterAll(async () => {
  await new Promise((r) => bridge?.server.close(r));
  await server?.close();
});

describe('sandbox generator', () => {
  it('is deterministic per seed and different across seeds', () => {
    expect(generateSandboxPeople(20, 'x')).toEqual(generateSandboxPeople(20, 'x'));
    expect(generateSandboxPeople(20, 'x')[0]!.idNumber).not.toBe(generateSandboxPeople(20, 'y')[0]!.idNumber);
    expect(people.slice(0, 300)).toEqual(generateSandboxPeople(300, 42));
  });

  it('makes valid IDs and residence permits, Luhn-valid cards, real phones and 12-digit file numbers', () => {
    const all = [...generateSandboxPeople(1000, 3), ...fixedSandboxPeople()];
    const regions = new Set(all.map((p) => p.region));
    expect([...regions].sort()).toEqual(['hk', 'mainland', 'mo', 'tw']);
    expect(all.some((p) => p.status === 'deceased')).toBe(true);
    expect(all.some((p) => p.bankPhone && p.bankPhone !== p.phone)).toBe(true);
    for (const p of all) {
      const doc = validateIdDocument(p.idType, p.idNumber);
      expect(doc, `${p.key} ${p.idNumber}`).toMatchObject({ ok: true, value: { number: p.idNumber, birthDate: p.birthDate, sex: p.sex } });
      const prefix = { hk: '810000', mo: '820000', tw: '830000', mainland: null }[p.region];
      if (prefix) expect(p.idNumber.startsWith(prefix)).toBe(true);
      for (const card of [p.bankCard, p.housingFundCard]) if (card) expect(validateBankCard(card), card).toEqual({ ok: true, value: card });
      for (const phone of [p.phone, p.bankPhone]) if (phone) expect(validatePhone(phone).ok, phone).toBe(true);
      if (p.phone) expect(p.carrier).toBe(carrierOf(p.phone));
      if (p.driverLicenceFile) expect(p.driverLicenceFile).toMatch(/^\d{12}$/);
      if (p.status === 'deceased') expect([p.phone, p.bankCard, p.housingFundCard, p.driverLicenceFile]).toEqual([null, null, null, null]);
    }
    expect(new Set(all.map((p) => p.idNumber)).size).toBe(all.length);
  });

  it('stores no raw ID, card or phone number in the registry', async () => {
    const dump = JSON.stringify(await server.ctx.db.selectFrom('sandbox_people').selectAll().execute());
    expect(dump).toContain('王建国');
    for (const p of [...fixedSandboxPeople(), ...people.slice(0, 50)]) {
      for (const v of [p.idNumber, p.phone, p.bankCard, p.bankPhone, p.housingFundCard, p.driverLicenceFile]) if (v) expect(dump.includes(v), `raw ${v} in the registry`).toBe(false);
    }
    const row = await server.ctx.db.selectFrom('sandbox_people').select('id_number_enc').where('id', '=', 'fixed-demo').executeTakeFirstOrThrow();
    expect(server.ctx.vault.decrypt(row.id_number_enc)).toBe(demo().idNumber);
  });

  it('seeds idempotently', async () => {
    const before = await server.ctx.db.selectFrom('sandbox_people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await seedSandboxRegistry(server.ctx, { count: 300, seed: 42 });
    const after = await server.ctx.db.selectFrom('sandbox_people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(Number(after.n)).toBeGreaterThanOrEqual(300);
  });
});

describe('sandbox authorities', () => {
  const unknownId = () => newPerson().idNumber;

  it('public security: match, mismatch, not_found, deceased; HK, Macau and Taiwan residents', async () => {
    const d = demo();
    expect(await sandbox.publicSecurity.checkIdentity(d)).toMatchObject({ outcome: 'match', source: 'sandbox:public_security', reference: expect.stringMatching(/^SBX/) });
    expect((await sandbox.publicSecurity.checkIdentity({ name: d.name, idNumber: d.idNumber.toLowerCase() + ' ' })).outcome).toBe('match');
    expect((await sandbox.publicSecurity.checkIdentity({ name: '王建华', idNumber: d.idNumber })).outcome).toBe('mismatch');
    expect((await sandbox.publicSecurity.checkIdentity({ name: d.name, idNumber: unknownId() })).outcome).toBe('not_found');
    const dead = fixed('fixed-deceased');
    expect((await sandbox.publicSecurity.checkIdentity(dead)).outcome).toBe('deceased');
    expect((await sandbox.publicSecurity.checkIdentity({ name: '赵德华', idNumber: dead.idNumber })).outcome).toBe('mismatch');
    for (const key of ['fixed-hk', 'fixed-mo', 'fixed-tw']) {
      const p = fixed(key);
      expect(p.idType).toBe('hmt_residence_permit');
      expect((await sandbox.publicSecurity.checkIdentity(p)).outcome, key).toBe('match');
      expect((await sandbox.bankCard.checkFourElements({ ...p, cardNumber: p.bankCard!, phone: p.bankPhone! })).outcome, key).toBe('match');
    }
    const generatedDead = people.find((p) => p.status === 'deceased')!;
    expect((await sandbox.publicSecurity.checkIdentity(generatedDead)).outcome).toBe('deceased');
  });

  it('UnionPay four elements: match, mismatch (name or ID), phone_mismatch, not_found', async () => {
    const d = demo();
    const ok = { name: d.name, idNumber: d.idNumber, cardNumber: d.bankCard!, phone: d.bankPhone! };
    expect(await sandbox.bankCard.checkFourElements(ok)).toMatchObject({ outcome: 'match', source: 'sandbox:unionpay' });
    expect((await sandbox.bankCard.checkFourElements({ ...ok, cardNumber: d.bankCard!.replace(/(\d{4})/g, '$1 ') })).outcome).toBe('match');
    expect((await sandbox.bankCard.checkFourElements({ ...ok, name: '李秀英' })).outcome).toBe('mismatch');
    expect((await sandbox.bankCard.checkFourElements({ ...ok, idNumber: fixed('fixed-phone-mismatch').idNumber })).outcome).toBe('mismatch');
    expect((await sandbox.bankCard.checkFourElements({ ...ok, phone: '13800138009' })).outcome).toBe('phone_mismatch');
    const m = fixed('fixed-phone-mismatch');
    expect((await sandbox.bankCard.checkFourElements({ name: m.name, idNumber: m.idNumber, cardNumber: m.bankCard!, phone: m.phone! })).outcome).toBe('phone_mismatch');
    expect((await sandbox.bankCard.checkFourElements({ name: m.name, idNumber: m.idNumber, cardNumber: m.bankCard!, phone: m.bankPhone! })).outcome).toBe('match');
    expect((await sandbox.bankCard.checkFourElements({ ...ok, cardNumber: '6222020000000000000'.slice(0, 18) + '0' })).outcome).toBe('not_found');
  });

  it('telecom three elements: match (with the carrier), mismatch, not_found', async () => {
    const d = demo();
    expect(await sandbox.telecom.checkThreeElements({ name: d.name, idNumber: d.idNumber, phone: `+86 ${d.phone!}` })).toMatchObject({ outcome: 'match', source: 'sandbox:telecom:china_mobile' });
    expect((await sandbox.telecom.checkThreeElements({ name: '王建华', idNumber: d.idNumber, phone: d.phone! })).outcome).toBe('mismatch');
    expect((await sandbox.telecom.checkThreeElements({ name: d.name, idNumber: unknownId(), phone: d.phone! })).outcome).toBe('mismatch');
    expect((await sandbox.telecom.checkThreeElements({ name: d.name, idNumber: d.idNumber, phone: '19900000000' })).outcome).toBe('not_found');
  });

  it('social security: match, mismatch, not_found, deceased', async () => {
    const d = demo();
    expect(await sandbox.socialSecurity.checkCard({ ...d })).toMatchObject({ outcome: 'match', source: 'sandbox:social_security' });
    expect((await sandbox.socialSecurity.checkCard({ ...d, name: '王建华' })).outcome).toBe('mismatch');
    expect((await sandbox.socialSecurity.checkCard({ ...d, socialSecurityNumber: unknownId() })).outcome).toBe('not_found');
    expect((await sandbox.socialSecurity.checkCard({ ...fixed('fixed-deceased') })).outcome).toBe('deceased');
    expect((await sandbox.socialSecurity.checkCard({ ...fixed('fixed-tw') })).outcome).toBe('match');
  });

  it('housing fund joint card: match, mismatch, not_found (a closed account is not found)', async () => {
    const d = demo();
    expect(await sandbox.housingFund.checkCard({ ...d, cardNumber: d.housingFundCard! })).toMatchObject({ outcome: 'match', source: 'sandbox:housing_fund' });
    expect((await sandbox.housingFund.checkCard({ ...d, idNumber: fixed('fixed-mo').idNumber, cardNumber: d.housingFundCard! })).outcome).toBe('mismatch');
    expect((await sandbox.housingFund.checkCard({ ...d, cardNumber: d.bankCard! })).outcome).toBe('not_found');
  });

  it("driver's licence: match, mismatch, not_found", async () => {
    const d = demo();
    expect(await sandbox.driverLicence.checkLicence({ ...d, fileNumber: d.driverLicenceFile! })).toMatchObject({ outcome: 'match', source: 'sandbox:driver_licence' });
    expect((await sandbox.driverLicence.checkLicence({ ...d, name: '王建华', fileNumber: d.driverLicenceFile! })).outcome).toBe('mismatch');
    expect((await sandbox.driverLicence.checkLicence({ ...d, fileNumber: '440100000099' })).outcome).toBe('not_found');
  });

  it('answers for generated people too', async () => {
    const p = people.find((x) => x.status === 'alive' && x.housingFundCard && x.driverLicenceFile)!;
    expect((await sandbox.publicSecurity.checkIdentity(p)).outcome).toBe('match');
    expect((await sandbox.bankCard.checkFourElements({ ...p, cardNumber: p.bankCard!, phone: p.bankPhone! })).outcome).toBe('match');
    expect((await sandbox.telecom.checkThreeElements({ ...p, phone: p.phone! })).outcome).toBe('match');
    expect((await sandbox.housingFund.checkCard({ ...p, cardNumber: p.housingFundCard! })).outcome).toBe('match');
    expect((await sandbox.driverLicence.checkLicence({ ...p, fileNumber: p.driverLicenceFile! })).outcome).toBe('match');
  });
});

describe('HTTP connector (signed JSON protocol)', () => {
  const http = (opts: { timeoutMs?: number; secret?: string; baseUrl?: string } = {}) =>
    createHttpAuthorities({ baseUrl: opts.baseUrl ?? bridge.url, keyId: KEY_ID, secret: opts.secret ?? SECRET, clock: server.ctx.clock, timeoutMs: opts.timeoutMs ?? 5000 });

  /** Sends one hand-made signed request to the bridge. */
  const raw = (body: string, headers: Record<string, string>, path: string = CHECK_PATHS.identity) =>
    fetch(bridge.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });

  it('carries every check to the bridge and back, with the authority answers', async () => {
    const c = http();
    const d = demo();
    const m = fixed('fixed-phone-mismatch');
    expect(await c.publicSecurity.checkIdentity(d)).toMatchObject({ outcome: 'match', source: 'sandbox:public_security', reference: expect.stringMatching(/^SBX/) });
    expect((await c.publicSecurity.checkIdentity(fixed('fixed-deceased'))).outcome).toBe('deceased');
    expect((await c.bankCard.checkFourElements({ ...m, cardNumber: m.bankCard!, phone: m.phone! })).outcome).toBe('phone_mismatch');
    expect((await c.bankCard.checkFourElements({ ...d, cardNumber: d.bankCard!, phone: d.bankPhone! })).outcome).toBe('match');
    expect((await c.telecom.checkThreeElements({ ...d, name: '王建华', phone: d.phone! })).outcome).toBe('mismatch');
    expect((await c.socialSecurity.checkCard({ ...d })).outcome).toBe('match');
    expect((await c.housingFund.checkCard({ ...d, cardNumber: d.housingFundCard! })).outcome).toBe('match');
    expect((await c.driverLicence.checkLicence({ ...d, fileNumber: '440100000099' })).outcome).toBe('not_found');
    expect(bridge.refusals).toEqual([]);
  });

  it('a bridge refuses a tampered body', async () => {
    const body = JSON.stringify({ name: '王建国', idNumber: demo().idNumber });
    const headers = signRequest({ keyId: KEY_ID, secret: SECRET, method: 'POST', path: CHECK_PATHS.identity, body, now: server.ctx.clock.now() });
    const tampered = await raw(body.replace('王建国', '王建华'), headers);
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ error: 'bad_signature' });
    // The same headers with the body they signed pass (the nonce was not burnt by the forgery).
    expect((await raw(body, headers)).status).toBe(200);
  });

  it('a bridge refuses a stale or future timestamp, and accepts one within 300 s', async () => {
    const body = JSON.stringify({ name: '王建国', idNumber: demo().idNumber });
    const at = (seconds: number) => new Date(server.ctx.clock.now().getTime() + seconds * 1000);
    for (const skew of [-301, 301]) {
      const res = await raw(body, signRequest({ keyId: KEY_ID, secret: SECRET, method: 'POST', path: CHECK_PATHS.identity, body, now: at(skew) }));
      expect(res.status, String(skew)).toBe(401);
      expect(await res.json()).toEqual({ error: 'stale' });
    }
    expect((await raw(body, signRequest({ keyId: KEY_ID, secret: SECRET, method: 'POST', path: CHECK_PATHS.identity, body, now: at(-290) }))).status).toBe(200);
  });

  it('a bridge refuses a replayed nonce, an unknown key and a wrong secret', async () => {
    const body = JSON.stringify({ name: '王建国', idNumber: demo().idNumber });
    const headers = signRequest({ keyId: KEY_ID, secret: SECRET, method: 'POST', path: CHECK_PATHS.identity, body, now: server.ctx.clock.now() });
    expect((await raw(body, headers)).status).toBe(200);
    const replay = await raw(body, headers);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: 'replayed' });
    const other = signRequest({ keyId: 'someone-else', secret: SECRET, method: 'POST', path: CHECK_PATHS.identity, body, now: server.ctx.clock.now() });
    expect(await (await raw(body, other)).json()).toEqual({ error: 'unknown_key' });
    const wrong = signRequest({ keyId: KEY_ID, secret: 'x'.repeat(40), method: 'POST', path: CHECK_PATHS.identity, body, now: server.ctx.clock.now() });
    expect(await (await raw(body, wrong)).json()).toEqual({ error: 'bad_signature' });
    // Signed for another check's path.
    const moved = signRequest({ keyId: KEY_ID, secret: SECRET, method: 'POST', path: CHECK_PATHS.telecom, body, now: server.ctx.clock.now() });
    expect(await (await raw(body, moved)).json()).toEqual({ error: 'bad_signature' });
    // And the connector itself, with a wrong secret, gets no answer.
    expect((await http({ secret: 'y'.repeat(40) }).publicSecurity.checkIdentity(demo())).outcome).toBe('unavailable');
  });

  it("answers 'unavailable' when the response signature is wrong", async () => {
    bridge.responseSecret = 'z'.repeat(40);
    try {
      expect(await http().publicSecurity.checkIdentity(demo())).toEqual({ outcome: 'unavailable', source: expect.stringMatching(/^http:127\.0\.0\.1:/) });
    } finally {
      bridge.responseSecret = SECRET;
    }
    expect((await http().publicSecurity.checkIdentity(demo())).outcome).toBe('match');
  });

  it("answers 'unavailable' on an error status without retrying, on a timeout, and when the peer is down", async () => {
    bridge.status = 503;
    const before = bridge.requests;
    try {
      expect((await http().publicSecurity.checkIdentity(demo())).outcome).toBe('unavailable');
      expect(bridge.requests).toBe(before + 1);
    } finally {
      bridge.status = 200;
    }
    bridge.delayMs = 1000;
    try {
      expect((await http({ timeoutMs: 200 }).publicSecurity.checkIdentity(demo())).outcome).toBe('unavailable');
    } finally {
      bridge.delayMs = 0;
    }
    const down = await startBridge();
    await new Promise((r) => down.server.close(r));
    expect((await http({ baseUrl: down.url }).bankCard.checkFourElements({ ...demo(), cardNumber: demo().bankCard!, phone: demo().phone! })).outcome).toBe('unavailable');
  });
});

describe('configuration', () => {
  const env = { SHENFEN_MODE: 'production', SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn' } as const;

  it('refuses the sandbox in production unless allowed, and an incomplete http connector', () => {
    expect(() => loadConfig({ ...env })).toThrow(/sandbox is refused in production/);
    expect(loadConfig({ ...env, SHENFEN_REALNAME_ALLOW_SANDBOX: 'true' }).realName.connector).toBe('sandbox');
    expect(loadConfig({}).realName).toMatchObject({ connector: 'sandbox' });
    expect(() => loadConfig({ ...env, SHENFEN_REALNAME_CONNECTOR: 'http', SHENFEN_REALNAME_URL: 'https://bridge.example' })).toThrow(/needs SHENFEN_REALNAME_URL/);
    expect(() => loadConfig({ SHENFEN_REALNAME_CONNECTOR: 'http', SHENFEN_REALNAME_URL: 'https://b.example', SHENFEN_REALNAME_KEY_ID: 'k', SHENFEN_REALNAME_SECRET: 'short' })).toThrow(/SHENFEN_REALNAME_SECRET/);
    expect(() => createAuthorities({ ...server.ctx, config: { ...server.ctx.config, mode: 'production' } })).toThrow(/refused in production/);
  });

  it('createAuthorities picks the HTTP connector from configuration', async () => {
    const config = loadConfig({ ...env, SHENFEN_REALNAME_CONNECTOR: 'http', SHENFEN_REALNAME_URL: bridge.url, SHENFEN_REALNAME_KEY_ID: KEY_ID, SHENFEN_REALNAME_SECRET: SECRET });
    const before = bridge.requests;
    const authorities = createAuthorities({ ...server.ctx, config });
    expect((await authorities.publicSecurity.checkIdentity(demo())).outcome).toBe('match');
    expect(bridge.requests).toBe(before + 1);
    const local = createAuthorities(server.ctx);
    expect((await local.publicSecurity.checkIdentity(demo())).source).toBe('sandbox:public_security');
    expect(bridge.requests).toBe(before + 1);
  });
});
