/**
 * The fuzz suite (issue 18): every route the app registers, found through Fastify's onRoute hook,
 * gets broken requests made from its own declared schemas (`config.input`, src/http/route-input.ts):
 * each field missing, of the wrong type, at the edges of numbers, huge, with control characters,
 * odd Unicode and invalid UTF-8; bodies that are not JSON objects, too large, too deep, of the wrong
 * content type; broken path parameters, wrong methods, no CSRF token; each as the account kind the
 * route serves and as others. The OIDC and CAS endpoints get their protocol parameters broken the
 * same way. Every answer must come in time, never be a 5xx, and be a documented error: a code of
 * src/shared/errors.ts with its status for our routes, the protocol's errors for /oidc and /cas.
 * Every refused request must leave the row count of every table as it was.
 *
 * Deterministic: FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_ROUTE=<substring> narrows
 * it to the routes whose path contains that text. docs/api.md, "Fuzz suite".
 */
import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessSystem } from '../../src/business-systems/business-systems.js';
import { testConfig, type Config } from '../../src/config.js';
import type { RouteInput } from '../../src/http/route-input.js';
import { errorCatalog, isErrorCode } from '../../src/shared/errors.js';
import { QUESTIONS_PER_ACCOUNT, SECURITY_QUESTION_IDS } from '../../src/accounts/security-questions.js';
import { gb11643CheckDigit } from '../../src/domain/gb11643.js';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc.js';
import { ORG_SECURITY_QUESTION_COUNT } from '../../src/orgs/security-questions.js';
import { signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import {
  brokenBodies,
  changed,
  mutationsOf,
  PARAM_VALUES,
  rng,
  rowCounts,
  sampleOf,
  send,
  tablesCountedBy,
  tablesOf,
  type Answer,
  type Caller,
  type Mutation,
  type Rng,
} from '../helpers/fuzz.js';
import { companies, orgLogin, registerOrg } from '../helpers/orgs.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

const SEED = Number(process.env.FUZZ_SEED ?? 18_2026);
const ONLY = process.env.FUZZ_ROUTE;
/** How many broken values each field gets: of the other JSON types, and of the pool of odd values. */
const CORE_PER_FIELD = 2;
const PER_FIELD = 2;
const PER_BODY = 3;
const PER_PARAM = 4;

/**
 * Tables whose rows a refused request may add, and why. Rate-limit windows count every attempt
 * before the request is looked at (that is what they are for). Audit rows record refusals
 * (wrong captcha, wrong password, refused CAS service): those are counted only when their result is
 * not 'failure', so a refused request that recorded a success still fails here.
 */
const GROWS_ON_REFUSAL = [
  'rate_limits',
  // The lock policy's failure counters: one row per identifier a wrong password or code was tried for.
  'login_guards',
];
/** Tables where only some rows must stay as they were: refusals are recorded, successes must not be. */
const COUNTED_ROWS: Record<string, string> = { audit_log: "result <> 'failure'", login_events: "result = 'success'" };

/** The errors RFC 6749, RFC 6750, RFC 7009, RFC 8707, RFC 9449 and OIDC Core define (server_error is a 5xx by another name). */
const OAUTH_ERRORS = new Set([
  'invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope', 'temporarily_unavailable',
  'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'invalid_token', 'insufficient_scope', 'unsupported_token_type',
  'invalid_target', 'invalid_dpop_proof', 'use_dpop_nonce', 'interaction_required', 'login_required', 'account_selection_required',
  'consent_required', 'invalid_request_uri', 'invalid_request_object', 'request_not_supported', 'request_uri_not_supported',
  'registration_not_supported', 'invalid_redirect_uri', 'invalid_client_metadata', 'invalid_authorization_details',
]);
/** CAS Protocol 3.0 §2.5.3 authenticationFailure codes (INTERNAL_ERROR only with a 429 here: a 5xx fails). */
const CAS_ERRORS = new Set(['INVALID_REQUEST', 'INVALID_TICKET_SPEC', 'UNAUTHORIZED_SERVICE_PROXY', 'INVALID_PROXY_CALLBACK', 'INVALID_TICKET', 'INVALID_SERVICE', 'UNAUTHORIZED_SERVICE', 'INTERNAL_ERROR']);

const REDIRECT = 'http://localhost:9999/callback';
const CAS_SERVICE = 'http://localhost:9999/cas-app/';

/** A valid 统一社会信用代码 from its first 8 characters and an 8-character organisation code. */
const usccOf = (head: string, org: string) => {
  const first17 = head + org + orgCodeCheckChar(org);
  return first17 + usccCheckChar(first17);
};

/** Valid values for fields whose rule a type does not show: the first one its schema accepts is taken. */
function knownValues(person: { idNumber: string; phone: string }): Record<string, readonly unknown[]> {
  const body = '44010619800101123';
  const values: Record<string, unknown> = {
    captcha: TEST_CAPTCHA,
    phone: person.phone,
    idNumber: body + gb11643CheckDigit(body),
    idType: 'resident_id',
    name: '王五',
    username: 'fuzzuser1',
    password: 'Qz8#vLm2Tp',
    newPassword: 'Qz8#vLm2Tq',
    confirmPassword: 'Qz8#vLm2Tq',
    currentPassword: 'Qz8#vLm2Tp',
    email: 'fuzz@example.com',
    code: '123456',
    postcode: '510000',
    region: '广东省广州市',
    detail: '天河区体育西路1号',
    recipient: '王五',
    nickname: '小王',
    agree: true,
    flowId: '00000000-0000-4000-8000-000000000000',
    token: 'a'.repeat(43),
    method: 'bank4',
    ref: 'a'.repeat(16),
    cardNumber: '6222021234567890128',
    ticket: 'a'.repeat(43),
    uscc: usccOf('91440101', 'MA5CXXXX'),
    legalRepName: '王五',
    agentName: '王五',
    legalRepIdNumber: body + gb11643CheckDigit(body),
    agentIdNumber: body + gb11643CheckDigit(body),
    orgId: '00000000-0000-4000-8000-000000000000',
    requestId: '00000000-0000-4000-8000-000000000000',
    accountId: '00000000-0000-4000-8000-000000000000',
    claimToken: 'a'.repeat(32),
    systemId: 'fuzz-rp',
    place: '广州市天河区政务服务中心',
    regionName: '广东省',
    // 养老资格认证 (issue 14): the figures' day range, a 社会保障号码.
    from: '2026-01-01',
    to: '2026-01-31',
    ssn: body + gb11643CheckDigit(body),
    // 数字证书 (issue 15): the schema checks only the shapes (the certificate, base64 DER of at least
    // 100 characters; the signature, base64); what they hold is checked by the route.
    certificate: 'MII' + 'A'.repeat(200),
    signature: 'A'.repeat(88),
    ssCode: '440100000001',
  };
  return {
    ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]])),
    id: ['00000000-0000-4000-8000-000000000000', 'fuzz-system'],
    // A certificate's chain: none, or one certificate.
    chain: [[], ['MII' + 'A'.repeat(200)]],
    // The systems allowed to ask for a system's API audience (the array, or one of its items).
    apiClients: [['fuzz-rp'], 'fuzz-rp'],
    // A person's three questions (distinct, from the list), or an org's three of its own.
    items: [
      SECURITY_QUESTION_IDS.slice(0, QUESTIONS_PER_ACCOUNT).map((questionId) => ({ questionId, answer: '广州' })),
      Array.from({ length: ORG_SECURITY_QUESTION_COUNT }, (_, i) => ({ question: `单位问题${i + 1}`, answer: '答案' })),
    ],
  };
}

