/**
 * The pieces of the fuzz suite (test/integration/fuzz.test.ts): a seeded random source, valid
 * samples drawn from a route's zod schemas, the broken values and bodies made from them, raw
 * requests that may carry any bytes, and the row counts of every table.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { TestServer } from './server.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(next() * xs.length)]!;
    },
    /** `n` distinct items of `xs`, in their order. */
    sample<T>(xs: readonly T[], n: number): T[] {
      if (n >= xs.length) return [...xs];
      const idx = new Set<number>();
      while (idx.size < n) idx.add(Math.floor(next() * xs.length));
      return xs.filter((_, i) => idx.has(i));
    },
  };
}
export type Rng = ReturnType<typeof rng>;

// ---------------------------------------------------------------------------------------------
// Valid samples from zod schemas

type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as any)._zod.def as Def;
const bagOf = (s: z.ZodType): Record<string, any> => ((s as any)._zod.bag ?? {}) as Record<string, any>;

const passes = (schema: z.ZodType, value: unknown) => {
  try {
    return schema.safeParse(value).success;
  } catch {
    return false;
  }
};

/**
 * A valid value for `schema`. Fields whose rule a type cannot show (a phone, an ID number, a
 * captcha) take the first of the values `known` lists for their name that the field's schema
 * accepts; the suite checks every sample against its schema, so a new field with such a rule
 * fails there, naming the field to add.
 */
export function sampleOf(schema: z.ZodType, known: Record<string, readonly unknown[]>, key = ''): unknown {
  const candidate = known[key]?.find((v) => passes(schema, v));
  if (candidate !== undefined) return candidate;
  const def = defOf(schema);
  const bag = bagOf(schema);
  const format = bag.format ?? def.format;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const value = sampleOf(v, known, k);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case 'string': {
      const min = typeof bag.minimum === 'number' ? bag.minimum : 1;
      if (format === 'email') return 'fuzz@example.com';
      if (format === 'url') return 'https://example.com/';
      if (format === 'uuid' || format === 'guid') return '00000000-0000-4000-8000-000000000000';
      if (format === 'datetime') return '2099-01-01T00:00:00Z';
      if (format === 'date') return '2099-01-01';
      return 'a'.repeat(Math.max(min, 1));
    }
    case 'number':
    case 'int':
      return typeof bag.minimum === 'number' && Number.isFinite(bag.minimum) ? bag.minimum : 1;
    case 'boolean':
      return true;
    case 'literal':
      return def.values[0];
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'array': {
      const min = typeof bag.length === 'number' ? bag.length : typeof bag.minimum === 'number' ? bag.minimum : 1;
      return Array.from({ length: Math.max(min, 1) }, () => sampleOf(def.element, known));
    }
    case 'tuple':
      return (def.items as z.ZodType[]).map((i) => sampleOf(i, known));
    case 'union':
      return sampleOf(def.options[0], known, key);
    case 'intersection':
      return { ...(sampleOf(def.left, known) as object), ...(sampleOf(def.right, known) as object) };
    case 'pipe': {
      // A rule on the output (`text(64).pipe(z.string().min(2))`) may need the output's sample.
      const a = sampleOf(def.in, known, key);
      if (passes(schema, a)) return a;
      const b = sampleOf(def.out, known, key);
      return passes(schema, b) ? b : a;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return sampleOf(def.innerType, known, key);
    case 'lazy':
      return sampleOf(def.getter(), known, key);
    case 'record':
      return {};
    case 'null':
      return null;
    default:
      return 'a';
  }
}

// ---------------------------------------------------------------------------------------------
// Broken values

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Control characters in text: PostgreSQL refuses 0x00 in text columns. */
export const CONTROL = ['ab\u0000cd', '\u0000', 'a\u0007b', '\u001b[2Ja', 'a\r\nb', 'a\u007fb', 'a\u0085b', 'a\u0008b'];

/** A name and a broken value made from a valid one. */
export interface Mutation {
  name: string;
  value: unknown;
}

/** Values of the wrong JSON type for `valid`, and the edge of each type. */
function wrongTypes(valid: unknown): Mutation[] {
  const all: Mutation[] = [
    { name: 'null', value: null },
    { name: 'string', value: 'fuzz' },
    { name: 'number', value: 1 },
    { name: 'boolean', value: true },
    { name: 'array', value: [] },
    { name: 'object', value: {} },
  ];
  const type = valid === null ? 'null' : Array.isArray(valid) ? 'array' : typeof valid === 'object' ? 'object' : typeof valid;
  return all.filter((m) => m.name !== type);
}

