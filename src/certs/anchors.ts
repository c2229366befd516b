/**
 * The CA anchors operators trust (`shenfen ca add FILE | list | remove FINGERPRINT`, and the console
 * later) and the CRLs they configure (`shenfen ca crl FILE`). Kept in the database, so every node
 * trusts the same CAs; each change is audited.
 */
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { parseCertificate, pemCertificates, type ParsedCertificate } from './certificate.js';
import { parseCrl } from './crl.js';

export interface AnchorRow {
  fingerprint: string;
  subject: string;
  notAfter: Date;
  addedBy: string;
  addedAt: Date;
}

export class AnchorRefused extends Error {}

/** Adds every CA certificate in `input` (PEM bundle or one DER); returns what was added (already present ones are skipped). */
export async function addAnchors(ctx: AppContext, input: Buffer, actor: string): Promise<{ added: AnchorRow[]; present: string[] }> {
  const text = input.toString('latin1');
  const ders = text.includes('-----BEGIN CERTIFICATE-----') ? pemCertificates(text) : [new Uint8Array(input)];
  if (ders.length === 0) throw new AnchorRefused('no certificate in the file');
  const certs = ders.map((d) => parseCertificate(d));
  for (const c of certs) if (!c.ca) throw new AnchorRefused(`not a CA certificate (basicConstraints cA is not set): ${c.subject}`);
  const added: AnchorRow[] = [];
  const present: string[] = [];
  const at = ctx.clock.now();
  for (const c of certs) {
    const res = await sql<{ fingerprint: string }>`
      insert into cert_anchors (fingerprint, subject, subject_raw, der, not_after, added_by, added_at)
      values (${c.fingerprint}, ${c.subject}, ${c.subjectRaw}, ${Buffer.from(c.der)}, ${c.notAfter}, ${actor}, ${at})
      on conflict (fingerprint) do nothing returning fingerprint`.execute(ctx.db);
    if (res.rows.length === 0) {
      present.push(c.fingerprint);
      continue;
    }
    await audit(ctx.db, { at, actor, event: 'cert.anchor_added', result: 'success', subject: c.fingerprint, detail: { subject: c.subject, notAfter: c.notAfter.toISOString() } });
    added.push({ fingerprint: c.fingerprint, subject: c.subject, notAfter: c.notAfter, addedBy: actor, addedAt: at });
  }
  return { added, present };
}

export async function listAnchors(ctx: AppContext): Promise<AnchorRow[]> {
  const res = await sql<{ fingerprint: string; subject: string; not_after: Date; added_by: string; added_at: Date }>`
    select fingerprint, subject, not_after, added_by, added_at from cert_anchors order by added_at, fingerprint`.execute(ctx.db);
  return res.rows.map((r) => ({ fingerprint: r.fingerprint, subject: r.subject, notAfter: new Date(r.not_after), addedBy: r.added_by, addedAt: new Date(r.added_at) }));
}

/** Removes the anchor whose fingerprint starts with `prefix` (at least 8 hex digits, one match); returns its subject. */
export async function removeAnchor(ctx: AppContext, prefix: string, actor: string): Promise<string> {
  const p = prefix.toLowerCase().replace(/:/g, '');
  if (!/^[0-9a-f]{8,64}$/.test(p)) throw new AnchorRefused('give at least 8 hex digits of the fingerprint (shenfen ca list)');
  const found = await sql<{ fingerprint: string; subject: string }>`select fingerprint, subject from cert_anchors where fingerprint like ${`${p}%`}`.execute(ctx.db);
  if (found.rows.length !== 1) throw new AnchorRefused(found.rows.length === 0 ? 'no anchor has that fingerprint' : 'more than one anchor starts so: give more digits');
  const row = found.rows[0]!;
  await sql`delete from cert_anchors where fingerprint = ${row.fingerprint}`.execute(ctx.db);
  await audit(ctx.db, { at: ctx.clock.now(), actor, event: 'cert.anchor_removed', result: 'success', subject: row.fingerprint, detail: { subject: row.subject } });
  return row.subject;
}

/** Every anchor, parsed (a login reads them; there are a handful). */
export async function loadAnchors(ctx: AppContext): Promise<ParsedCertificate[]> {
  const res = await sql<{ der: Uint8Array }>`select der from cert_anchors`.execute(ctx.db);
  const out: ParsedCertificate[] = [];
  for (const r of res.rows) {
    try {
      out.push(parseCertificate(new Uint8Array(r.der)));
    } catch {
      /* an anchor this build cannot read is skipped, never trusted blindly */
    }
  }
  return out;
}

/** A configured CRL (`shenfen ca crl FILE`): kept until a newer one replaces it; verified against its issuer when used. */
export async function addConfiguredCrl(ctx: AppContext, input: Buffer, actor: string): Promise<{ issuer: string; nextUpdate: Date | undefined; revoked: number }> {
  const crl = parseCrl(new Uint8Array(input));
  const at = ctx.clock.now();
  await sql`
    insert into cert_crls (issuer_raw, source, der, this_update, next_update, fetched_at)
    values (${crl.issuerRaw}, 'configured', ${Buffer.from(crl.der)}, ${crl.thisUpdate}, ${crl.nextUpdate ?? null}, ${at})
    on conflict (issuer_raw, source) do update set der = excluded.der, this_update = excluded.this_update, next_update = excluded.next_update, fetched_at = excluded.fetched_at
    where cert_crls.this_update <= excluded.this_update`.execute(ctx.db);
  await audit(ctx.db, { at, actor, event: 'cert.crl_configured', result: 'success', detail: { issuer: crl.issuer, revoked: crl.revoked.size } });
  return { issuer: crl.issuer, nextUpdate: crl.nextUpdate, revoked: crl.revoked.size };
}
