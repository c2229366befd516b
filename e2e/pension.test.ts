// 养老待遇资格认证 in the browser (issue 14, seed 003), at a phone's 375 px: 个人年度资格认证入口 from the
// login page → 姓名 + 社会保障号码 + 验证码 → 用户中心 → 进入资格认证 → 注意事项 → 确定 → 人脸认证 against the
// registry's 建模照片 → 认证结果查询; the refusals (a suspended benefit, an unknown number, a stranger's
// face, a still photo); an HK/MO/TW code; 直接进入 for a signed-in person; the staff's 现场 record and
// figures. The retirees come in through the registry import (src/pension/import.ts), their 建模照片 the
// face photos shipped in npm packages (test/helpers/face-media.ts); the person in front of the camera is
// a canvas stream that does what the page asks (e2e/face-camera.ts), the still photo Chromium's fake camera.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRetirees } from '../src/pension/import.js';
import { Agent } from '../test/helpers/browser.js';
import { facePhoto, stillVideo, type Who } from '../test/helpers/face-media.js';
import { newPerson, register } from '../test/helpers/people.js';
import { startServer, TEST_CAPTCHA, type TestServer } from '../test/helpers/server.js';
import { ARTIFACTS, boundBrowserTests, launchChromium, signInByPassword, waitForText, WEB_ROOT } from './browser.js';
import { agreeToFace, captureAndWait, FILMABLE_ACTIONS, filmableFaceConfig, followingPerson } from './face-camera.js';
import { axeFindings, describeFindings } from './axe.js';

const ACTIONS = FILMABLE_ACTIONS;
const PHONE = { width: 375, height: 812 };

const NOT_REGISTERED = '未找到与您录入的姓名和社会保障号码相符的企业养老离退休人员信息，请核对后重新输入（仅提供企业养老离退休人员登录使用）';
const INELIGIBLE = '待遇发放状态和生存状态异常人员无法做资格认证';
const ACTIONS_NOT_DONE = '认证失败，您的相貌能对上，但您没有跟着引导做动作';
const NO_MATCH = '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证';

boundBrowserTests();
let server: TestServer;
let dir: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  server = await startServer(filmableFaceConfig(), { webRoot: WEB_ROOT });
  dir = mkdtempSync(join(tmpdir(), 'shenfen-pension-e2e-'));
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Retiree {
  name: string;
  /** As the retiree types it. */
  ssn: string;
  /** As the registry holds it. */
  registered: string;
  kind: 'resident_id' | 'hkmotw_code';
  region: string;
  benefit: '正常' | '暂停';
  photo: Who;
}

/** axe-core on the page as it is (issue 19's check, on the pension pages too): no critical or serious finding. */
async function noAxeFindings(page: Page, where: string): Promise<void> {
  const found = await axeFindings(page);
  expect(found, describeFindings(where, found)).toEqual([]);
}

/** A new retiree of the registry (a valid resident ID unless told), imported with their 建模照片. */
async function retiree(over: Partial<Retiree> = {}): Promise<Retiree> {
  const id = newPerson().idNumber;
  const r: Retiree = { name: '陈国强', ssn: id, registered: id, kind: 'resident_id', region: '广州市越秀区', benefit: '正常', photo: 'a', ...over };
  const csv = ['姓名,社会保障号码,证件类型,参保地区,待遇状态,生存状态,上次认证日期', `${r.name},${r.registered},${r.kind},${r.region},${r.benefit},正常,`].join('\n');
  const report = await importRetirees(server.ctx, { csv, photos: new Map([[r.registered, new Uint8Array(facePhoto(r.photo))]]) }, 'e2e');
  expect(report.errors).toEqual([]);
  return r;
}

/** One Chromium without a fake camera file for every test that needs none (launched on first use). */
async function plainBrowser(): Promise<Browser> {
  if (!plain) {
    plain = await launchChromium();
    browsers.push(plain);
  }
  return plain;
}
let plain: Browser | undefined;

/** A browser context with `who` in front of the camera, doing what the page asks. */
async function followingContext(who: Who): Promise<BrowserContext> {
  const context = await (await plainBrowser()).newContext({ locale: 'zh-CN', viewport: PHONE, reducedMotion: 'reduce' });
  await followingPerson(context, who, ACTIONS);
  return context;
}

