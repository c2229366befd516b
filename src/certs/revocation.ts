/**
 * Revocation of a trusted chain, by CRL: for each certificate below the anchor, a CRL of its issuer
 * that the issuer signed and that is current (thisUpdate ≤ now < nextUpdate) — a configured one, one
 * cached from an earlier fetch, or one fetched now from the certificate's distribution point.
 * Fetching happens ONLY here, after the chain was built to a configured anchor: the URL of an
 * untrusted certificate is never requested (an IdP that did became an SSRF). Fetches are http
 * only (CRLs are signed; TLS adds nothing and a redirect to https or elsewhere is not followed),
 * bounded in time and size, and the result is kept in cert_crls until its nextUpdate for every node.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { ParsedCertificate } from './certificate.js';
import { parseCrl, type ParsedCrl } from './crl.js';

export type RevocationStatus = { status: 'good' } | { status: 'revoked'; fingerprint: string } | { status: 'unknown'; why: string };

/** Fetches a CRL's bytes (tests hand in their own; the default uses http with the configured limits). */
export type CrlFetcher = (url: string, limits: { timeoutMs: number; maxBytes: number }) => Promise<Uint8Array>;

export const httpCrlFetcher: CrlFetcher = async (url, { timeoutMs, maxBytes }) => {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error('only http CRL distribution points are fetched');
  const res = await fetch(u, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/pkix-crl, */*' } });
  if (res.status !== 200 || !res.body) throw new Error(`CRL fetch answered ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error('CRL too large');
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new Error('CRL too large');
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
};

const current = (crl: ParsedCrl, now: Date) => crl.thisUpdate.getTime() <= now.getTime() + 5 * 60_000 && (!crl.nextUpdate || crl.nextUpdate.getTime() > now.getTime());

/** A current CRL of `issuer` that it signed: from the store, else fetched from `urls`; undefined when none could be had. */
async function crlOf(ctx: AppContext, issuer: ParsedCertificate, urls: readonly string[], fetcher: CrlFetcher): Promise<ParsedCrl | undefined> {
  const now = ctx.clock.now();
  const stored = await sql<{ der: Uint8Array }>`
    select der from cert_crls where issuer_raw = ${issuer.subjectRaw} and (next_update is null or next_update > ${now})
    order by this_update desc`.execute(ctx.db);
  for (const row of stored.rows) {
    try {
      const crl = parseCrl(new Uint8Array(row.der));
      if (current(crl, now) && crl.verifyBy(issuer)) return crl;
    } catch {
      /* unusable: try the next */
    }
  }
  if (!ctx.config.certs.crlFetch.enabled) return undefined;
  for (const url of urls) {
    if (!url.startsWith('http://')) continue;
    try {
      const crl = parseCrl(await fetcher(url, ctx.config.certs.crlFetch));
      if (!current(crl, now) || !crl.verifyBy(issuer)) continue;
      await sql`
        insert into cert_crls (issuer_raw, source, der, this_update, next_update, fetched_at)
        values (${crl.issuerRaw}, ${url}, ${Buffer.from(crl.der)}, ${crl.thisUpdate}, ${crl.nextUpdate ?? null}, ${now})
        on conflict (issuer_raw, source) do update set der = excluded.der, this_update = excluded.this_update, next_update = excluded.next_update, fetched_at = excluded.fetched_at
        where cert_crls.this_update <= excluded.this_update`.execute(ctx.db);
      return crl;
    } catch {
      /* unreachable, too slow, too large, not a CRL: the next distribution point */
    }
  }
  return undefined;
}

/** Checks every certificate of a trusted `path` (leaf first, anchor last) except the anchor. */
export async function checkRevocation(ctx: AppContext, path: readonly ParsedCertificate[], fetcher: CrlFetcher = httpCrlFetcher): Promise<RevocationStatus> {
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    const crl = await crlOf(ctx, issuer, cert.crlUrls, fetcher);
    if (!crl) return { status: 'unknown', why: cert.crlUrls.length === 0 ? 'no_crl' : 'crl_unavailable' };
    if (crl.revoked.has(cert.serialHex)) return { status: 'revoked', fingerprint: cert.fingerprint };
  }
  return { status: 'good' };
}
