/** Deterministic generator of sandbox enterprises: valid GB 32100 USCCs, names, legal representatives with valid resident IDs. */
import { createHash } from 'node:crypto';
import { gb11643CheckDigit } from '../../domain/gb11643.js';
import { orgCodeCheckChar, usccCheckChar } from '../../domain/uscc.js';

export interface SandboxEnterprise {
  uscc: string;
  name: string;
  legalRepName: string;
  legalRepIdNumber: string;
  status: 'active' | 'revoked';
  note: string | null;
}

const REGIONS: readonly { code: string; city: string }[] = [
  { code: '440106', city: '广州市' },
  { code: '440304', city: '深圳市' },
  { code: '510104', city: '成都市' },
  { code: '110105', city: '北京市' },
  { code: '310115', city: '上海市' },
];
const WORDS = '华信达通明瑞康泰恒远鑫盛安和丰宏兴成永嘉佳联创新汇元';
const TRADES = ['科技有限公司', '商贸有限公司', '建筑工程有限公司', '物流有限公司', '餐饮管理有限公司', '人力资源服务有限公司'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚';
const ORG_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

class Rng {
  private counter = 0;
  constructor(private readonly seed: string) {}
  int(n: number): number {
    const h = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
    return h.readUInt32BE(0) % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  char(s: string): string {
    return s[this.int(s.length)] ?? '';
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

/** A valid USCC from a region code and the 8 characters of an organisation code body. */
export function makeUscc(regionCode: string, orgBody: string, prefix = '91'): string {
  const first17 = prefix + regionCode + orgBody + orgCodeCheckChar(orgBody);
  return first17 + usccCheckChar(first17);
}

function makeIdNumber(rng: Rng, region: string): string {
  const birth = `${1955 + rng.int(45)}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
  const body = region + birth + rng.digits(3);
  return body + gb11643CheckDigit(body);
}

/** The fixed companies of the docs and tests: one that matches, one revoked. */
export function fixedSandboxEnterprises(): SandboxEnterprise[] {
  const demoRep = '44010619800101' + '123';
  return [
    { uscc: makeUscc('440106', 'MA5D0001'), name: '广州市示例科技有限公司', legalRepName: '张三', legalRepIdNumber: demoRep + gb11643CheckDigit(demoRep), status: 'active', note: 'demo: every check matches' },
    { uscc: makeUscc('440106', 'MA5D0002'), name: '广州市已注销商贸有限公司', legalRepName: '李四', legalRepIdNumber: '44010619750505' + '321' + gb11643CheckDigit('44010619750505321'), status: 'revoked', note: 'revoked licence' },
  ];
}

/** `count` generated companies for `seed`; the same seed gives the same companies. */
export function generateSandboxEnterprises(count: number, seed: string | number = 1): SandboxEnterprise[] {
  const rng = new Rng(`shenfen-enterprise:${seed}`);
  const seen = new Set<string>();
  const out: SandboxEnterprise[] = [];
  while (out.length < count) {
    const region = rng.pick(REGIONS);
    let body = 'MA';
    for (let i = 0; i < 6; i++) body += rng.char(ORG_CODE_CHARS);
    const uscc = makeUscc(region.code, body);
    if (seen.has(uscc)) continue;
    seen.add(uscc);
    out.push({
      uscc,
      name: `${region.city}${rng.char(WORDS)}${rng.char(WORDS)}${rng.pick(TRADES)}`,
      legalRepName: rng.char(SURNAMES) + rng.char(GIVEN) + rng.char(GIVEN),
      legalRepIdNumber: makeIdNumber(rng, region.code),
      status: rng.int(20) === 0 ? 'revoked' : 'active',
      note: null,
    });
  }
  return out;
}