type Persona = 'anonymous' | 'person' | 'org' | 'staff' | 'admin';

/** The account kind a route serves, by where it lives. */
function personaFor(url: string): Persona {
  if (url.startsWith('/api/admin/')) return 'admin';
  if (url.startsWith('/api/staff/')) return 'staff';
  if (url.startsWith('/api/org/')) return 'org';
  if (/^\/api\/(account|qr|session\/acting)\b|^\/api\/flows\/org-registration\b/.test(url) || url === '/api/session/logout') return 'person';
  return 'anonymous';
}

interface Route {
  method: string;
  url: string;
  input: RouteInput | undefined;
  bodyLimit: number;
}

const routes: Route[] = [];
let server: TestServer;
let callers: Record<Persona, () => Promise<Caller>>;
let tables: string[];
let known: Record<string, readonly unknown[]>;
let oidcSecret: string;
const failures: string[] = [];
let requests = 0;
/** The tables whose row counts the statements since the last look may have changed ('*': any). */
const written = new Set<string>();
/** Where the time goes: answering requests, counting rows. */
const spent = { requests: 0, counts: 0 };

function callerOf(agent: Agent): Caller {
  return { cookie: agent.cookieHeader(), csrf: agent.csrf };
}

beforeAll(async () => {
  const base = testConfig();
  const limits = Object.fromEntries(Object.entries(base.limits).map(([k, l]) => [k, { ...l, max: l.max * 100_000 }])) as Config['limits'];
  server = await startServer({ limits, adminClientIds: ['fuzz-admin'] }, {
    onQuery: (statement) => {
      for (const t of tablesCountedBy(statement)) written.add(t);
    },
    onRoute: (r: RouteOptions) => {
      for (const method of [r.method].flat()) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: r.url, input: r.config?.input, bodyLimit: r.bodyLimit ?? 16 * 1024 });
      }
    },
  });
  oidcSecret = (await addBusinessSystem(server.ctx, {
    id: 'fuzz-rp',
    name: '模糊测试业务系统',
    oidc: { redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://localhost:9999/'], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] },
    casServicePatterns: [CAS_SERVICE],
  })).clientSecret!;
  const adminSecret = (await addBusinessSystem(server.ctx, { id: 'fuzz-admin', name: '管理', oidc: { redirectUris: ['https://admin.example/cb'], grantTypes: ['client_credentials'] } })).clientSecret!;

  // Each persona is signed in again whenever a fuzzed request ended its session (logout, password change…).
  const person = async () => {
    const s = await signedInPerson(server, { verifiedPhone: true });
    known = knownValues(s.person);
    return s.agent;
  };
  const next = await companies(server, 20);
  const org = async () => {
    const agent = (await signedInPerson(server)).agent;
    const o = await registerOrg(agent, next());
    const orgAgent = new Agent(server.url);
    expect((await orgLogin(orgAgent, o.username, o.password)).status).toBe(200);
    return orgAgent;
  };
  const staff = async () => {
    const s = await signedInPerson(server);
    await server.ctx.db.insertInto('staff_roles').values({ account_id: s.accountId, role: 'staff', granted_at: new Date(), granted_by: 'fuzz' }).execute();
    return s.agent;
  };
  const admin = async (): Promise<Caller> => {
    const res = await send(server.url, 'POST', '/oidc/token', { headers: { authorization: `Basic ${Buffer.from(`fuzz-admin:${adminSecret}`).toString('base64')}` } }, 'grant_type=client_credentials&resource=urn%3Ashenfen%3Aadmin&scope=admin', 'application/x-www-form-urlencoded');
    return { headers: { authorization: `Bearer ${JSON.parse(res.text).access_token}` } };
  };
  const cached = <T>(make: () => Promise<T>, alive: (t: T) => Promise<boolean>) => {
    let current: T | undefined;
    return async () => {
      if (current === undefined || !(await alive(current))) current = await make();
      return current;
    };
  };
  const signedIn = async (a: Agent) => (await a.raw('GET', '/api/session')).status === 200;
  const agents = {
    anonymous: cached(async () => {
      const a = new Agent(server.url);
      await a.refreshCsrf();
      return a;
    }, async () => true),
    person: cached(person, signedIn),
    org: cached(org, signedIn),
    staff: cached(staff, signedIn),
  };
  const adminCaller = cached(admin, async () => true);
  callers = {
    anonymous: async () => callerOf(await agents.anonymous()),
    person: async () => callerOf(await agents.person()),
    org: async () => callerOf(await agents.org()),
    staff: async () => callerOf(await agents.staff()),
    admin: adminCaller,
  };
  await callers.person();
  tables = await tablesOf(server);
  console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${routes.length} routes, ${tables.length} tables`);
}, 300_000);

afterAll(async () => {
  console.log(`fuzz: ${requests} requests in ${Math.round(spent.requests)} ms, row counts ${Math.round(spent.counts)} ms (seed ${SEED})`);
  await server?.close();
});

// ---------------------------------------------------------------------------------------------

/** The protocol routes, fuzzed by their parameters below rather than by declared schemas. */
const PROTOCOL_ROUTES = new Set([
  '/oidc/*', '/.well-known/openid-configuration', '/oidc/interaction/:uid', '/oidc/interaction/:uid/confirm', '/oidc/interaction/:uid/abort',
  '/cas/login', '/cas/logout', '/cas/validate', '/cas/serviceValidate', '/cas/proxyValidate', '/cas/p3/serviceValidate', '/cas/p3/proxyValidate', '/cas/proxy',
]);
const keyOf = (r: Route) => `${r.method} ${r.url}`;
/** safeParse, with a schema that throws (a 500 in the server) told apart. */
function refuses(schema: z.ZodType, value: unknown): boolean | 'throws' {
  try {
    return !schema.safeParse(value).success;
  } catch {
    return 'throws';
  }
}
const selected = (url: string) => !ONLY || url.includes(ONLY);

/** Is `a` a documented answer of our own routes? */
function apiProblem(a: Answer): string | undefined {
  if (a.status >= 500) return `${a.status}`;
  if (a.status < 400) return undefined;
  if (!a.type.includes('application/json')) return `error answered as ${a.type || 'no content type'}`;
  let code: unknown;
  try {
    code = JSON.parse(a.text)?.error?.code;
  } catch {
    return 'error body is not JSON';
  }
  if (typeof code !== 'string' || !isErrorCode(code)) return `undocumented error code ${String(code)}`;
  if (errorCatalog[code].status !== a.status) return `status ${a.status} for ${code} (catalog: ${errorCatalog[code].status})`;
  return undefined;
}

const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? `<bytes ${v.toString('hex').slice(0, 80)}>` : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 160 ? `${s.slice(0, 160)}…(${s.length})` : s;
};

interface Probe {
  label: string;
  method: string;
  path: string;
  caller: Caller;
  body?: string | Buffer;
  type?: string;
  /** The declared schema refuses this request (the route must not accept it), or throws on it (a 500 waiting to happen). */
  refusedBySchema?: boolean | 'throws';
  check: (a: Answer) => string | undefined;
}

/**
 * Sends probes one after another. Each must answer in time and pass its check; around each one
 * that was refused (4xx), every table must keep its row count. Only the tables a request's
 * statements inserted into or deleted from are counted again (all of them after a delete).
 */
async function run(probes: Probe[]): Promise<void> {
  let counts = await rowCounts(server, tables, COUNTED_ROWS);
  written.clear();
  for (const p of probes) {
    requests += 1;
    const where = `${p.method} ${p.path.length > 120 ? p.path.slice(0, 120) + '…' : p.path} [${p.label}]`;
    let a: Answer | undefined;
    const t0 = performance.now();
    try {
      a = await send(server.url, p.method, p.path, p.caller, p.body, p.type);
    } catch (err) {
      failures.push(`${where}: no answer (${(err as Error).name}: ${(err as Error).message})`);
    }
    await server.settled();
    const t1 = performance.now();
    const recount = written.has('*') ? tables : tables.filter((t) => written.has(t));
    written.clear();
    const after = recount.length ? { ...counts, ...(await rowCounts(server, recount, COUNTED_ROWS)) } : counts;
    spent.requests += t1 - t0;
    spent.counts += performance.now() - t1;
    if (a) {
      const problem =
        p.check(a) ??
        (p.refusedBySchema === 'throws' ? 'its declared schema throws on this input' : p.refusedBySchema && a.status < 400 ? `accepted (${a.status}) what its declared schema refuses` : undefined);
      if (problem) failures.push(`${where}: ${problem} — body ${show(p.body)} — answer ${a.status} ${show(a.text)}`);
    }
    if (!a || a.status >= 400) {
      const diff = changed(counts, after, GROWS_ON_REFUSAL);
      if (Object.keys(diff).length) failures.push(`${where}: refused (${a?.status ?? 'no answer'}) but changed row counts ${JSON.stringify(diff)} — body ${show(p.body)}`);
    }
    counts = after;
  }
}

function expectNoFailures() {
  expect(failures, `seed ${SEED}: replay with FUZZ_SEED=${SEED}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Building the probes of one declared route

/** Every place in a JSON value: [path, value]. */
function places(value: unknown, path: (string | number)[] = [], depth = 0): Array<[(string | number)[], unknown]> {
  const out: Array<[(string | number)[], unknown]> = [];
  if (depth > 3 || value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, Array.isArray(value) ? Number(k) : k];
    out.push([p, v], ...places(v, p, depth + 1));
  }
  return out;
}