/** Every broken value this suite knows for a field whose valid value is `valid`. */
export function mutationsOf(valid: unknown): { core: Mutation[]; pool: Mutation[] } {
  const core = wrongTypes(valid);
  const pool: Mutation[] = [
    { name: 'number 0', value: 0 },
    { name: 'number -1', value: -1 },
    { name: 'number 1.5', value: 1.5 },
    { name: 'number 2^31', value: 2 ** 31 },
    { name: 'number 2^53+2', value: 2 ** 53 + 2 },
    { name: 'number -2^53', value: -(2 ** 53) },
    { name: 'number 1e308', value: 1e308 },
    { name: 'number 5e-324', value: 5e-324 },
    { name: 'string "1"', value: '1' },
    { name: 'string "true"', value: 'true' },
    { name: 'array of valid', value: [valid] },
    { name: 'operator object', value: { $gt: '' } },
    { name: 'nested arrays 500', value: JSON.parse('['.repeat(500) + ']'.repeat(500)) },
    { name: 'nested objects 200', value: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)) },
  ];
  if (typeof valid === 'string' || valid === undefined) {
    const s = typeof valid === 'string' ? valid : 'abc';
    pool.push(
      { name: 'empty', value: '' },
      { name: 'spaces', value: '   ' },
      { name: 'long 5000', value: s + 'x'.repeat(5000) },
      { name: 'full-width', value: fullWidth(s) },
      { name: 'zero-width inside', value: s.slice(0, 1) + '\u200b' + s.slice(1) },
      { name: 'zero-width joiner', value: s + '\u200d' },
      { name: 'RTL override', value: '\u202e' + s },
      { name: 'RTL text', value: 'مرحبا' + s },
      { name: 'combining marks', value: s + '\u0301\u0302\u0303' },
      { name: 'BOM', value: '\ufeff' + s },
      { name: 'emoji', value: s + '👨‍👩‍👧' },
      { name: 'lone surrogate', value: s + '\ud800' },
      { name: 'non-characters', value: s + '\uffff\ufffe' },
      { name: 'ligature', value: 'ﬁ' + s },
      { name: 'NUL', value: s + '\u0000' },
      { name: 'NUL inside', value: s.slice(0, 1) + '\u0000' + s.slice(1) },
      ...CONTROL.slice(2).map((c) => ({ name: `control ${JSON.stringify(c)}`, value: c })),
      { name: 'html', value: `<script>alert(1)</script>${s}` },
      { name: 'sql', value: `${s}' or '1'='1` },
      { name: 'percent', value: `${s}%00%ff` },
    );
  }
  return { core, pool };
}

/** Whole bodies that are broken before any field is read: raw text (or bytes) and a content type. */
export interface RawBody {
  name: string;
  body: string | Buffer;
  type?: string;
}