/** A phone-sized context without a camera person (sign-in and reading pages only). */
async function launchPlainPage(): Promise<BrowserContext> {
  return (await plainBrowser()).newContext({ locale: 'zh-CN', viewport: PHONE, reducedMotion: 'reduce' });
}

/** 个人年度资格认证入口: fills 姓名, 社会保障号码 and the test captcha, and submits. */
async function submitSignIn(page: Page, name: string, ssn: string): Promise<void> {
  if (!page.url().endsWith('/pension')) await page.goto(`${server.url}/pension`);
  await page.getByTestId('pension-name').fill(name);
  await page.getByTestId('pension-ssn').fill(ssn);
  await page.getByTestId('pension-captcha').fill(TEST_CAPTCHA);
  await page.getByTestId('pension-submit').click();
}

async function signIn(page: Page, r: Retiree): Promise<void> {
  await submitSignIn(page, r.name, r.ssn);
  await waitForText(page.getByTestId('pension-welcome'), `欢迎回来，${r.name}。`);
}

const noWiderThanPhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
const allowsCamera = (page: Page) => page.evaluate(() => (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature('camera'));
/** A day as the pages show it (zh-CN, Asia/Shanghai). */
const shownDay = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });

async function certificationsOf(r: Retiree) {
  const rows = await server.ctx.db.selectFrom('pension_certifications').innerJoin('pension_retirees', 'pension_retirees.id', 'pension_certifications.retiree_id').select(['pension_certifications.channel', 'pension_certifications.result', 'pension_certifications.reason', 'pension_certifications.next_due_at', 'pension_retirees.ssn_enc']).execute();
  return rows.filter((row) => server.ctx.vault.decrypt(row.ssn_enc) === r.registered);
}