const MISSING = Symbol('missing');
function setAt(value: unknown, path: (string | number)[], to: unknown): unknown {
  const copy = structuredClone(value) as any;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  const last = path.at(-1)!;
  if (to === MISSING) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = to;
  return copy;
}

/** The declared body schema of a route for its sample params. */
function bodySchema(input: RouteInput, params: Record<string, string>): z.ZodType | undefined {
  return typeof input.body === 'function' ? input.body(params) : input.body;
}

const encodeBody = (input: RouteInput, value: unknown): { body: string; type: string } =>
  input.form
    ? { body: new URLSearchParams(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString(), type: 'application/x-www-form-urlencoded' }
    : { body: JSON.stringify(value), type: 'application/json' };

const pathOf = (url: string, params: Record<string, string>) => url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x');

/** Starts the flow a step route needs, as `caller`'s browser: `/api/flows/login/:id/password` → POST /api/flows/login. */
async function flowFor(route: Route, caller: Caller): Promise<string | undefined> {
  const prefix = route.url === '/api/flows/:id' || route.url === '/api/flows/:id/captcha' ? '/api/flows/login' : route.url.split('/:id')[0]!;
  if (!route.url.includes('/:id') || !routes.some((r) => r.method === 'POST' && r.url === prefix)) return undefined;
  const res = await send(server.url, 'POST', prefix, caller, '{}', 'application/json');
  if (res.status !== 201 && res.status !== 200) return undefined;
  const body = JSON.parse(res.text);
  return body.flow?.id ?? body.flowId;
}

async function probesOf(route: Route, r: Rng): Promise<Probe[]> {
  const input = route.input!;
  const persona = personaFor(route.url);
  const caller = await callers[persona]();
  const check = apiProblem;
  const probes: Probe[] = [];
  const label = (s: string) => `${persona}: ${s}`;

  // Path parameters: valid ones (a started flow where the route is a flow's step), then broken ones.
  const params = (input.params ? sampleOf(input.params, known) : {}) as Record<string, string>;
  const flowId = await flowFor(route, caller);
  if (flowId && 'id' in params) params.id = flowId;
  const path = pathOf(route.url, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)])));
  for (const name of Object.keys(params)) {
    for (const m of r.sample(PARAM_VALUES, PER_PARAM)) {
      probes.push({ label: label(`param ${name}: ${m.name}`), method: route.method, path: pathOf(route.url, { ...params, [name]: String(m.value) }), caller, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}', type: 'application/json', check });
    }
  }

  // Query string.
  const query = input.query ? (sampleOf(input.query, known) as Record<string, unknown>) : {};
  const qs = (q: Record<string, unknown>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
  for (const name of Object.keys(query)) {
    for (const m of [{ name: 'missing', value: MISSING } as Mutation, ...r.sample(mutationsOf(String(query[name])).pool.filter((x) => typeof x.value === 'string'), PER_FIELD)]) {
      const q = { ...query };
      if (m.value === MISSING) delete q[name];
      else q[name] = m.value;
      probes.push({ label: label(`query ${name}: ${m.name}`), method: route.method, path: `${path}?${qs(q)}`, caller, check, refusedBySchema: refuses(input.query!, q) });
    }
  }
  probes.push({ label: label('junk query'), method: route.method, path: `${path}?a=%00&a=%ff&__proto__[x]=1&${'b'.repeat(3000)}=1`, caller, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}', type: 'application/json', check });

  // Wrong methods on the same path.
  const taken = new Set(routes.filter((x) => x.url === route.url).map((x) => x.method));
  for (const method of r.sample(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((m) => !taken.has(m)), 2)) {
    probes.push({ label: label(`method ${method}`), method, path, caller, body: method === 'GET' ? undefined : '{}', type: 'application/json', check });
  }

  const schema = bodySchema(input, params);
  if (route.method === 'GET' || route.method === 'DELETE') return probes;

  // Without the CSRF token, and as the other kinds of caller.
  const valid = schema ? sampleOf(schema, known) : {};
  const extra = { ...(valid as object), fuzzExtra: 'x' };
  probes.push({ label: label('no CSRF token'), method: route.method, path, caller: { ...caller, csrf: undefined }, ...encodeBody(input, valid), check });
  for (const other of ['anonymous', 'person', 'org'] as const) {
    if (other === persona) continue;
    probes.push({ label: `${other}: extra field`, method: route.method, path, caller: await callers[other](), ...encodeBody(input, extra), check, refusedBySchema: schema ? refuses(schema, extra) : false });
  }

  // Whole bodies broken before any field is read.
  const raw = brokenBodies(valid, route.bodyLimit);
  const always = ['invalid UTF-8', 'over the body limit', 'deep nesting 8000', 'null'];
  for (const b of [...raw.filter((x) => always.includes(x.name)), ...r.sample(raw.filter((x) => !always.includes(x.name)), PER_BODY)]) {
    probes.push({ label: label(`body: ${b.name}`), method: route.method, path, caller, body: b.body, type: b.type ?? (input.form ? 'application/x-www-form-urlencoded' : 'application/json'), check });
  }
  if (!schema) return probes;

  // Field by field.
  probes.push({ label: label('extra field'), method: route.method, path, caller, ...encodeBody(input, extra), check, refusedBySchema: refuses(schema, extra) });
  for (const [at, value] of places(valid)) {
    const { core, pool } = mutationsOf(value);
    const name = at.join('.');
    for (const m of [{ name: 'missing', value: MISSING }, ...r.sample(core, CORE_PER_FIELD), ...r.sample(pool, PER_FIELD)]) {
      const body = setAt(valid, at, m.value);
      probes.push({ label: label(`${name}: ${m.name}`), method: route.method, path, caller, ...encodeBody(input, body), check, refusedBySchema: refuses(schema, body) });
    }
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------
// The protocol endpoints: their parameters broken one at a time

/** Broken values for one query or form parameter, written as they go on the wire (already encoded). */
const PARAM_BREAKS: Array<{ name: string; wire: (valid: string) => string | null }> = [
  { name: 'missing', wire: () => null },
  { name: 'empty', wire: () => '' },
  { name: 'long 5000', wire: (v) => encodeURIComponent(v) + 'x'.repeat(5000) },
  { name: 'NUL', wire: (v) => encodeURIComponent(v) + '%00' },
  { name: 'control', wire: (v) => '%07%1b' + encodeURIComponent(v) },
  { name: 'CRLF', wire: (v) => encodeURIComponent(v) + '%0d%0aSet-Cookie:%20x=1' },
  { name: 'invalid UTF-8', wire: (v) => encodeURIComponent(v) + '%ff%fe%c3%28' },
  { name: 'broken escape', wire: (v) => encodeURIComponent(v) + '%E0%A4%A' },
  { name: 'full-width', wire: (v) => encodeURIComponent(v.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))) },
  { name: 'RTL override', wire: (v) => encodeURIComponent('\u202e' + v) },
  { name: 'zero-width', wire: (v) => encodeURIComponent(v.slice(0, 1) + '\u200b' + v.slice(1)) },
  { name: 'combining', wire: (v) => encodeURIComponent(v + '\u0301\u0302') },
  { name: 'lone surrogate (CESU)', wire: (v) => encodeURIComponent(v) + '%ed%a0%80' },
  { name: 'number edge', wire: () => '9007199254740993' },
  { name: 'negative', wire: () => '-1' },
  { name: 'JSON', wire: () => encodeURIComponent('{"$gt":""}') },
];

interface ProtocolEndpoint {
  method: 'GET' | 'POST';
  path: string;
  /** Valid parameters (raw values). */
  params: () => Promise<Record<string, string>> | Record<string, string>;
  /** Query string or form body. */
  in: 'query' | 'form';
  caller: () => Promise<Caller>;
  check: (a: Answer) => string | undefined;
}

/** Is `a` a documented OAuth 2.0 / OpenID Connect answer? */
function oidcProblem(a: Answer): string | undefined {
  if (a.status >= 500) return `${a.status}`;
  if (a.status >= 300 && a.status < 400 && a.location) {
    const error = new URL(a.location, 'http://x').searchParams.get('error');
    if (error !== null && !OAUTH_ERRORS.has(error)) return `redirect with undocumented error ${error}`;
    return undefined;
  }
  if (a.status < 400) return undefined;
  if (a.type.includes('application/json')) {
    let body: any;
    try {
      body = JSON.parse(a.text);
    } catch {
      return 'error body is not JSON';
    }
    if (body?.error?.code !== undefined) return apiProblem(a);
    if (!OAUTH_ERRORS.has(body?.error)) return `undocumented error ${String(body?.error)}`;
    return undefined;
  }
  if (a.type.includes('text/html')) return /<h1>/.test(a.text) ? undefined : 'an error page without its heading';
  return `error answered as ${a.type || 'no content type'}`;
}

/** Is `a` a documented CAS answer (or, for a request the router refuses, one of our codes)? */
function casProblem(a: Answer): string | undefined {
  if (a.status >= 500) return `${a.status}`;
  if (a.type.includes('application/json')) {
    const body = JSON.parse(a.text);
    if (body?.error?.code !== undefined) return apiProblem(a);
    const code = body?.serviceResponse?.authenticationFailure?.code;
    if (code !== undefined && !CAS_ERRORS.has(code)) return `undocumented CAS code ${code}`;
    return undefined;
  }
  for (const m of a.text.matchAll(/<cas:(?:authenticationFailure|proxyFailure) code="([^"]*)"/g)) if (!CAS_ERRORS.has(m[1]!)) return `undocumented CAS code ${m[1]}`;
  if (a.type.startsWith('text/plain') && !/^(no\n\n|yes\n)/.test(a.text)) return 'a CAS 1.0 answer that is neither yes nor no';
  if (a.status >= 400 && a.type.includes('text/html') && !/<h1>/.test(a.text)) return 'an error page without its heading';
  return undefined;
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

function protocolEndpoints(): ProtocolEndpoint[] {
  const anonymous = () => callers.anonymous();
  const person = () => callers.person();
  const client = async (): Promise<Caller> => ({ headers: basic('fuzz-rp', oidcSecret) });
  const auth = {
    client_id: 'fuzz-rp', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile', state: 'state123', nonce: 'nonce123',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', prompt: 'consent', max_age: '3600', ui_locales: 'zh-CN', acr_values: 'urn:shenfen:loa:l2',
  };
  /** A live interaction of the signed-in person, and its consent token from the page. */
  const interaction = async () => {
    const c = await person();
    const res = await send(server.url, 'GET', `/oidc/auth?${new URLSearchParams(auth)}`, c);
    const uid = /\/interaction\/([^/?]+)/.exec(res.location ?? '')?.[1] ?? 'none';
    return { uid };
  };
  // Browsers open login and logout, signed in or not; business systems' back ends call the validators.
  const cas = (path: string, params: Record<string, string>): ProtocolEndpoint[] =>
    (/\/(login|logout)$/.test(path) ? [anonymous, person] : [anonymous]).map((caller) => ({ method: 'GET' as const, path, params: () => params, in: 'query' as const, caller, check: casProblem }));
  const ticket = { service: CAS_SERVICE, ticket: `ST-${'a'.repeat(24)}` };
  return [
    ...[anonymous, person].flatMap((caller) => [
      { method: 'GET' as const, path: '/oidc/auth', params: () => auth, in: 'query' as const, caller, check: oidcProblem },
      { method: 'POST' as const, path: '/oidc/auth', params: () => auth, in: 'form' as const, caller, check: oidcProblem },
      { method: 'GET' as const, path: '/oidc/session/end', params: () => ({ client_id: 'fuzz-rp', post_logout_redirect_uri: 'http://localhost:9999/', state: 'state123', ui_locales: 'zh-CN' }), in: 'query' as const, caller, check: oidcProblem },
    ]),
    { method: 'POST', path: '/oidc/token', params: () => ({ grant_type: 'authorization_code', code: 'a'.repeat(43), redirect_uri: REDIRECT, code_verifier: 'a'.repeat(43) }), in: 'form', caller: client, check: oidcProblem },
    { method: 'POST', path: '/oidc/token', params: () => ({ grant_type: 'refresh_token', refresh_token: 'a'.repeat(43), scope: 'openid' }), in: 'form', caller: client, check: oidcProblem },
    { method: 'POST', path: '/oidc/token', params: () => ({ grant_type: 'client_credentials', scope: 'api', resource: 'urn:shenfen:api:fuzz-rp' }), in: 'form', caller: client, check: oidcProblem },
    { method: 'POST', path: '/oidc/token', params: () => ({ grant_type: 'client_credentials', client_id: 'fuzz-rp', client_secret: oidcSecret }), in: 'form', caller: anonymous, check: oidcProblem },
    { method: 'GET', path: '/oidc/me', params: () => ({ access_token: 'a'.repeat(43) }), in: 'query', caller: anonymous, check: oidcProblem },
    { method: 'POST', path: '/oidc/me', params: () => ({ access_token: 'a'.repeat(43) }), in: 'form', caller: anonymous, check: oidcProblem },
    { method: 'POST', path: '/oidc/token/introspection', params: () => ({ token: 'a'.repeat(43), token_type_hint: 'access_token' }), in: 'form', caller: client, check: oidcProblem },
    { method: 'POST', path: '/oidc/token/revocation', params: () => ({ token: 'a'.repeat(43), token_type_hint: 'refresh_token' }), in: 'form', caller: client, check: oidcProblem },
    { method: 'POST', path: '/oidc/session/end/confirm', params: () => ({ xsrf: 'a'.repeat(32), logout: 'yes' }), in: 'form', caller: person, check: oidcProblem },
    { method: 'GET', path: '/oidc/jwks', params: () => ({ x: '1' }), in: 'query', caller: anonymous, check: oidcProblem },
    { method: 'GET', path: '/oidc/.well-known/openid-configuration', params: () => ({ x: '1' }), in: 'query', caller: anonymous, check: oidcProblem },
    { method: 'GET', path: '/.well-known/openid-configuration', params: () => ({ x: '1' }), in: 'query', caller: anonymous, check: oidcProblem },
    { method: 'GET', path: '/oidc/interaction/:uid', params: async () => ({ uid: (await interaction()).uid }), in: 'query', caller: person, check: oidcProblem },
    { method: 'POST', path: '/oidc/interaction/:uid/confirm', params: async () => ({ uid: (await interaction()).uid, token: 'a'.repeat(43) }), in: 'form', caller: person, check: oidcProblem },
    { method: 'POST', path: '/oidc/interaction/:uid/abort', params: async () => ({ uid: (await interaction()).uid, token: 'a'.repeat(43) }), in: 'form', caller: person, check: oidcProblem },
    ...cas('/cas/login', { service: CAS_SERVICE, renew: 'true', gateway: 'true' }),
    ...cas('/cas/logout', { service: CAS_SERVICE }),
    ...cas('/cas/validate', { ...ticket, renew: 'true' }),
    ...cas('/cas/serviceValidate', { ...ticket, format: 'XML' }),
    ...cas('/cas/proxyValidate', { ...ticket, format: 'JSON', pgtUrl: 'https://localhost:9999/pgt' }),
    ...cas('/cas/p3/serviceValidate', { ...ticket, format: 'JSON', renew: 'true' }),
    ...cas('/cas/p3/proxyValidate', { ...ticket, format: 'XML' }),
    ...cas('/cas/proxy', { pgt: `PGT-${'a'.repeat(24)}`, targetService: CAS_SERVICE }),
  ];
}

async function protocolProbes(e: ProtocolEndpoint, r: Rng): Promise<Probe[]> {
  const caller = await e.caller();
  const all = await e.params();
  const uid = all.uid;
  const params = Object.fromEntries(Object.entries(all).filter(([k]) => k !== 'uid'));
  const path = uid === undefined ? e.path : e.path.replace(':uid', uid);
  const wire = (entries: Array<[string, string]>) => entries.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
  const valid = Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)] as [string, string]);
  const probes: Probe[] = [];
  const add = (label: string, entries: Array<[string, string]>, at = path) =>
    probes.push(
      e.in === 'query'
        ? { label, method: e.method, path: entries.length ? `${at}?${wire(entries)}` : at, caller, check: e.check }
        : { label, method: e.method, path: at, caller, body: wire(entries), type: 'application/x-www-form-urlencoded', check: e.check },
    );
  for (const [name, value] of Object.entries(params)) {
    const breaks = [PARAM_BREAKS[0]!, ...r.sample(PARAM_BREAKS.slice(1), PER_FIELD + 1)];
    for (const b of breaks) {
      const v = b.wire(value);
      add(`${name}: ${b.name}`, v === null ? valid.filter(([k]) => k !== name) : valid.map(([k, x]) => [k, k === name ? v : x]));
    }
    add(`${name}: repeated`, [...valid, [name, encodeURIComponent(value)]]);
  }
  add('extra parameter', [...valid, ['fuzz', 'x']]);
  add('no parameters', []);
  if (uid !== undefined) for (const m of r.sample(PARAM_VALUES, PER_PARAM)) add(`uid: ${m.name}`, valid, e.path.replace(':uid', String(m.value)));
  if (e.in === 'form') {
    probes.push({ label: 'JSON body', method: e.method, path, caller, body: JSON.stringify(params), type: 'application/json', check: e.check });
    probes.push({ label: 'invalid UTF-8 body', method: e.method, path, caller, body: Buffer.concat([Buffer.from(wire(valid) + '&x='), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]), type: 'application/x-www-form-urlencoded', check: e.check });
    probes.push({ label: 'huge body', method: e.method, path, caller, body: `${wire(valid)}&x=${'a'.repeat(200_000)}`, type: 'application/x-www-form-urlencoded', check: e.check });
  }
  for (const method of r.sample(['PUT', 'DELETE', 'PATCH', e.method === 'GET' ? 'POST' : 'GET'], 1)) probes.push({ label: `method ${method}`, method, path, caller, check: e.check });
  return probes.map((p) => ({ ...p, label: `${e.path}: ${p.label}` }));
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: every route', () => {
  it('every route declares its input, or is a protocol route fuzzed by its parameters', () => {
    const undeclared = routes.filter((r) => r.input === undefined && !PROTOCOL_ROUTES.has(r.url)).map(keyOf);
    expect(undeclared).toEqual([]);
    const protocol = new Set(routes.map((r) => r.url).filter((u) => PROTOCOL_ROUTES.has(u)));
    expect([...PROTOCOL_ROUTES].filter((u) => !protocol.has(u))).toEqual([]);
  });

  it('every declared schema has a valid sample to break', () => {
    const unsampled: string[] = [];
    for (const route of routes) {
      const input = route.input;
      if (!input) continue;
      const params = (input.params ? sampleOf(input.params, known) : {}) as Record<string, string>;
      for (const [part, schema] of [['params', input.params], ['query', input.query], ['body', bodySchema(input, params)]] as const) {
        if (!schema) continue;
        const sample = sampleOf(schema, known);
        let res;
        try {
          res = schema.safeParse(sample);
        } catch (err) {
          unsampled.push(`${keyOf(route)} ${part} ${JSON.stringify(sample)}: the schema throws ${String(err)}`);
          continue;
        }
        if (!res.success) unsampled.push(`${keyOf(route)} ${part} ${JSON.stringify(sample)}: ${res.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
    }
    expect(unsampled, 'add a valid value for these fields to knownValues').toEqual([]);
  });

  it('answers every broken request to a declared route with a documented error, in time, writing nothing', async () => {
    failures.length = 0;
    const r = rng(SEED);
    const declared = routes.filter((x) => x.input !== undefined && selected(x.url));
    for (const route of declared) await run(await probesOf(route, r));
    expectNoFailures();
  }, 600_000);

  it('answers every broken OIDC and CAS request with a documented protocol error, in time, writing nothing', async () => {
    failures.length = 0;
    const r = rng(SEED + 1);
    for (const e of protocolEndpoints().filter((x) => selected(x.path))) await run(await protocolProbes(e, r));
    expectNoFailures();
  }, 600_000);
});

/** Single requests the fuzz suite once found answered wrongly, pinned so each fails again if its fix goes. */
describe('fuzz: findings', () => {
  it('a flow id that is not a flow id is flow.not_found, also where a poll sent it to a uuid column (was 500)', async () => {
    const caller = await callers.anonymous();
    for (const id of ['１２３', '\u202eabc', 'not-a-uuid']) {
      const res = await send(server.url, 'GET', `/api/flows/login/${encodeURIComponent(id)}/qr`, caller);
      expect(res.status, res.text).toBe(404);
      expect(JSON.parse(res.text).error.code).toBe('flow.not_found');
    }
  });

  it('a path the router cannot decode, or a parameter over its length, is our JSON request.malformed with the security headers', async () => {
    for (const path of ['/api/flows/%ff%fe', '/api/flows/%E0%A4%A/captcha', `/api/flows/${'a'.repeat(200)}`]) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.code).toBe('request.malformed');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('the admin API refuses a service URL that is not a URL with 400 naming the field (was 500)', async () => {
    const res = await send(server.url, 'POST', '/api/admin/business-systems', await callers.admin(), JSON.stringify({ id: 'not-a-url', name: '系统', casServicePatterns: ['http://'] }), 'application/json');
    expect(res.status, res.text).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ code: 'request.invalid', fields: { 'casServicePatterns.0': expect.any(String) } });
  });

  it('/oidc answers a method it has no route for as an OAuth error, not a bare text 404', async () => {
    const res = await send(server.url, 'POST', '/oidc/auth', {}, 'client_id=fuzz-rp', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.text)).toMatchObject({ error: 'invalid_request' });
  });
});
