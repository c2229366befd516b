/**
 * Account enumeration (SECURITY.md, ASVS 6.3.8): every public flow answers the same for an
 * identifier that names an account and for one that does not — status, body shape, headers,
 * cookies — and leaves no trace another flow can read (a cooldown, counter or lock): after each
 * flow, other flows are probed with the same person's other identifiers and phone, and must answer
 * alike too. The median time of the steps is compared within one run, interleaved, as a ratio.
 *
 * Registration's '用户名已被使用' / '该证件号码已被注册' answers differ on purpose (the seeds ask for them):
 * there the test checks that each answer used up the captcha, and that nothing else differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf } from '../helpers/account.js';
import { Agent, type Res } from '../helpers/browser.js';
import { companies, registerOrg, type TestOrg } from '../helpers/orgs.js';
import { newPerson, register } from '../helpers/people.js';
import { newPhone } from '../helpers/phone.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

/** One person's identifiers: a registered account's (verified phone), or the same kind of data that names nobody. */
interface Subject {
  username: string;
  idNumber: string;
  phone: string;
  name: string;
  uscc: string;
  orgUsername: string;
}

const WRONG_PASSWORD = 'Wrong#pass1';
const WRONG_CODE = '000000';

// ---- comparing answers -------------------------------------------------------------------------

/** Keys whose values are per-request or per-identifier by nature: only their type is compared. */
const VOLATILE_KEYS = new Set(['id', 'expiresAt', 'captcha', 'questions', 'csrfToken', 'maskedPhone', 'requestId', 'claimToken']);
/** Headers that differ between any two requests. */
const VOLATILE_HEADERS = new Set(['date', 'content-length', 'set-cookie', 'keep-alive', 'connection', 'etag']);

function shape(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return VOLATILE_KEYS.has(key) ? ['array', v.length] : v.map((x) => shape(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, shape(x, k)]));
  return VOLATILE_KEYS.has(key) ? typeof v : v;
}

function headersOf(res: Res): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (VOLATILE_HEADERS.has(name)) return;
    out[name] = name === 'retry-after' ? 'present' : value;
  });
  return out;
}

/** Cookies set, by name and attributes (not value). */
const cookiesOf = (res: Res) =>
  res.headers
    .getSetCookie()
    .map((c) => {
      const [pair, ...attrs] = c.split(';');
      return [pair!.split('=')[0], ...attrs.map((a) => a.trim().replace(/^(expires|max-age)=.*/i, '$1'))].join('; ');
    })
    .sort();

const view = (res: Res) => ({ status: res.status, body: shape(res.body), headers: headersOf(res), cookies: cookiesOf(res) });

/** The answers for a known and an unknown subject, step by step, must be the same. */
function expectAlike(label: string, known: Res[], unknown: Res[]) {
  expect(known.length, label).toBe(unknown.length);
  known.forEach((k, i) => expect(view(k), `${label}, step ${i + 1}`).toEqual(view(unknown[i]!)));
}

// ---- flows, as a stranger drives them ------------------------------------------------------------

const loginFlow = async (a: Agent) => (await a.call('POST', '/api/flows/login', {})).body.flow.id as string;

async function passwordLogin(a: Agent, identifier: string, password = WRONG_PASSWORD, path = 'password') {
  return a.call('POST', `/api/flows/login/${await loginFlow(a)}/${path}`, { identifier, password, captcha: TEST_CAPTCHA });
}

async function smsLoginCode(a: Agent, phone: string) {
  const id = await loginFlow(a);
  return { id, res: await a.call('POST', `/api/flows/login/${id}/sms-code`, { phone, captcha: TEST_CAPTCHA }) };
}

async function recoveryAt(a: Agent, identifier: string, accountKind: 'person' | 'org' = 'person') {
  const start = await a.call('POST', '/api/flows/recovery', {});
  const id = start.body.flow.id as string;
  const res = await a.call('POST', `/api/flows/recovery/${id}/account`, { identifier, captcha: TEST_CAPTCHA, accountKind });
  return { id, res };
}
const recoveryStep = (a: Agent, id: string, step: string, body: unknown) => a.call('POST', `/api/flows/recovery/${id}/${step}`, body);
const newCaptcha = (a: Agent, id: string) => a.call('GET', `/api/flows/${id}/captcha`);

/** A flow of the kind, run for one subject: the answers of its steps. */
type Probe = (a: Agent, s: Subject, server: TestServer) => Promise<Res[]>;

