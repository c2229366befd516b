/**
 * Sandbox retirees (issue 14): generated rows of the registry (valid GB 11643 numbers of Guangdong,
 * a few 234号 codes), written through the same import as a real export, with 建模照片 taken from
 * the face images shipped in npm packages (src/connectors/face/portraits.ts, person 'a'). Used by
 * `shenfen pension seed --count N`, the demo and the benchmark.
 */
import type { AppContext } from '../context.js';
import { portraitImage } from '../connectors/face/portraits.js';
import { gb11643CheckDigit } from '../domain/index.js';
import { importRetirees, type ImportReport } from './import.js';

/** 参保地区 and their address codes. */
const REGIONS: [string, string][] = [
  ['广州市', '440106'],
  ['深圳市', '440304'],
  ['佛山市', '440604'],
  ['东莞市', '441900'],
  ['珠海市', '440402'],
  ['汕头市', '440507'],
];
const SURNAMES = '李王张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁';
const GIVEN = ['秀英', '桂兰', '建国', '国华', '淑珍', '志强', '玉梅', '德明', '丽华', '振华', '文忠', '美玲', '永康', '少芬', '伟雄'];

/** An 18-character resident ID with its check character. */
export function residentId(address: string, birth: string, seq: number): string {
  const first17 = `${address}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckDigit(first17);
}

export interface SandboxRetiree {
  name: string;
  ssn: string;
  idKind: 'resident_id' | 'hkmotw_code' | 'registered';
  region: string;
  benefitStatus: 'normal' | 'suspended' | 'stopped';
  survivalStatus: 'alive' | 'abnormal';
  /** `YYYY-MM-DD` or ''. */
  lastCertified: string;
}

/** The demo's retirees: one to sign in with (photo 'a'), one with a suspended benefit, one with a 234号 code (photo 'a'). */
export const DEMO_RETIREES = {
  normal: { name: '李秀英', ssn: residentId('440106', '19520314', 28), idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' },
  suspended: { name: '王建国', ssn: residentId('440304', '19480702', 13), idKind: 'resident_id', region: '深圳市', benefitStatus: 'suspended', survivalStatus: 'alive', lastCertified: '' },
  hkmotw: { name: 'CHAN Tai Man', ssn: 'HKG0A1234567', idKind: 'hkmotw_code', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: '' },
} as const satisfies Record<string, SandboxRetiree>;

/** `count` generated retirees, the same for the same `seed`: mostly normal, some due or overdue, a few ineligible or with a 234号 code. */
export function generateRetirees(count: number, seed = 1, today: Date = new Date()): SandboxRetiree[] {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: reproducible, not for secrets.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
  const out: SandboxRetiree[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const [region, address] = REGIONS[Math.floor(next() * REGIONS.length)]!;
    const birth = `${1940 + Math.floor(next() * 26)}${String(1 + Math.floor(next() * 12)).padStart(2, '0')}${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const hk = next() < 0.02;
    const ssn = hk ? `${['HKG', 'MAC', 'TWN'][i % 3]}0${String(10_000_000 + Math.floor(next() * 89_999_999))}` : residentId(address, birth, Math.floor(next() * 1000));
    if (seen.has(ssn)) continue;
    seen.add(ssn);
    const r = next();
    // A last pass 0–14 months ago for most; none (待认证) for a tenth.
    const months = r < 0.1 ? null : Math.floor(next() * 14);
    const last = months === null ? '' : new Date(today.getTime() - months * 30.4 * 86_400_000 - next() * 20 * 86_400_000).toISOString().slice(0, 10);
    out.push({
      name: `${SURNAMES[Math.floor(next() * SURNAMES.length)]}${GIVEN[Math.floor(next() * GIVEN.length)]}`,
      ssn,
      idKind: hk ? 'hkmotw_code' : 'resident_id',
      region,
      benefitStatus: r > 0.985 ? 'suspended' : r > 0.98 ? 'stopped' : 'normal',
      survivalStatus: r > 0.975 && r <= 0.98 ? 'abnormal' : 'alive',
      lastCertified: last,
    });
  }
  return out;
}

/** The registry export's CSV of these retirees (the header the import reads). */
export function retireesCsv(rows: readonly SandboxRetiree[]): string {
  const lines = ['姓名,社会保障号码,证件类型,参保地区,待遇状态,生存状态,上次认证日期'];
  for (const r of rows) lines.push([r.name, r.ssn, r.idKind, r.region, r.benefitStatus, r.survivalStatus, r.lastCertified].join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Imports `count` generated retirees; the first `withPhotos` (default up to 20: a photo is tens of
 * KB) get portrait 'a' as their 建模照片.
 */
export async function seedRetirees(ctx: AppContext, count: number, opts: { seed?: number; withPhotos?: number; extra?: readonly SandboxRetiree[] } = {}): Promise<{ report: ImportReport; rows: SandboxRetiree[] }> {
  const rows = [...(opts.extra ?? []), ...generateRetirees(count, opts.seed ?? 1, ctx.clock.now())];
  const photo = await portraitImage('a');
  const withPhotos = Math.min(rows.length, opts.withPhotos ?? 20);
  const photos = new Map(rows.slice(0, withPhotos).map((r) => [r.ssn, new Uint8Array(photo)] as const));
  const report = await importRetirees(ctx, { csv: retireesCsv(rows), photos }, 'sandbox');
  return { report, rows };
}

/**
 * The demo's retirees (`npm start`): the demo person (certified 11½ months ago: 即将到期, single
 * sign-on from their account works) and DEMO_RETIREES, all with portrait 'a' but the suspended one.
 * Importing again only updates them.
 */
export async function seedDemoRetirees(ctx: AppContext, person: { name: string; idNumber: string }): Promise<ImportReport> {
  const last = new Date(ctx.clock.now().getTime() - 350 * 86_400_000).toISOString().slice(0, 10);
  const rows: SandboxRetiree[] = [
    { name: person.name, ssn: person.idNumber, idKind: 'resident_id', region: '广州市', benefitStatus: 'normal', survivalStatus: 'alive', lastCertified: last },
    DEMO_RETIREES.normal,
    DEMO_RETIREES.suspended,
    DEMO_RETIREES.hkmotw,
  ];
  const photo = new Uint8Array(await portraitImage('a'));
  const photos = new Map([person.idNumber, DEMO_RETIREES.normal.ssn, DEMO_RETIREES.hkmotw.ssn].map((ssn) => [ssn, photo] as const));
  return importRetirees(ctx, { csv: retireesCsv(rows), photos }, 'demo');
}