describe('养老待遇资格认证 · the seed walk at 375 px', () => {
  it('entry from the login page → sign in → 用户中心 → 注意事项 → 人脸认证 passes → 认证结果查询 shows the pass and the next due date', async () => {
    const r = await retiree();
    const context = await followingContext('a');
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('pension-entry-link').click();
    await page.waitForURL('**/pension');
    // 注意事项 一(四)(五) on the entry page, and each field's 'i'.
    const notes = await page.getByTestId('pension-notes').innerText();
    expect(notes).toContain('仅提供企业养老离退休人员登录使用。');
    expect(notes).toContain('待遇发放状态和生存状态异常人员无法做资格认证。');
    await page.getByTestId('pension-name-info').click();
    await waitForText(page.getByTestId('pension-name-info-text'), '此处应输入在社保机构登记的有效姓名，如姓名登记为英文按英文录入');
    await page.getByTestId('pension-name-info-close').click();
    await page.getByTestId('pension-ssn-info').click();
    const ssnInfo = await page.getByTestId('pension-ssn-info-text').innerText();
    expect(ssnInfo).toContain('一、中国居民，提供18位的二代居民身份证号码。');
    expect(ssnInfo).toContain('（粤人社发[2014]234号）');
    expect(ssnInfo).toContain('地区代码');
    await page.getByTestId('pension-ssn-info-close').click();
    await noWiderThanPhone(page);
    await page.screenshot({ path: `${ARTIFACTS}/pension-entry-375.png`, fullPage: true });
    await noAxeFindings(page, 'pension-entry-375');

    await signIn(page, r);
    await page.waitForURL('**/pension/center');
    expect(await page.getByTestId('pension-greeting').innerText()).toContain(`您好，${r.name}`);
    const masked = await page.getByTestId('pension-id-masked').innerText();
    expect(masked).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    expect(masked).not.toBe(r.registered);
    expect(await page.getByTestId('pension-status').innerText()).toBe('待认证');
    for (const item of ['用户中心', '资格认证', '常用下载', '常见问题']) expect(await page.getByTestId('pension-menu').innerText()).toContain(item);
    await noWiderThanPhone(page);
    await page.screenshot({ path: `${ARTIFACTS}/pension-center-375.png`, fullPage: true });
    await noAxeFindings(page, 'pension-center-375');

    // 进入资格认证 → the six points, word for word → 确定: the capture page by a full page load.
    await page.getByTestId('pension-enter').click();
    const notice = page.getByTestId('pension-notice');
    await waitForText(notice, '您好，在开始资格认证前，请先阅读以下内容：');
    const points = await notice.innerText();
    for (const start of ['一、识别时，请使用白色或红色等纯颜色作为背景', '二、识别时，请您保持平静表情正视识别设备1-5秒左右', '三、识别时，请您不要戴墨镜', '四、识别时如果5秒左右仍未识别出来', '五、识别较慢时', '六、识别处的环境好坏直接决定识别的速度和效果', '（四）识别时应避免处于侧光环境。']) {
      expect(points).toContain(start);
    }
    await page.screenshot({ path: `${ARTIFACTS}/pension-notice-375.png`, fullPage: true });
    await page.getByTestId('pension-notice-ok').click();
    await page.waitForURL('**/pension/certify');
    expect(await allowsCamera(page)).toBe(true);
    expect(await page.getByTestId('face-alternatives').innerText()).toContain('社保经办服务大厅现场认证');
    // The consent says what this face is for: the registry's 建模照片, this year's certification.
    expect(await page.getByTestId('face-consent').innerText()).toContain('完成养老保险待遇领取资格认证');
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'pension-passed', () => server.clock.advance(60_000), { shot: 'pension-capturing-375' });
    await page.screenshot({ path: `${ARTIFACTS}/pension-passed-375.png`, fullPage: true });
    expect(outcome.done, outcome.text).toBe(true);
    expect(outcome.text).toContain('认证成功');

    // The server recorded the pass online, due again in a year; the page says the same day.
    const [row] = await certificationsOf(r);
    expect(row).toMatchObject({ channel: 'online', result: 'passed', reason: null });
    const nextDue = row!.next_due_at!.toISOString();
    expect(new Date(nextDue).getTime() - server.clock.now().getTime()).toBeGreaterThan(360 * 86_400_000);
    expect(await page.getByTestId('pension-next-due').innerText()).toBe(`下次认证截止日期：${shownDay(nextDue)}`);

    await page.getByTestId('pension-to-results').click();
    await page.waitForURL('**/pension/results');
    await waitForText(page.getByTestId('pension-latest-result'), '认证通过');
    expect(await page.getByTestId('pension-latest-channel').innerText()).toBe('网上自助');
    expect(await page.getByTestId('pension-latest-next-due').innerText()).toBe(shownDay(nextDue));
    expect(await page.getByTestId('pension-status').innerText()).toBe('已认证');
    await noWiderThanPhone(page);
    await page.screenshot({ path: `${ARTIFACTS}/pension-results-375.png`, fullPage: true });
    await noAxeFindings(page, 'pension-results-375');

    // 【退出】 ends the retiree's session: 用户中心 is no longer shown.
    await page.getByTestId('pension-sign-out').click();
    await page.waitForURL('**/pension');
    await page.goto(`${server.url}/pension/center`);
    await page.getByTestId('pension-signed-out').waitFor();
    await context.close();
  });

  it('a retiree with a suspended benefit signs in and is told, with the seed\'s words, that they cannot be certified — also on the capture page', async () => {
    const r = await retiree({ benefit: '暂停', name: '黄秀英' });
    const page = await (await launchPlainPage()).newPage();
    await signIn(page, r);
    expect(await page.getByTestId('pension-ineligible').innerText()).toContain(INELIGIBLE);
    expect(await page.getByTestId('pension-enter').count()).toBe(0);
    await page.goto(`${server.url}/pension/certify`);
    await waitForText(page.getByTestId('pension-ineligible'), INELIGIBLE);
    expect(await page.getByTestId('face-consent').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/pension-ineligible-375.png`, fullPage: true });
    await page.context().close();
  });

  it('a retiree who has used up today\'s online attempts is shown the other channels, not a camera', async () => {
    const r = await retiree({ name: '吴淑贞' });
    const page = await (await launchPlainPage()).newPage();
    await signIn(page, r);
    expect(await page.getByTestId('pension-enter').count()).toBe(1);
    // Each 确定 → 同意 starts an attempt on the server: started until the server says the day's limit is reached.
    const statuses = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/csrf')).json()) as { csrfToken: string };
      const seen: number[] = [];
      for (let i = 0; i < 20 && !seen.includes(429); i++) {
        const res = await fetch('/api/pension/certification/capture', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken }, body: JSON.stringify({ consent: true }) });
        seen.push(res.status);
      }
      return seen;
    });
    expect(statuses.at(-1), JSON.stringify(statuses)).toBe(429);
    await page.reload();
    await waitForText(page.getByTestId('pension-no-attempts'), '今天的网上认证次数已用完');
    const channels = await page.getByTestId('pension-channels').innerText();
    for (const c of ['社保经办服务大厅现场认证', '社区上门认证', '手机APP认证']) expect(channels).toContain(c);
    expect(await page.getByTestId('pension-enter').count()).toBe(0);
    await page.goto(`${server.url}/pension/certify`);
    await page.getByTestId('pension-no-attempts').waitFor();
    expect(await page.getByTestId('face-consent').count()).toBe(0);
    await page.context().close();
  });

  it('a stranger\'s face turning as asked fails with the seed\'s second message, offers 重新认证 and the other channels, and is recorded', async () => {
    const r = await retiree({ name: '梁志明' });
    const page = await (await followingContext('b')).newPage();
    await signIn(page, r);
    await page.goto(`${server.url}/pension/certify`);
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'pension-passed', () => server.clock.advance(60_000));
    expect(outcome).toEqual({ done: false, text: NO_MATCH });
    expect(await page.getByTestId('face-retry').innerText()).toContain('重新认证');
    const channels = await page.getByTestId('pension-channels').innerText();
    for (const c of ['社保经办服务大厅现场认证', '社区上门认证', '手机APP认证']) expect(channels).toContain(c);
    await page.screenshot({ path: `${ARTIFACTS}/pension-no-match-375.png`, fullPage: true });
    expect(await certificationsOf(r)).toMatchObject([{ channel: 'online', result: 'failed', reason: 'no_match' }]);
    await page.goto(`${server.url}/pension/results`);
    await waitForText(page.getByTestId('pension-latest-result'), '认证未通过');
    await page.context().close();
  });

  it('a photo held still fails with the seed\'s first message', async () => {
    const r = await retiree({ name: '何丽华' });
    const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${stillVideo('a', join(dir, 'still-a.y4m'))}`]);
    browsers.push(browser);
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
    await signIn(page, r);
    await page.goto(`${server.url}/pension/certify`);
    await agreeToFace(page);
    const outcome = await captureAndWait(page, 'pension-passed', () => server.clock.advance(60_000), { prompt: true });
    expect(outcome).toEqual({ done: false, text: ACTIONS_NOT_DONE });
    expect(await certificationsOf(r)).toMatchObject([{ result: 'failed', reason: 'actions_not_done' }]);
    await page.context().close();
  });
});