const FLOWS: Record<string, Probe> = {
  'password login by username, six wrong passwords': async (a, s) => {
    const out: Res[] = [];
    for (let i = 0; i < 6; i++) out.push(await passwordLogin(a, s.username));
    return out;
  },
  'password login by ID number and by phone': async (a, s) => [await passwordLogin(a, s.idNumber), await passwordLogin(a, s.phone)],
  'SMS login: a code, six wrong codes': async (a, s) => {
    const { id, res } = await smsLoginCode(a, s.phone);
    const out = [res];
    for (let i = 0; i < 6; i++) out.push(await a.call('POST', `/api/flows/login/${id}/sms`, { phone: s.phone, code: WRONG_CODE }));
    return out;
  },
  '密码修改 from the login page, wrong current password': async (a, s) => {
    const out: Res[] = [];
    for (let i = 0; i < 5; i++) {
      out.push(
        await a.call('POST', `/api/flows/login/${await loginFlow(a)}/change-password`, {
          identifier: s.username,
          currentPassword: WRONG_PASSWORD,
          newPassword: 'Nw4#tRq8Lp',
          confirmPassword: 'Nw4#tRq8Lp',
          captcha: TEST_CAPTCHA,
        }),
      );
    }
    return out;
  },
  '忘记密码: security questions, then ID number + SMS with a wrong ID number': async (a, s) => {
    const { id, res } = await recoveryAt(a, s.username);
    const questions = (res.body.flow?.summary?.questions ?? []) as string[];
    const answers = await recoveryStep(a, id, 'security-questions', { answers: questions.map((questionId) => ({ questionId, answer: '不对' })) });
    await newCaptcha(a, id);
    const code = await recoveryStep(a, id, 'sms-code', { idNumber: '110101199003077777', captcha: TEST_CAPTCHA });
    const typed = await recoveryStep(a, id, 'sms', { code: WRONG_CODE });
    return [res, answers, code, typed];
  },
  '忘记密码 by ID number: the right ID number (a code goes to the known phone only)': async (a, s) => {
    const { id, res } = await recoveryAt(a, s.idNumber);
    await newCaptcha(a, id);
    const code = await recoveryStep(a, id, 'sms-code', { idNumber: s.idNumber, captcha: TEST_CAPTCHA });
    await newCaptcha(a, id);
    const again = await recoveryStep(a, id, 'sms-code', { idNumber: s.idNumber, captcha: TEST_CAPTCHA });
    return [res, code, again];
  },
  '忘记密码 by phone: 银行卡验证 with the phone': async (a, s) => {
    const { id, res } = await recoveryAt(a, s.phone);
    await newCaptcha(a, id);
    const code = await recoveryStep(a, id, 'bank4-code', { name: s.name, cardNumber: '6222021234567890128', phone: s.phone, captcha: TEST_CAPTCHA });
    const typed = await recoveryStep(a, id, 'bank4', { code: WRONG_CODE });
    return [res, code, typed];
  },
  '忘记用户名': async (a, s) => {
    const start = await a.call('POST', '/api/flows/username-reminder', {});
    const id = start.body.flow.id as string;
    const identity = await a.call('POST', `/api/flows/username-reminder/${id}/identity`, { name: s.name, idType: 'resident_id', idNumber: s.idNumber, phone: s.phone, captcha: TEST_CAPTCHA });
    const code = await a.call('POST', `/api/flows/username-reminder/${id}/code`, { code: WRONG_CODE });
    return [identity, code];
  },
  'registration by phone: the code request': async (a, s) => {
    const start = await a.call('POST', '/api/flows/registration-phone', {});
    return [await a.call('POST', `/api/flows/registration-phone/${start.body.flow.id}/sms-code`, { phone: s.phone, captcha: TEST_CAPTCHA })];
  },
  '单位登录 by org username and by USCC': async (a, s) => [await passwordLogin(a, s.orgUsername, WRONG_PASSWORD, 'org-password'), await passwordLogin(a, s.uscc, WRONG_PASSWORD, 'org-password')],
  '单位找回密码 (security questions) by USCC': async (a, s) => {
    const { id, res } = await recoveryAt(a, s.uscc, 'org');
    const questions = (res.body.flow?.summary?.orgQuestions ?? []) as string[];
    const answers = await recoveryStep(a, id, 'org-security-questions', { answers: questions.map(() => '不对') });
    return [res, answers];
  },
  '单位找回密码 by documents (staff review), then following the request': async (a, s) => {
    const flow = (await a.call('POST', '/api/flows/org-recovery', {})).body.flow.id as string;
    const other = newPerson();
    const applied = await a.call('POST', `/api/flows/org-recovery/${flow}`, {
      uscc: s.uscc,
      agentName: other.name,
      agentIdNumber: other.idNumber,
      phone: newPhone(),
      licencePhoto: JPEG,
      agentIdPhoto: JPEG,
      captcha: TEST_CAPTCHA,
    });
    const status = await a.call('POST', '/api/org-recovery/status', { requestId: applied.body.requestId, claimToken: applied.body.claimToken });
    return [applied, status];
  },
};

