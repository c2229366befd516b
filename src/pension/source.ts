/**
 * Pulling the retiree registry from the social-insurance system (issue 14): a source answers pages
 * of the same export the import reads (CSV text, photos by number) with a cursor to the next page.
 * Two sources: the sandbox (generated retirees, src/pension/sandbox.ts) and the signed HTTP bridge —
 * the protocol of the real-name bridge (docs/connectors.md: HMAC-SHA256 over method, path,
 * timestamp, nonce and body hash; the answer signed, echoing the nonce). `pullRegistry` gathers
 * every page, then imports all of it or nothing (src/pension/import.ts).
 *
 *   POST {base}/v1/pension/retirees  { cursor: '' | '<next>' }
 *   → 200 { csv: string, photos: [{ ssn, jpeg: base64 }], next: string | null }
 */
import type { AppContext } from '../context.js';
import { HEADER, postSigned, signResponse, verifySignedRequest, type SignedClientOptions, type VerifyOptions } from '../connectors/realname/signing.js';
import { importRetirees, MAX_PHOTO_BYTES, type ImportReport } from './import.js';
import { normaliseSsn } from './registry.js';
import { retireesCsv, type SandboxRetiree } from './sandbox.js';

export const REGISTRY_PAGE_PATH = '/v1/pension/retirees';
/** More pages than this is a source gone wrong: the pull stops as unavailable. */
const MAX_PAGES = 10_000;

export interface RegistryPage {
  /** The page's rows as the export's CSV, with its header. */
  csv: string;
  photos: { ssn: string; jpeg: string }[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

export interface PensionRegistrySource {
  /** A page, or null when the source did not answer well (unreachable, unsigned, malformed). */
  page(cursor: string | null): Promise<RegistryPage | null>;
}

/** A page as JSON, checked: the right types, photos in base64 and of a sane size. */
function parsePage(json: unknown): RegistryPage | null {
  if (typeof json !== 'object' || json === null) return null;
  const { csv, photos, next } = json as Record<string, unknown>;
  if (typeof csv !== 'string' || !Array.isArray(photos) || !(next === null || (typeof next === 'string' && next.length > 0 && next.length <= 256))) return null;
  const checked: RegistryPage['photos'] = [];
  for (const p of photos) {
    const { ssn, jpeg } = (p ?? {}) as Record<string, unknown>;
    if (typeof ssn !== 'string' || ssn.length > 40 || typeof jpeg !== 'string' || jpeg.length > Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(jpeg)) return null;
    checked.push({ ssn, jpeg });
  }
  return { csv, photos: checked, next };
}

/** The signed HTTP bridge. */
export function createHttpRegistrySource(opts: SignedClientOptions): PensionRegistrySource {
  return { page: async (cursor) => parsePage(await postSigned(opts, REGISTRY_PAGE_PATH, { cursor: cursor ?? '' })) };
}

/** The sandbox: these retirees, `pageSize` a page, each with `photo` when given. */
export function createSandboxRegistrySource(rows: readonly SandboxRetiree[], opts: { pageSize?: number; photo?: Uint8Array } = {}): PensionRegistrySource {
  const size = opts.pageSize ?? 500;
  return {
    async page(cursor) {
      const start = cursor === null ? 0 : Number(cursor);
      if (!Number.isInteger(start) || start < 0) return null;
      const slice = rows.slice(start, start + size);
      const photo = opts.photo ? Buffer.from(opts.photo).toString('base64') : null;
      return { csv: retireesCsv(slice), photos: photo ? slice.map((r) => ({ ssn: r.ssn, jpeg: photo })) : [], next: start + size < rows.length ? String(start + size) : null };
    },
  };
}

/** Every page, then one import: all or nothing. A source that fails midway writes nothing (`unavailable`). */
export async function pullRegistry(ctx: AppContext, source: PensionRegistrySource, actor: string): Promise<ImportReport | 'unavailable'> {
  let header: string | null = null;
  const lines: string[] = [];
  const photos = new Map<string, Uint8Array>();
  let cursor: string | null = null;
  for (let n = 0; ; n++) {
    if (n >= MAX_PAGES) return 'unavailable';
    const page = await source.page(cursor);
    if (!page) return 'unavailable';
    const [first, ...rest] = page.csv.replace(/^\uFEFF/u, '').split(/\r?\n/u);
    if (first !== undefined && first.trim() !== '') {
      header ??= first;
      if (first !== header) return 'unavailable';
    }
    lines.push(rest.join('\n'));
    for (const p of page.photos) photos.set(normaliseSsn(p.ssn), new Uint8Array(Buffer.from(p.jpeg, 'base64')));
    if (page.next === null) break;
    cursor = page.next;
  }
  // The pages' rows as sent (a quoted field may hold a line break), under the one header.
  const csv = `${header ?? ''}\n${lines.join('\n')}\n`;
  return importRetirees(ctx, { csv, photos }, actor);
}

/**
 * The bridge side: verifies a signed request, asks `source`, signs the answer (401 for a request
 * that fails verification, 502 when the source does not answer).
 */
export async function answerRegistryPage(
  req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
  source: PensionRegistrySource,
  opts: VerifyOptions & { keyId: string; secret: string },
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const verified = await verifySignedRequest(req, opts);
  if (!verified.ok) return { status: 401, headers: {}, body: JSON.stringify({ error: verified.reason }) };
  let cursor: string | null;
  try {
    const j = JSON.parse(req.body) as { cursor?: unknown };
    if (typeof j.cursor !== 'string' || j.cursor.length > 256) throw new Error('bad');
    cursor = j.cursor === '' ? null : j.cursor;
  } catch {
    return { status: 400, headers: {}, body: JSON.stringify({ error: 'bad_request' }) };
  }
  const page = await source.page(cursor);
  if (!page) return { status: 502, headers: {}, body: JSON.stringify({ error: 'unavailable' }) };
  const body = JSON.stringify(page);
  const nonce = String(req.headers[HEADER.nonce] ?? '');
  return { status: 200, headers: signResponse({ keyId: opts.keyId, secret: opts.secret, path: req.path, requestNonce: nonce, body, now: opts.now ?? new Date() }), body };
}