describe('养老待遇资格认证 · signing in', () => {
  it('an HK/MO/TW code (粤人社发[2014]234号) signs in as typed — spaces and any case — with an English name as registered', async () => {
    const r = await retiree({ name: 'CHAN Tai Man', registered: 'HKG0A1234567', ssn: 'hkg 0 a1234567', kind: 'hkmotw_code', region: '广州市天河区' });
    const page = await (await launchPlainPage()).newPage();
    await submitSignIn(page, 'chan tai man', r.ssn);
    await waitForText(page.getByTestId('pension-welcome'), '欢迎回来');
    const masked = await page.getByTestId('pension-id-masked').innerText();
    expect(masked.startsWith('HKG')).toBe(true);
    expect(masked).toContain('*');
    expect(masked).not.toContain('A123');
    // The same page in English, still no wider than the phone.
    await page.getByTestId('lang-switch').click();
    await waitForText(page.getByTestId('pension-welcome'), 'Welcome back, CHAN Tai Man.');
    expect(await page.getByTestId('pension-menu').innerText()).toContain('Certification');
    await noWiderThanPhone(page);
    await page.context().close();
  });

  it('an unknown number and a wrong name get the same uniform answer; a malformed number is told its format', async () => {
    const known = await retiree({ name: '郑美玲' });
    const page = await (await launchPlainPage()).newPage();
    await submitSignIn(page, '郑美玲', newPerson().idNumber);
    await waitForText(page.getByTestId('pension-alert'), NOT_REGISTERED);
    await page.screenshot({ path: `${ARTIFACTS}/pension-not-registered-375.png`, fullPage: true });
    await submitSignIn(page, '郑美', known.ssn);
    await waitForText(page.getByTestId('pension-alert'), NOT_REGISTERED);
    expect(await page.getByTestId('pension-alert').innerText()).toBe(NOT_REGISTERED);
    // A check digit that does not match: the format, not the registry, answers.
    const bad = `${known.ssn.slice(0, 17)}${known.ssn.endsWith('0') ? '1' : '0'}`;
    await submitSignIn(page, '郑美玲', bad);
    await waitForText(page.locator('.ant-form-item-explain-error, [data-testid="pension-alert"]'), '社会保障号码格式不正确');
    expect(page.url()).toMatch(/\/pension$/);
    await page.context().close();
  });

  it('已登录统一身份认证？直接进入: a signed-in person whose ID is a retiree\'s goes straight to 用户中心', async () => {
    const person = newPerson();
    await register(new Agent(server.url), person);
    await retiree({ name: person.name, ssn: person.idNumber, registered: person.idNumber });
    const page = await (await launchPlainPage()).newPage();
    await signInByPassword(page, server.url, person.username, person.password);
    await page.goto(`${server.url}/pension`);
    await page.getByTestId('pension-sso').click();
    await waitForText(page.getByTestId('pension-welcome'), `欢迎回来，${person.name}。`);
    await page.context().close();
  });
});