/** The smallest JPEG the photo check accepts (its magic bytes). */
const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64')}`;

/**
 * What another flow shows afterwards of the same person: an SMS login code for their phone, a
 * password login by each identifier, 忘记密码 by their ID number, 单位登录 by the org's USCC.
 */
const AFTERWARDS: Record<string, Probe> = {
  'SMS login code for the phone': async (a, s) => [(await smsLoginCode(a, s.phone)).res],
  'registration by phone, code for the phone': FLOWS['registration by phone: the code request']!,
  'password login by username, ID number and phone': async (a, s) => [await passwordLogin(a, s.username), await passwordLogin(a, s.idNumber), await passwordLogin(a, s.phone)],
  '忘记密码 by ID number': async (a, s) => [(await recoveryAt(a, s.idNumber)).res],
  '单位登录 by USCC': async (a, s) => [await passwordLogin(a, s.uscc, WRONG_PASSWORD, 'org-password')],
};

// ---- subjects --------------------------------------------------------------------------------------

let server: TestServer;
let nextCompany: Awaited<ReturnType<typeof companies>>;
let owner: Agent;

/** A registered person with a verified phone who administers an org, and fresh identifiers of the same kinds that name nobody. */
async function subjects(on: TestServer): Promise<{ known: Subject; unknown: Subject }> {
  const p = { ...newPerson(), phone: newPhone() };
  await register(new Agent(on.url), p);
  await on.ctx.db.updateTable('persons').set({ phone_verified_at: on.clock.now() }).where('account_id', '=', await accountIdOf(on, p.username)).execute();
  const org: TestOrg = await registerOrg(owner, nextCompany());
  const other = { ...newPerson(), phone: newPhone() };
  const stranger = nextCompany();
  return {
    known: { username: p.username, idNumber: p.idNumber, phone: p.phone, name: p.name, uscc: org.company.uscc, orgUsername: org.username },
    unknown: { username: other.username, idNumber: other.idNumber, phone: other.phone, name: other.name, uscc: stranger.uscc, orgUsername: `org${Date.now() % 1e6}q` },
  };
}

