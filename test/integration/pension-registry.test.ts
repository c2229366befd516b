/**
 * 养老资格认证 (issue 14) without the face: the registry import (all or nothing, every error
 * reported, re-import updates), sign-in by name + number + captcha (number forms, one answer for
 * an unknown number, a wrong name, and no retiree), the session, SSO and the account view, staff
 * lookup and in-person record (audited; refused to non-staff and for an ineligible retiree), the
 * figures and their CSV, and the SMS reminders (once per due date, only to a verified phone).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portraitImage } from '../../src/connectors/face/portraits.js';
import { setStaff } from '../../src/methods/realname/counter.js';
import { importRetirees, readPhotos } from '../../src/pension/import.js';
import { ssnHash } from '../../src/pension/registry.js';
import { sendPensionReminders } from '../../src/pension/reminders.js';
import { runHousekeeping } from '../../src/housekeeping.js';
import { generateRetirees, residentId, retireesCsv, type SandboxRetiree } from '../../src/pension/sandbox.js';
import { pensionCommand } from '../../src/pension/cli.js';
import { errorCatalog } from '../../src/shared/errors.js';
import { testConfig } from '../../src/config.js';
import { signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { expectLimitedBeforeCaptcha, expectWrongCaptchaUsedUp } from '../helpers/captcha.js';
import { newPerson } from '../helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  // Many sign-ins from one address: the per-IP limits wide (one test fills them itself).
  const limits = testConfig().limits;
  server = await startServer({ limits: { ...limits, flowPerIp: { max: 10_000, windowSeconds: 60 }, pensionSignInPerIp: { max: 10_000, windowSeconds: 3600 } } });
});
afterAll(async () => {
  await server?.close();
});

let seed = (process.pid % 1000) * 1000;
/** Retirees no other test has: a fresh seed each call. */
const fresh = (n: number, patch: Partial<SandboxRetiree> = {}): SandboxRetiree[] =>
  generateRetirees(n * 2 + 4, ++seed, server.clock.now())
    .filter((r) => r.idKind === 'resident_id')
    .slice(0, n)
    .map((r) => ({ ...r, ...patch }));