describe('养老待遇资格认证 · service-hall staff', () => {
  it('staff look a retiree up, record a 现场 certification, and see the figures as charts with the CSV; the retiree sees 现场 in 认证结果查询', async () => {
    const r = await retiree({ name: '罗建华', region: '广州市海珠区' });
    const staff = newPerson();
    await register(new Agent(server.url), staff);
    const row = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', staff.username).executeTakeFirstOrThrow();
    await server.ctx.db.insertInto('staff_roles').values({ account_id: row.id, role: 'staff', granted_at: new Date(), granted_by: 'test' }).execute();
    const context = await (await plainBrowser()).newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await signInByPassword(page, server.url, staff.username, staff.password);
    await page.goto(`${server.url}/staff/pension`);
    await page.getByTestId('staff-pension-ssn').fill(r.ssn);
    await page.getByTestId('staff-pension-lookup').click();
    await waitForText(page.getByTestId('staff-pension-retiree-name'), r.name);
    await page.getByTestId('staff-pension-channel-counter').click();
    await page.getByTestId('staff-pension-place').fill('海珠区社保经办服务大厅3号窗口');
    await page.getByTestId('staff-pension-document').click();
    await page.getByTestId('staff-pension-record').click();
    await waitForText(page.getByTestId('staff-pension-recorded'), '认证已记录');
    expect(await certificationsOf(r)).toMatchObject([{ channel: 'counter', result: 'passed' }]);
    await waitForText(page.getByTestId('staff-pension-retiree').getByTestId('pension-status'), '已认证');
    // The figures: two charts drawn (SVG), the region among them, and the CSV of the same range.
    const regions = page.getByTestId('pension-chart-regions');
    await regions.locator('svg').first().waitFor();
    await waitForText(regions, '广州市海珠区');
    await page.getByTestId('pension-chart-daily').locator('svg').first().waitFor();
    const href = await page.getByTestId('staff-pension-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/staff\/pension\/figures\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), firstByte: new Uint8Array(await res.arrayBuffer())[0] };
    }, href!);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.firstByte).toBe(0xef);
    await page.screenshot({ path: `${ARTIFACTS}/pension-staff.png`, fullPage: true });
    await noAxeFindings(page, 'pension-staff');
    await context.close();

    const retireePage = await (await launchPlainPage()).newPage();
    await signIn(retireePage, r);
    await retireePage.goto(`${server.url}/pension/results`);
    await waitForText(retireePage.getByTestId('pension-latest-channel'), '现场');
    expect(await retireePage.getByTestId('pension-latest-result').innerText()).toContain('认证通过');
    await retireePage.context().close();
  });
});
