/**
 * Importing the retiree registry from the social-insurance system (issue 14): a CSV (姓名,
 * 社会保障号码, 证件类型, 参保地区, 待遇状态, 生存状态, 上次认证日期) and the 建模照片, a folder or a
 * zip of JPEGs named by number (`440101195001011234.jpg`). Everything is validated first — every
 * problem of every row reported with its line — and only a file without one is written, all of it
 * in one transaction. A number already registered is updated (name, kind, region, statuses; the
 * later of the two certification dates; the photo when one is given).
 *
 *   const report = await importRetirees(ctx, { csv, photos: await readPhotos('photos.zip') }, 'cli');
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { HASH_KIND } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { newId } from '../security/tokens.js';
import type { PensionIdKind } from '../shared/api/pension.js';
import { addMonths, nameHash, normaliseSsn, ssnHash, ssnKind } from './registry.js';

/** A photo larger than this is refused (a 建模照片 is a few hundred KB). */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const BATCH = 500;

export interface ImportProblem {
  /** The CSV line (1 = the header), or 0 for a photo. */
  line: number;
  field: string;
  problem: string;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  photos: number;
  /** Nothing was written when there is any. */
  errors: ImportProblem[];
}

/** One validated row. */
export interface RetireeRecord {
  name: string;
  ssn: string;
  idKind: PensionIdKind;
  region: string;
  benefitStatus: 'normal' | 'suspended' | 'stopped';
  survivalStatus: 'alive' | 'abnormal';
  lastCertifiedAt: Date | null;
}

// The columns, by their Chinese header (the social-insurance export) or English name.
const COLUMNS = {
  name: ['姓名', 'name'],
  ssn: ['社会保障号码', 'ssn'],
  idKind: ['证件类型', 'id_kind'],
  region: ['参保地区', 'region'],
  benefit: ['待遇状态', 'benefit_status'],
  survival: ['生存状态', 'survival_status'],
  last: ['上次认证日期', 'last_certified_at'],
} as const;
type Column = keyof typeof COLUMNS;

const ID_KINDS: Record<string, PensionIdKind> = {
  resident_id: 'resident_id', 居民身份证: 'resident_id', 身份证: 'resident_id',
  hkmotw_code: 'hkmotw_code', 港澳台居民个人编码: 'hkmotw_code', 港澳台: 'hkmotw_code', '234号编码': 'hkmotw_code',
  registered: 'registered', 原登记社会保障号码: 'registered', 原登记号码: 'registered',
};
const BENEFIT: Record<string, RetireeRecord['benefitStatus']> = { normal: 'normal', 正常: 'normal', 正常发放: 'normal', suspended: 'suspended', 暂停: 'suspended', 暂停发放: 'suspended', stopped: 'stopped', 终止: 'stopped', 停发: 'stopped', 终止发放: 'stopped' };
const SURVIVAL: Record<string, RetireeRecord['survivalStatus']> = { alive: 'alive', 正常: 'alive', 生存: 'alive', abnormal: 'abnormal', 异常: 'abnormal', 死亡: 'abnormal', 失踪: 'abnormal' };

/** RFC 4180 CSV: quoted fields with "" and line breaks inside, CRLF or LF, a UTF-8 BOM dropped. Each record with its first line. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f !== '')) out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  fields.push(field);
  if (fields.some((f) => f !== '')) out.push({ line: start, fields });
  return out;
}

/** `2025-03-01` (or 2025/3/1) as midnight China time; null for an empty cell; undefined when it is no date. */
function parseDay(raw: string): Date | null | undefined {
  if (raw === '') return null;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d) - 8 * 3600_000);
  const back = new Date(at.getTime() + 8 * 3600_000);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? at : undefined;
}