export function brokenBodies(valid: unknown, limit: number): RawBody[] {
  const json = JSON.stringify(valid ?? {});
  const withBadBytes = Buffer.concat([Buffer.from(json.slice(0, -1) + ',"x":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  return [
    { name: 'no body, JSON type', body: '', type: 'application/json' },
    { name: 'null', body: 'null' },
    { name: 'array', body: '[]' },
    { name: 'string', body: '"x"' },
    { name: 'number', body: '1' },
    { name: 'truncated JSON', body: json.slice(0, -1) },
    { name: 'NaN', body: '{"a":NaN}' },
    { name: 'trailing garbage', body: json + 'x' },
    { name: 'duplicate keys', body: json.slice(0, -1) + (json === '{}' ? '' : ',') + '"a":1,"a":2}' },
    { name: 'invalid UTF-8', body: withBadBytes },
    { name: 'UTF-16 body', body: Buffer.from(json, 'utf16le'), type: 'application/json; charset=utf-16' },
    { name: 'BOM before JSON', body: '\ufeff' + json },
    { name: '__proto__', body: json.slice(0, -1) + (json === '{}' ? '' : ',') + '"__proto__":{"admin":true}}' },
    { name: 'constructor.prototype', body: json.slice(0, -1) + (json === '{}' ? '' : ',') + '"constructor":{"prototype":{"admin":true}}}' },
    { name: 'deep nesting 8000', body: '['.repeat(8000) + ']'.repeat(8000) },
    { name: 'over the body limit', body: JSON.stringify({ a: 'x'.repeat(limit + 1) }) },
    { name: 'text/plain', body: json, type: 'text/plain' },
    { name: 'form-encoded', body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
    { name: 'multipart', body: '--b\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', type: 'multipart/form-data; boundary=b' },
    { name: 'XML', body: '<a>1</a>', type: 'application/xml' },
    { name: 'JSON with odd charset', body: json, type: 'application/json; charset=latin1' },
    { name: 'bad content type', body: json, type: 'application/json;;;==' },
  ];
}

/** Broken values for a path parameter (sent percent-encoded where they must be). */
export const PARAM_VALUES: Mutation[] = [
  { name: 'long 200', value: 'a'.repeat(200) },
  { name: 'NUL', value: '%00' },
  { name: 'control', value: '%07%1b' },
  { name: 'invalid UTF-8', value: '%ff%fe' },
  { name: 'broken escape', value: '%E0%A4%A' },
  { name: 'traversal', value: '..%2F..%2Fetc' },
  { name: 'full-width', value: encodeURIComponent('１２３') },
  { name: 'RTL override', value: encodeURIComponent('\u202eabc') },
  { name: 'zero-width', value: encodeURIComponent('a\u200bb') },
  { name: 'spaces', value: '%20%20' },
  { name: 'uuid upper', value: 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF' },
  { name: 'number edge', value: '9007199254740993' },
];

// ---------------------------------------------------------------------------------------------
// Requests and answers

export interface Answer {
  status: number;
  type: string;
  text: string;
  location: string | null;
  /** The set-cookie headers: a refused request may still rotate nothing but must not sign in. */
  cookies: string[];
}

export interface Caller {
  cookie?: string;
  csrf?: string;
  headers?: Record<string, string>;
}

/** One request with any body bytes and headers; it must answer within `timeoutMs`. */
export async function send(base: string, method: string, path: string, caller: Caller, body?: string | Buffer, type?: string, timeoutMs = 15_000): Promise<Answer> {
  const headers: Record<string, string> = { 'accept-language': 'zh-CN', ...caller.headers };
  if (caller.cookie) headers.cookie = caller.cookie;
  if (caller.csrf && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = caller.csrf;
  if (body !== undefined && type !== undefined) headers['content-type'] = type;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined || method === 'GET' || method === 'HEAD' ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((err: unknown) => {
    throw new Error(`${method} ${path.slice(0, 200)} (${type ?? 'no type'}, ${body === undefined ? 0 : body.length} bytes): ${(err as Error).message} ${String((err as { cause?: unknown }).cause ?? '')}`);
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, location: res.headers.get('location'), cookies: res.headers.getSetCookie() };
}

// ---------------------------------------------------------------------------------------------
// Row counts

/**
 * The tables a statement may add rows to or remove rows from (`insert into x`, `delete from x`, a
 * CTE doing either); '*' for a delete, which may cascade. Updates keep counts, so they are not listed.
 */
export function tablesCountedBy(statement: string): string[] {
  const out: string[] = [];
  for (const m of statement.matchAll(/\b(insert\s+into|delete\s+from|truncate)\s+"?(\w+)"?/gi)) {
    out.push(m[1]!.toLowerCase().startsWith('insert') ? m[2]! : '*');
  }
  return out;
}

/** `table → rows` for every table of the server's schema. */
export async function rowCounts(server: TestServer, tables: string[], counted: Record<string, string> = {}): Promise<Record<string, number>> {
  const parts = tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"${counted[t] ? ` where ${counted[t]}` : ''}`);
  const res = await sql<{ t: string; n: number }>`${sql.raw(parts.join(' union all '))}`.execute(server.ctx.db);
  return Object.fromEntries(res.rows.map((r) => [r.t, Number(r.n)]));
}

export async function tablesOf(server: TestServer): Promise<string[]> {
  const res = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(server.ctx.db);
  return res.rows.map((r) => r.table_name);
}

/** The tables whose counts differ: `{ table: [before, after] }`. */
export function changed(before: Record<string, number>, after: Record<string, number>, except: readonly string[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [t, n] of Object.entries(before)) if (!except.includes(t) && after[t] !== n) out[t] = [n, after[t]!];
  return out;
}