const eligible = (n: number) => fresh(n, { benefitStatus: 'normal', survivalStatus: 'alive' });
const importRows = (rows: readonly SandboxRetiree[], photos?: Map<string, Uint8Array>) => importRetirees(server.ctx, { csv: retireesCsv(rows), ...(photos ? { photos } : {}) }, 'test');
const retireeRow = (ssn: string) => server.ctx.db.selectFrom('pension_retirees').selectAll().where('ssn_hash', '=', ssnHash(server.ctx, ssn)).executeTakeFirst();
const countRetirees = async () => Number((await server.ctx.db.selectFrom('pension_retirees').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

async function signInFlow(agent: Agent): Promise<string> {
  const res = await agent.call('POST', '/api/pension/sign-in/flow', {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.flow.captcha).toMatch(/^data:image\/png;base64,/);
  return res.body.flow.id;
}
async function signIn(agent: Agent, name: string, ssn: string) {
  return agent.call('POST', '/api/pension/sign-in', { flowId: await signInFlow(agent), name, ssn, captcha: TEST_CAPTCHA });
}

describe('the registry import', () => {
  it('writes nothing from a file with a broken row and reports every error with its line', async () => {
    const good = eligible(3);
    const before = await countRetirees();
    const csv = `${retireesCsv(good)}王五,440106195001011230,resident_id,广州市,正常,正常,\n,HKG0A1,hkmotw_code,,停发吗,正常,2026-13-01\n`;
    const report = await importRetirees(server.ctx, { csv }, 'test');
    expect(report.created + report.updated).toBe(0);
    expect(report.errors.map((e) => [e.line, e.field])).toEqual([
      [5, '社会保障号码'],
      [6, '姓名'],
      [6, '社会保障号码'],
      [6, '参保地区'],
      [6, '待遇状态'],
      [6, '上次认证日期'],
    ]);
    expect(await countRetirees()).toBe(before);
    for (const r of good) expect(await retireeRow(r.ssn)).toBeUndefined();
    const audit = await server.ctx.db.selectFrom('audit_log').select(['result', 'detail']).where('event', '=', 'pension.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ result: 'failure', detail: { errors: 6 } });
  });

  it('imports a file and its zip of photos; a re-import updates, keeping the later certification', async () => {
    const rows = eligible(3);
    const photo = new Uint8Array(await portraitImage('a'));
    const dir = mkdtempSync(join(tmpdir(), 'pension-'));
    const zip = join(dir, 'photos.zip');
    writeFileSync(zip, zipSync({ [`建模照片/${rows[0]!.ssn.toLowerCase()}.jpg`]: photo, 'readme.txt': new TextEncoder().encode('x') }));
    const photos = await readPhotos(zip);
    expect([...photos.keys()]).toEqual([rows[0]!.ssn]);
    const first = await importRows(rows, photos);
    expect(first).toMatchObject({ rows: 3, created: 3, updated: 0, photos: 1, errors: [] });
    const row = (await retireeRow(rows[0]!.ssn))!;
    expect(row.photo_enc).not.toBeNull();
    expect(server.ctx.vault.decrypt(row.ssn_enc)).toBe(rows[0]!.ssn);
    expect(row.ssn_enc).not.toContain(rows[0]!.ssn);

    const changed = rows.map((r, i) => (i === 0 ? { ...r, region: '深圳市', benefitStatus: 'suspended' as const, lastCertified: '' } : r));
    const second = await importRows(changed);
    expect(second).toMatchObject({ rows: 3, created: 0, updated: 3, errors: [] });
    const after = (await retireeRow(rows[0]!.ssn))!;
    expect(after).toMatchObject({ id: row.id, region: '深圳市', benefit_status: 'suspended' });
    // The photo and a certification date the file no longer has are kept.
    expect(after.photo_enc).toBe(row.photo_enc);
    expect(after.last_certified_at).toEqual(row.last_certified_at);
  });

  it('refuses a photo that is not a JPEG or names no row; `shenfen pension import` reads a folder and says what is wrong', async () => {
    const rows = eligible(1);
    const dir = mkdtempSync(join(tmpdir(), 'pension-'));
    writeFileSync(join(dir, `${rows[0]!.ssn}.jpg`), 'not a jpeg');
    writeFileSync(join(dir, 'retirees.csv'), retireesCsv(rows));
    const lines: string[] = [];
    const [log, err] = [console.log, console.error];
    console.log = console.error = (s: string) => lines.push(s);
    try {
      expect(await pensionCommand(server.ctx, ['import', join(dir, 'retirees.csv'), '--photos', dir])).toBe(1);
    } finally {
      [console.log, console.error] = [log, err];
    }
    expect(lines.join('\n')).toMatch(/nothing imported[\s\S]*不是JPG图片/);
    expect(await retireeRow(rows[0]!.ssn)).toBeUndefined();
  });
});

describe('sign-in: 请输入您登记的姓名 + 社会保障号码 + captcha', () => {
  it('signs a registered retiree in with the number typed loosely; the session shows them masked; sign-out ends it', async () => {
    const [r] = eligible(1);
    await importRows([r!]);
    const agent = new Agent(server.url);
    expect((await agent.call('GET', '/api/pension/session')).body).toEqual({ retiree: null });
    const res = await signIn(agent, ` ${r!.name} `, r!.ssn.toLowerCase().replace(/(.{6})/, '$1 '));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.retiree).toMatchObject({ name: r!.name, idKind: 'resident_id', region: r!.region, eligible: true, ineligibleReason: null, attemptsLeftToday: 5 });
    expect(res.body.retiree.idNumberMasked).toBe(`${r!.ssn.slice(0, 4)}**********${r!.ssn.slice(-4)}`);
    expect([...agent.cookies.keys()]).toContain('__Host-sf_pension');
    expect((await agent.call('GET', '/api/pension/session')).body.retiree.name).toBe(r!.name);
    expect((await agent.call('POST', '/api/pension/sign-out', {})).body).toEqual({});
    expect((await agent.call('GET', '/api/pension/session')).body).toEqual({ retiree: null });
    expect((await agent.call('GET', '/api/pension/results')).body.error.code).toBe('pension.signed_out');
  });

  it('accepts an HK/MO/TW 234号 code and an English name in any case', async () => {
    const r: SandboxRetiree = { name: 'CHAN Siu Ming', ssn: `MAC0${String(Date.now()).slice(-8)}`, idKind: 'hkmotw_code', region: '珠海市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' };
    expect((await importRows([r])).errors).toEqual([]);
    const res = await signIn(new Agent(server.url), 'chan  siu ming', `${r.ssn.slice(0, 3)} ${r.ssn.slice(3, 4)} ${r.ssn.slice(4)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.retiree).toMatchObject({ idKind: 'hkmotw_code', status: 'pending', idNumberMasked: `MAC*****${r.ssn.slice(-4)}` });
  });

  it('refuses a number of no form with pension.ssn_format, and an empty name, before using the captcha', async () => {
    const agent = new Agent(server.url);
    const flowId = await signInFlow(agent);
    const bad = residentId('440106', '19520314', 28).slice(0, 17) + 'Y';
    for (const ssn of [bad, '440106195203140280'.slice(0, 17) + (residentId('440106', '19520314', 28).endsWith('0') ? '1' : '0'), 'HKG0A1', '123']) {
      const res = await agent.call('POST', '/api/pension/sign-in', { flowId, name: '李秀英', ssn, captcha: TEST_CAPTCHA });
      expect(res.status, ssn).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'pension.ssn_format', message: errorCatalog['pension.ssn_format'].message['zh-CN'] });
    }
    const empty = await agent.call('POST', '/api/pension/sign-in', { flowId, name: '  ', ssn: residentId('440106', '19520314', 28), captcha: TEST_CAPTCHA });
    expect(empty.body.error.code).toBe('pension.name_empty');
    // The captcha is still there.
    const flow = await server.ctx.db.selectFrom('flows').select('captcha_hash').where('id', '=', flowId).executeTakeFirstOrThrow();
    expect(flow.captcha_hash).not.toBeNull();
  });

  it('answers an unknown number and a wrong name the same: status, body, and no cookie', async () => {
    const [r] = eligible(1);
    await importRows([r!]);
    const unknown = newPerson().idNumber;
    const answers = [];
    for (const [name, ssn] of [
      [r!.name, unknown],
      ['张冒名', r!.ssn],
      [r!.name.slice(0, 1), r!.ssn],
    ] as const) {
      const agent = new Agent(server.url);
      const res = await signIn(agent, name, ssn);
      answers.push({ status: res.status, body: res.body });
      expect(agent.cookies.has('__Host-sf_pension')).toBe(false);
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: { error: { code: 'pension.not_registered', message: '未找到与您录入的姓名和社会保障号码相符的企业养老离退休人员信息，请核对后重新输入（仅提供企业养老离退休人员登录使用）' } },
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // The right name and number still sign in.
    expect((await signIn(new Agent(server.url), r!.name, r!.ssn)).status).toBe(200);
  });

  it('uses the captcha up on a wrong answer, and is rate limited per IP before it and per number typed', async () => {
    const [r] = eligible(1);
    await importRows([r!]);
    const agent = new Agent(server.url);
    const flowId = await signInFlow(agent);
    const step = { agent, path: () => '/api/pension/sign-in', flowId, form: { flowId, name: r!.name, ssn: r!.ssn, captcha: TEST_CAPTCHA }, state: 'signing_in' };
    await expectWrongCaptchaUsedUp(server, step);
    const flow2 = await signInFlow(agent);
    await expectLimitedBeforeCaptcha(server, { ...step, flowId: flow2, form: { ...step.form, flowId: flow2 }, path: () => '/api/pension/sign-in' }, 'pensionSignInPerIp');
    // Per number: an unknown number and a registered one are counted alike.
    const max = server.ctx.config.limits.pensionSignInPerNumber.max;
    const unknown = newPerson().idNumber;
    for (const ssn of [unknown, r!.ssn]) {
      const codes: string[] = [];
      for (let i = 0; i <= max; i++) {
        const res = await signIn(new Agent(server.url), '不是他', ssn);
        codes.push(res.body.error.code);
      }
      expect(codes.slice(0, max).every((c) => c === 'pension.not_registered')).toBe(true);
      expect(codes[max]).toBe('rate_limited');
    }
    await server.ctx.db.deleteFrom('rate_limits').execute();
  });

  it('signs in a retiree with a suspended benefit, who sees why and is refused at capture', async () => {
    const [r] = fresh(1, { benefitStatus: 'suspended', survivalStatus: 'alive' });
    await importRows([r!]);
    const agent = new Agent(server.url);
    const res = await signIn(agent, r!.name, r!.ssn);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.retiree).toMatchObject({ eligible: false, ineligibleReason: 'benefit' });
    const cap = await agent.call('POST', '/api/pension/certification/capture', { consent: true });
    expect(cap.status).toBe(403);
    expect(cap.body.error).toEqual({ code: 'pension.ineligible', message: '待遇发放状态和生存状态异常人员无法做资格认证' });
    const row = (await retireeRow(r!.ssn))!;
    expect(await server.ctx.db.selectFrom('face_attempts').select('id').where('flow_id', 'is not', null).where('subject_hash', '=', server.ctx.vault.lookupHash('face.subject', `pension:${row.id}`)).execute()).toEqual([]);
    // An abnormal survival status likewise.
    const [d] = fresh(1, { benefitStatus: 'normal', survivalStatus: 'abnormal' });
    await importRows([d!]);
    expect((await signIn(new Agent(server.url), d!.name, d!.ssn)).body.retiree).toMatchObject({ eligible: false, ineligibleReason: 'survival' });
  });

  it('refuses capture and certification without a pension session (401 pension.signed_out)', async () => {
    const agent = new Agent(server.url);
    expect((await agent.call('POST', '/api/pension/certification/capture', { consent: true })).body.error.code).toBe('pension.signed_out');
    expect((await agent.call('POST', '/api/pension/certification', { nonce: 'x', frames: [{ step: 0, at: 0, image: 'AA==' }] })).status).toBe(401);
  });

  it('ends a session idle for 30 minutes', async () => {
    const [r] = eligible(1);
    await importRows([r!]);
    const agent = new Agent(server.url);
    expect((await signIn(agent, r!.name, r!.ssn)).status).toBe(200);
    server.clock.advanceMinutes(29);
    expect((await agent.call('GET', '/api/pension/session')).body.retiree).not.toBeNull();
    server.clock.advanceMinutes(31);
    expect((await agent.call('GET', '/api/pension/session')).body.retiree).toBeNull();
  });
});

describe('single sign-on and the account centre', () => {
  it('lets a person whose registered resident ID and name are a retiree’s straight in, and shows their results', async () => {
    const s = await signedInPerson(server);
    expect((await s.agent.call('GET', '/api/account/pension')).body).toEqual({ retiree: null, history: [] });
    const no = await s.agent.call('POST', '/api/pension/sso', {});
    expect(no.status).toBe(401);
    expect(no.body.error.code).toBe('pension.not_registered');
    await importRows([{ name: s.person.name, ssn: s.person.idNumber, idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' }]);
    const yes = await s.agent.call('POST', '/api/pension/sso', {});
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    expect(yes.body.retiree).toMatchObject({ name: s.person.name, status: 'pending' });
    expect((await s.agent.call('GET', '/api/pension/session')).body.retiree.name).toBe(s.person.name);
    expect((await s.agent.call('GET', '/api/account/pension')).body.retiree).toMatchObject({ name: s.person.name });
    // Without a Shenfen session there is no SSO.
    expect((await new Agent(server.url).call('POST', '/api/pension/sso', {})).status).toBe(401);
  });

  it('does not let a person in whose name differs from the retiree’s with that number', async () => {
    const s = await signedInPerson(server);
    await importRows([{ name: '另一人', ssn: s.person.idNumber, idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' }]);
    expect((await s.agent.call('POST', '/api/pension/sso', {})).body.error.code).toBe('pension.not_registered');
    expect((await s.agent.call('GET', '/api/account/pension')).body.retiree).toBeNull();
  });
});

describe('service-hall staff', () => {
  async function staff() {
    const s = await signedInPerson(server);
    expect(await setStaff(server.ctx, s.person.username, true, 'test')).toBe(true);
    return s;
  }

  it('refuses a person without the staff role, and a stranger', async () => {
    const s = await signedInPerson(server);
    const look = await s.agent.call('POST', '/api/staff/pension/lookup', { ssn: newPerson().idNumber });
    expect(look.status).toBe(403);
    expect(look.body.error.code).toBe('staff.required');
    const rec = await s.agent.call('POST', '/api/staff/pension/certifications', { retireeId: '00000000-0000-4000-8000-000000000000', channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: true });
    expect(rec.body.error.code).toBe('staff.required');
    expect((await s.agent.call('GET', '/api/staff/pension/figures?from=2026-01-01&to=2026-01-31')).status).toBe(403);
    expect((await new Agent(server.url).call('POST', '/api/staff/pension/lookup', { ssn: newPerson().idNumber })).status).toBe(401);
  });

  it('looks a retiree up and records a 现场 certification: certified, next due in 12 months, audited; the retiree sees it', async () => {
    const clerk = await staff();
    const [r] = eligible(1);
    await importRows([r!]);
    expect((await clerk.agent.call('POST', '/api/staff/pension/lookup', { ssn: newPerson().idNumber })).body).toEqual({ retiree: null });
    const look = await clerk.agent.call('POST', '/api/staff/pension/lookup', { ssn: r!.ssn.toLowerCase() });
    expect(look.status, JSON.stringify(look.body)).toBe(200);
    expect(look.body.retiree).toMatchObject({ name: r!.name, eligible: true });
    const id = look.body.retiree.id;
    expect((await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: false })).status).toBe(400);
    const rec = await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: true, note: '本人持身份证原件' });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    const next = new Date(rec.body.certifiedAt);
    next.setUTCMonth(next.getUTCMonth() + 12);
    expect(rec.body.nextDueAt).toBe(next.toISOString());
    const row = (await retireeRow(r!.ssn))!;
    expect(row.due_at?.toISOString()).toBe(rec.body.nextDueAt);
    const cert = await server.ctx.db.selectFrom('pension_certifications').selectAll().where('retiree_id', '=', id).executeTakeFirstOrThrow();
    expect(cert).toMatchObject({ channel: 'counter', result: 'passed', reason: null, staff_account_id: clerk.accountId, note: '广州市社保经办服务大厅：本人持身份证原件' });
    const audit = await server.ctx.db.selectFrom('audit_log').select(['event', 'actor', 'result']).where('subject', '=', id).where('event', 'in', ['pension.certify', 'pension.staff_lookup']).orderBy('id').execute();
    expect(audit).toEqual([
      { event: 'pension.staff_lookup', actor: clerk.accountId, result: 'success' },
      { event: 'pension.certify', actor: clerk.accountId, result: 'success' },
    ]);
    const agent = new Agent(server.url);
    expect((await signIn(agent, r!.name, r!.ssn)).status).toBe(200);
    const results = await agent.call('GET', '/api/pension/results');
    expect(results.body.retiree.status).toBe('certified');
    expect(results.body.history).toEqual([{ at: rec.body.certifiedAt, channel: 'counter', result: 'passed', reason: null, nextDueAt: rec.body.nextDueAt }]);
  });

  it('refuses to record for an ineligible retiree or an unknown id', async () => {
    const clerk = await staff();
    const [r] = fresh(1, { benefitStatus: 'stopped', survivalStatus: 'alive' });
    await importRows([r!]);
    const id = (await retireeRow(r!.ssn))!.id;
    const rec = await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'community', place: '天河区某社区', documentChecked: true });
    expect(rec.status).toBe(403);
    expect(rec.body.error.code).toBe('pension.ineligible');
    expect(await server.ctx.db.selectFrom('pension_certifications').select('id').where('retiree_id', '=', id).execute()).toEqual([]);
    const unknown = await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: '00000000-0000-4000-8000-000000000000', channel: 'community', place: '天河区某社区', documentChecked: true });
    expect(unknown.body.error.code).toBe('pension.retiree_not_found');
  });

  it('refuses a staff member who is the retiree (staff.self): another must certify them', async () => {
    const clerk = await staff();
    await importRows([{ name: clerk.person.name, ssn: clerk.person.idNumber, idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' }]);
    const id = (await retireeRow(clerk.person.idNumber))!.id;
    const own = await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: true });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('staff.self');
    const other = await staff();
    expect((await other.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: true })).status).toBe(200);
  });

  it('counts by region and status, and per day by result, as JSON and as CSV with a BOM', async () => {
    const clerk = await staff();
    const region = `测试区${seed}`;
    const now = server.clock.now();
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    const rows = eligible(5).map((r, i) => ({ ...r, region, lastCertified: ['', ago(100), ago(350), ago(400), ''][i]! }));
    rows[4] = { ...rows[4]!, benefitStatus: 'suspended' };
    expect((await importRows(rows)).errors).toEqual([]);
    const day = ago(0);
    const before = await clerk.agent.call('GET', `/api/staff/pension/figures?from=${day}&to=${day}`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const id = (await retireeRow(rows[0]!.ssn))!.id;
    await clerk.agent.call('POST', '/api/staff/pension/certifications', { retireeId: id, channel: 'counter', place: '广州市社保经办服务大厅', documentChecked: true });
    await server.ctx.db
      .insertInto('pension_certifications')
      .values({ id: crypto.randomUUID(), retiree_id: id, at: now, channel: 'online', result: 'failed', reason: 'no_match', face_attempt_id: null, staff_account_id: null, next_due_at: null, note: null })
      .execute();
    const res = await clerk.agent.call('GET', `/api/staff/pension/figures?from=${day}&to=${day}`);
    expect(res.body.byRegion.find((b: { region: string }) => b.region === region)).toEqual({ region, pending: 0, certified: 2, dueSoon: 1, overdue: 1, ineligible: 1 });
    const d0 = before.body.daily[0];
    expect(res.body.daily).toEqual([{ day, passed: d0.passed + 1, failed: { ...d0.failed, no_match: d0.failed.no_match + 1 } }]);
    const csv = await clerk.agent.call('GET', `/api/staff/pension/figures.csv?from=${day}&to=${day}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    // The BOM, as bytes (fetch's text() drops it).
    const raw = new Uint8Array(await (await fetch(`${server.url}/api/staff/pension/figures.csv?from=${day}&to=${day}`, { headers: { cookie: clerk.agent.cookieHeader() } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('日期,结果,原因,代码,人次');
    expect(lines).toContain(`${day},通过,,passed,${d0.passed + 1}`);
    expect(lines).toContain(`${day},未通过,与建模照片不匹配,no_match,${d0.failed.no_match + 1}`);
    expect(lines.length).toBe(1 + 5);
    for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-02&to=2026-03-01', 'from=2024-01-01&to=2026-01-01', 'from=x&to=2026-01-01']) {
      const bad = await clerk.agent.call('GET', `/api/staff/pension/figures?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe('pension.date_range');
    }
    // Both fields wrong: each named (request.invalid with its fields, as every form).
    const both = await clerk.agent.call('GET', '/api/staff/pension/figures?from=x&to=y');
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.error.fields)).toEqual(['from', 'to']);
  });
});

describe('SMS reminders before the due date', () => {
  it('go once per due date, only to the verified phone of the person who is the retiree', async () => {
    const verified = await signedInPerson(server, { verifiedPhone: true });
    const unverified = await signedInPerson(server);
    const last = new Date(server.clock.now().getTime() - 350 * 86_400_000).toISOString().slice(0, 10);
    const asRetiree = (p: { name: string; idNumber: string }): SandboxRetiree => ({ name: p.name, ssn: p.idNumber, idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: last });
    await importRows([asRetiree(verified.person), asRetiree(unverified.person)]);
    const sentTo = (phone: string) => server.sms.outbox().filter((m) => m.phone === phone && m.template === 'pension_reminder');
    // Housekeeping runs them (every minute on a server).
    expect((await runHousekeeping(server.ctx)).pensionReminders).toBeGreaterThanOrEqual(1);
    await server.settled();
    await sendPensionReminders(server.ctx);
    await server.settled();
    const due = (await retireeRow(verified.person.idNumber))!.due_at!;
    const msgs = sentTo(verified.person.phone);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.params).toEqual({ dueDate: new Date(due.getTime() + 8 * 3600_000).toISOString().slice(0, 10) });
    expect(sentTo(unverified.person.phone)).toHaveLength(0);
    // A new due date (a pass moved it on, then time passed) gets its own reminder.
    const next = new Date(due.getTime() + 10 * 86_400_000);
    await server.ctx.db.updateTable('pension_retirees').set({ due_at: next }).where('ssn_hash', '=', ssnHash(server.ctx, verified.person.idNumber)).execute();
    await sendPensionReminders(server.ctx);
    await server.settled();
    expect(sentTo(verified.person.phone)).toHaveLength(2);
  });
});