/** Every row checked; the records of a file without problems, else the problems (all of them). */
export function validateCsv(text: string, now: Date): { records: RetireeRecord[]; errors: ImportProblem[] } {
  const errors: ImportProblem[] = [];
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) return { records: [], errors: [{ line: 1, field: '_', problem: '文件为空' }] };
  const index = {} as Record<Column, number>;
  for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const at = header.fields.findIndex((h) => names.includes(h.trim()));
    if (at < 0 && col !== 'last') errors.push({ line: header.line, field: names[0]!, problem: `缺少列“${names[0]}”` });
    index[col] = at;
  }
  if (errors.length) return { records: [], errors };
  const records: RetireeRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const cell = (c: Column) => (index[c] >= 0 ? (fields[index[c]] ?? '').trim() : '');
    const problem = (field: Column, text: string) => errors.push({ line, field: COLUMNS[field][0], problem: text });
    const before = errors.length;
    const name = cell('name').normalize('NFKC').replace(/\s+/gu, ' ');
    if (name === '') problem('name', '姓名为空');
    else if (name.length > 100) problem('name', '姓名超过100个字符');
    const ssn = normaliseSsn(cell('ssn'));
    const kind = ID_KINDS[cell('idKind')];
    if (!kind) problem('idKind', `证件类型“${cell('idKind')}”无法识别（resident_id / hkmotw_code / registered）`);
    const found = ssn === '' ? null : ssnKind(ssn, now);
    if (ssn === '') problem('ssn', '社会保障号码为空');
    else if (found === null) problem('ssn', '社会保障号码格式不正确（18位居民身份证号码须校验位正确；234号编码为地区代码+预留位+证件号码）');
    else if (kind && found !== kind && !(kind === 'registered' && found === 'hkmotw_code')) problem('ssn', `社会保障号码与证件类型“${cell('idKind')}”不符`);
    if (ssn !== '' && seen.has(ssn)) problem('ssn', `社会保障号码与第${seen.get(ssn)}行重复`);
    else if (ssn !== '') seen.set(ssn, line);
    const region = cell('region');
    if (region === '' || region.length > 50) problem('region', '参保地区为空或超过50个字符');
    const benefit = BENEFIT[cell('benefit')];
    if (!benefit) problem('benefit', `待遇状态“${cell('benefit')}”无法识别（正常 / 暂停 / 终止）`);
    const survival = SURVIVAL[cell('survival')];
    if (!survival) problem('survival', `生存状态“${cell('survival')}”无法识别（正常 / 异常）`);
    const last = parseDay(cell('last'));
    if (last === undefined) problem('last', `上次认证日期“${cell('last')}”不是日期（YYYY-MM-DD）`);
    else if (last && last.getTime() > now.getTime()) problem('last', '上次认证日期晚于今天');
    if (errors.length === before) records.push({ name, ssn, idKind: kind!, region, benefitStatus: benefit!, survivalStatus: survival!, lastCertifiedAt: last ?? null });
  }
  return { records: errors.length ? [] : records, errors };
}

const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const PHOTO_EXT = new Set(['.jpg', '.jpeg']);

/** Photos by normalised number, from a folder or a .zip (files named by number; other files ignored). */
export async function readPhotos(path: string): Promise<Map<string, Uint8Array>> {
  const photos = new Map<string, Uint8Array>();
  if ((await stat(path)).isDirectory()) {
    for (const file of await readdir(path)) {
      if (!PHOTO_EXT.has(extname(file).toLowerCase())) continue;
      photos.set(normaliseSsn(basename(file, extname(file))), new Uint8Array(await readFile(join(path, file))));
    }
    return photos;
  }
  const entries = unzipSync(new Uint8Array(await readFile(path)), {
    filter: (f) => PHOTO_EXT.has(extname(f.name).toLowerCase()) && !f.name.startsWith('__MACOSX/') && f.originalSize <= MAX_PHOTO_BYTES,
  });
  for (const [name, bytes] of Object.entries(entries)) {
    const file = basename(name);
    photos.set(normaliseSsn(basename(file, extname(file))), bytes);
  }
  return photos;
}

/** The photos' problems: not a JPEG, too large, or named by a number the file does not have. */
function checkPhotos(records: readonly RetireeRecord[], photos: ReadonlyMap<string, Uint8Array>): ImportProblem[] {
  const numbers = new Set(records.map((r) => r.ssn));
  const errors: ImportProblem[] = [];
  for (const [ssn, bytes] of photos) {
    if (!numbers.has(ssn)) errors.push({ line: 0, field: '建模照片', problem: `照片“${ssn}”没有对应的社会保障号码行` });
    else if (!isJpeg(bytes)) errors.push({ line: 0, field: '建模照片', problem: `照片“${ssn}”不是JPG图片` });
    else if (bytes.length > MAX_PHOTO_BYTES) errors.push({ line: 0, field: '建模照片', problem: `照片“${ssn}”超过2MB` });
  }
  return errors;
}