beforeAll(async () => {
  server = await startServer();
  server.clock.setTo(new Date('2026-11-23T03:00:00Z'));
  nextCompany = await companies(server, 120);
  // The administrator of the known orgs, signed in.
  const admin = { ...newPerson(), phone: newPhone() };
  await register(new Agent(server.url), admin);
  owner = new Agent(server.url);
  const { login } = await import('../helpers/people.js');
  expect((await login(owner, admin.username, admin.password)).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

describe('an existing and an unknown identifier look alike', () => {
  for (const [flow, probe] of Object.entries(FLOWS)) {
    it(`${flow}, and every other flow afterwards`, async () => {
      const { known, unknown } = await subjects(server);
      server.clock.advance(61_000);
      expectAlike(flow, await probe(new Agent(server.url), known, server), await probe(new Agent(server.url), unknown, server));
      // At once (inside any cooldown the flow may have set), what other flows show of the same person.
      for (const [after, look] of Object.entries(AFTERWARDS)) {
        expectAlike(`${flow} → ${after}`, await look(new Agent(server.url), known, server), await look(new Agent(server.url), unknown, server));
      }
    });
  }

  it('registration: a taken username or ID number is said, and each such answer uses up the captcha', async () => {
    const { known, unknown } = await subjects(server);
    const results: Record<string, unknown[]> = {};
    for (const [who, s] of [['known', known], ['unknown', unknown]] as const) {
      const a = new Agent(server.url);
      const id = (await a.call('POST', '/api/flows/registration', {})).body.flow.id as string;
      const post = (step: string, body: unknown) => a.call('POST', `/api/flows/registration/${id}/${step}`, body);
      const answer = (r: Res) => [r.status, r.body.error?.code ?? r.body.flow.state];
      const loginInfo = { username: s.username, password: 'Qz8#vLm2Tp', confirmPassword: 'Qz8#vLm2Tp', captcha: TEST_CAPTCHA };
      const first = await post('login-info', loginInfo);
      if (first.status === 200) await post('back', {});
      // The same picture answer again: refused either way, a new picture is needed.
      const reused = await post('login-info', loginInfo);
      await newCaptcha(a, id);
      await post('login-info', { ...loginInfo, username: `free${Date.now() % 1e6}${who}` });
      const identity = { name: s.name, idType: 'resident_id', idNumber: s.idNumber, phone: s.phone };
      const idFirst = await post('identity-info', identity);
      if (idFirst.status === 200) await post('back', {});
      const idAgain = await post('identity-info', identity);
      results[who] = [...answer(first), ...answer(reused), ...answer(idFirst), ...answer(idAgain)];
    }
    expect(results.known).toEqual([409, 'username.taken', 400, 'captcha.invalid', 409, 'id_number.taken', 400, 'captcha.invalid']);
    expect(results.unknown).toEqual([200, 'identity_info', 400, 'captcha.invalid', 200, 'agreement', 400, 'captcha.invalid']);
  });
});

// ---- timing ------------------------------------------------------------------------------------------

describe('the steps take the same time for an existing and an unknown identifier', () => {
  let timed: TestServer;
  let known: Subject;
  let unknown: Subject;
  beforeAll(async () => {
    // No locks here: the locked answer is measured above; this compares the work each step does.
    timed = await startServer({ lockout: { maxFailures: 1_000_000, lockMinutes: 15, maxConsecutiveFailures: 1_000_000 } });
    timed.clock.setTo(new Date('2026-11-23T03:00:00Z'));
    const p = { ...newPerson(), phone: newPhone() };
    await register(new Agent(timed.url), p);
    await timed.ctx.db.updateTable('persons').set({ phone_verified_at: timed.clock.now() }).where('account_id', '=', await accountIdOf(timed, p.username)).execute();
    const q = { ...newPerson(), phone: newPhone() };
    known = { username: p.username, idNumber: p.idNumber, phone: p.phone, name: p.name, uscc: '', orgUsername: '' };
    unknown = { username: q.username, idNumber: q.idNumber, phone: q.phone, name: q.name, uscc: '', orgUsername: '' };
  });
  afterAll(async () => {
    await timed?.close();
  });

  /** Prepares a step for a subject (untimed) and returns the timed request. */
  type Step = (a: Agent, s: Subject) => Promise<() => Promise<Res>>;
  const STEPS: Record<string, { pairs: number; step: Step }> = {
    'password login (a wrong password)': {
      pairs: 60,
      step: async (a, s) => {
        const id = await loginFlow(a);
        return () => a.call('POST', `/api/flows/login/${id}/password`, { identifier: s.username, password: WRONG_PASSWORD, captcha: TEST_CAPTCHA });
      },
    },
    'SMS login code request': {
      pairs: 100,
      step: async (a, s) => {
        const id = await loginFlow(a);
        return () => a.call('POST', `/api/flows/login/${id}/sms-code`, { phone: s.phone, captcha: TEST_CAPTCHA });
      },
    },
    '忘记密码 step 1': {
      pairs: 100,
      step: async (a, s) => {
        const id = (await a.call('POST', '/api/flows/recovery', {})).body.flow.id as string;
        return () => recoveryStep(a, id, 'account', { identifier: s.idNumber, captcha: TEST_CAPTCHA });
      },
    },
    '忘记密码 ID number + SMS (right ID number)': {
      pairs: 100,
      step: async (a, s) => {
        const { id } = await recoveryAt(a, s.username);
        await newCaptcha(a, id);
        return () => recoveryStep(a, id, 'sms-code', { idNumber: s.idNumber, captcha: TEST_CAPTCHA });
      },
    },
    '忘记用户名 identity': {
      pairs: 100,
      step: async (a, s) => {
        const id = (await a.call('POST', '/api/flows/username-reminder', {})).body.flow.id as string;
        return () => a.call('POST', `/api/flows/username-reminder/${id}/identity`, { name: s.name, idType: 'resident_id', idNumber: s.idNumber, phone: s.phone, captcha: TEST_CAPTCHA });
      },
    },
  };

  /** Median milliseconds of the step for known and unknown, measured in turn. */
  async function medians(step: Step, pairs: number): Promise<[number, number]> {
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < pairs; i++) {
      // Past every cooldown, so each pair does the full work.
      timed.clock.advance(61_000);
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const which of order) {
        const run = await step(new Agent(timed.url), which === 0 ? known : unknown);
        const t = performance.now();
        const res = await run();
        times[which]!.push(performance.now() - t);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    return [median(times[0]), median(times[1])];
  }

  for (const [name, { pairs, step }] of Object.entries(STEPS)) {
    it(`${name}: medians within a factor of 1.6 (of three tries, one suffices)`, async () => {
      const ratios: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const [k, u] = await medians(step, pairs);
        const ratio = Math.max(k, u) / Math.max(0.01, Math.min(k, u));
        ratios.push(Number(ratio.toFixed(2)));
        if (ratio < 1.6) break;
      }
      expect(ratios.at(-1), `ratios of medians: ${ratios.join(', ')}`).toBeLessThan(1.6);
    }, 600_000);
  }
});