/**
 * Writes validated records in one transaction: new numbers inserted, known ones updated. The due
 * date follows the later of the two certification dates.
 */
export async function writeRetirees(ctx: AppContext, records: readonly RetireeRecord[], photos: ReadonlyMap<string, Uint8Array> = new Map()): Promise<{ created: number; updated: number }> {
  const now = ctx.clock.now();
  const months = ctx.config.pension.periodMonths;
  let created = 0;
  await ctx.db.transaction().execute(async (tx) => {
    for (let i = 0; i < records.length; i += BATCH) {
      const rows = records.slice(i, i + BATCH).map((r) => {
        const photo = photos.get(r.ssn);
        return {
          id: newId(),
          ssn_hash: ssnHash(ctx, r.ssn),
          ssn_enc: ctx.vault.encrypt(r.ssn),
          name_enc: ctx.vault.encrypt(r.name),
          name_hash: nameHash(ctx, r.name),
          person_id_hash: r.idKind === 'resident_id' ? ctx.vault.lookupHash(HASH_KIND.idNumber, r.ssn) : null,
          id_kind: r.idKind,
          region: r.region,
          benefit_status: r.benefitStatus,
          survival_status: r.survivalStatus,
          last_certified_at: r.lastCertifiedAt,
          due_at: r.lastCertifiedAt ? addMonths(r.lastCertifiedAt, months) : null,
          photo_enc: photo ? ctx.vault.encrypt(Buffer.from(photo).toString('base64')) : null,
          imported_at: now,
          updated_at: now,
        };
      });
      const res = await tx
        .insertInto('pension_retirees')
        .values(rows)
        .onConflict((oc) =>
          oc.column('ssn_hash').doUpdateSet({
            name_enc: (eb) => eb.ref('excluded.name_enc'),
            name_hash: (eb) => eb.ref('excluded.name_hash'),
            person_id_hash: (eb) => eb.ref('excluded.person_id_hash'),
            id_kind: (eb) => eb.ref('excluded.id_kind'),
            region: (eb) => eb.ref('excluded.region'),
            benefit_status: (eb) => eb.ref('excluded.benefit_status'),
            survival_status: (eb) => eb.ref('excluded.survival_status'),
            // Ours may be later (a pass since the export): the later date and its due date win.
            last_certified_at: sql`greatest(pension_retirees.last_certified_at, excluded.last_certified_at)`,
            due_at: sql`case when excluded.last_certified_at is not null and (pension_retirees.last_certified_at is null or excluded.last_certified_at > pension_retirees.last_certified_at) then excluded.due_at else pension_retirees.due_at end`,
            photo_enc: sql`coalesce(excluded.photo_enc, pension_retirees.photo_enc)`,
            updated_at: (eb) => eb.ref('excluded.updated_at'),
          }),
        )
        // xmax = 0: the row was inserted, not updated.
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      created += res.filter((r) => r.inserted).length;
    }
  });
  return { created, updated: records.length - created };
}

/** Validates the whole file and its photos, then writes all of it or nothing; audited either way. */
export async function importRetirees(ctx: AppContext, input: { csv: string; photos?: ReadonlyMap<string, Uint8Array> }, actor: string): Promise<ImportReport> {
  const photos = input.photos ?? new Map<string, Uint8Array>();
  const { records, errors } = validateCsv(input.csv, ctx.clock.now());
  if (!errors.length) errors.push(...checkPhotos(records, photos));
  const rows = parseCsv(input.csv).length - 1;
  if (errors.length) {
    await audit(ctx.db, { at: ctx.clock.now(), actor, event: 'pension.import', result: 'failure', detail: { rows, errors: errors.length } });
    return { rows: Math.max(0, rows), created: 0, updated: 0, photos: 0, errors };
  }
  const { created, updated } = await writeRetirees(ctx, records, photos);
  await audit(ctx.db, { at: ctx.clock.now(), actor, event: 'pension.import', result: 'success', detail: { rows: records.length, created, updated, photos: photos.size } });
  return { rows: records.length, created, updated, photos: photos.size, errors: [] };
}
