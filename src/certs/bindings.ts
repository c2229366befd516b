/**
 * Certificate bindings (seed 004 '证书绑定': 单位信息与证书信息匹配): a person's certificate binds to
 * the person whose ID number it carries, an org's to the org whose USCC it carries — per
 * social-security code where the org has several. Bindings are kept by that identifier (a keyed
 * hash), not by serial number, so a renewed certificate of the same person or org keeps signing in.
 * A binding is evidence of L5 (DESIGN.md) until the certificate expires or the binding ends.
 */
import { sql } from 'kysely';
import { HASH_KIND } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import { newId } from '../security/tokens.js';
import { maskIdNumber } from '../domain/mask.js';
import { isUniqueViolation } from '../store/unique.js';
import type { DB } from '../store/db.js';
import type { ParsedCertificate } from './certificate.js';
import type { CertIdentity } from './identity.js';

/** How a USCC is hashed for bindings (orgs keep it in the clear: it is public; the hash keeps one lookup path). */
const USCC_HASH_KIND = 'cert_uscc';
/**
 * A certificate's subject as kept and shown: an ID number in it (serialNumber, a CN like 张三(…))
 * masked as everywhere else (4401**********1234) — the database never holds it in the clear.
 */
export const shownSubject = (subject: string) => subject.replace(/\d{17}[\dXx]/g, (id) => maskIdNumber(id));

/** The evidence method of a bound certificate. */
export const CERT_EVIDENCE_METHOD = 'certificate';

export function identifierHash(ctx: AppContext, identity: CertIdentity): string | undefined {
  if (identity.kind === 'person') return ctx.vault.lookupHash(HASH_KIND.idNumber, identity.idNumber.toUpperCase());
  if (identity.kind === 'org') return ctx.vault.lookupHash(USCC_HASH_KIND, identity.uscc);
  return undefined;
}

export interface BoundAccount {
  accountId: string;
  status: string;
  /** Null when an org signs in directly by its USCC (registered before the switch-over). */
  bindingId: string | null;
}

/** The account a certificate signs in, by its identity: a binding, or for orgs registered before `orgsDirectBefore` the org with that USCC. */
export async function boundAccount(ctx: AppContext, identity: CertIdentity): Promise<BoundAccount | undefined> {
  const hash = identifierHash(ctx, identity);
  if (!hash || identity.kind === 'none') return undefined;
  const res = await sql<{ account_id: string; status: string; id: string }>`
    select b.account_id, a.status, b.id from cert_bindings b join accounts a on a.id = b.account_id
    where b.identifier_hash = ${hash} and b.kind = ${identity.kind} and b.unbound_at is null and a.kind = ${identity.kind}
    order by b.bound_at limit 1`.execute(ctx.db);
  const row = res.rows[0];
  if (row) return { accountId: row.account_id, status: row.status, bindingId: row.id };
  const cutoff = ctx.config.certs.orgsDirectBefore;
  if (identity.kind === 'org' && cutoff) {
    const org = await sql<{ account_id: string; status: string }>`
      select o.account_id, a.status from orgs o join accounts a on a.id = o.account_id
      where o.uscc = ${identity.uscc} and a.created_at < ${cutoff} limit 1`.execute(ctx.db);
    if (org.rows[0]) return { accountId: org.rows[0].account_id, status: org.rows[0].status, bindingId: null };
  }
  return undefined;
}

/** Whether the certificate's identity is the account's own (the person's ID number, the org's USCC). */
async function isOwn(ctx: AppContext, db: DB, accountId: string, kind: 'person' | 'org', identity: CertIdentity): Promise<boolean> {
  if (identity.kind !== kind) return false;
  if (identity.kind === 'person') {
    const res = await sql<{ n: number }>`select 1 as n from persons where account_id = ${accountId}::uuid and id_number_hash = ${identifierHash(ctx, identity)!}`.execute(db);
    return res.rows.length === 1;
  }
  if (identity.kind === 'org') {
    const res = await sql<{ n: number }>`select 1 as n from orgs where account_id = ${accountId}::uuid and uscc = ${identity.uscc}`.execute(db);
    return res.rows.length === 1;
  }
  return false;
}

export interface BindRequest {
  accountId: string;
  accountKind: 'person' | 'org';
  leaf: ParsedCertificate;
  via: 'online' | 'counter';
  /** The account itself (online) or the staff member (counter). */
  boundBy: string;
  /** For an org with several social-security codes: the code this binding is for. */
  ssCode?: string | undefined;
  ip: string | null;
}

export interface BindingView {
  id: string;
  kind: 'person' | 'org';
  subject: string;
  issuer: string;
  serial: string;
  fingerprint: string;
  notAfter: string;
  via: 'online' | 'counter';
  ssCode: string | null;
  boundAt: string;
  lastUsedAt: string | null;
}

/**
 * Binds (or, for the same identity and code, renews) in one transaction: the binding, L5 evidence
 * until the certificate's expiry, and the audit row. Refuses another's certificate (cert.other_owner)
 * and an identity bound to another account (cert.already_bound).
 */
export async function bind(ctx: AppContext, r: BindRequest): Promise<BindingView> {
  const now = ctx.clock.now();
  return bindOnce(ctx, r, now).catch((err: unknown) => {
    // Two binds of one identity at once: the unique index keeps one; the other is told as if it came second.
    if (isUniqueViolation(err, 'cert_bindings_active')) throw new AppError('cert.already_bound');
    throw err;
  });
}

async function bindOnce(ctx: AppContext, r: BindRequest, now: Date): Promise<BindingView> {
  const { leaf } = r;
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await isOwn(ctx, tx, r.accountId, r.accountKind, leaf.identity))) throw new AppError('cert.other_owner');
    let ssCodeId: string | null = null;
    if (r.ssCode !== undefined) {
      const code = await sql<{ id: string }>`select id from org_ss_codes where org_id = ${r.accountId}::uuid and code = ${r.ssCode}`.execute(tx);
      if (!code.rows[0] || r.accountKind !== 'org') throw new AppError('cert.ss_code_unknown');
      ssCodeId = code.rows[0].id;
    }
    const hash = identifierHash(ctx, leaf.identity)!;
    const existing = await sql<{ id: string; account_id: string }>`
      select id, account_id from cert_bindings where identifier_hash = ${hash} and coalesce(ss_code_id::text, '') = ${ssCodeId ?? ''} and unbound_at is null for update`.execute(tx);
    const prior = existing.rows[0];
    if (prior && prior.account_id !== r.accountId) throw new AppError('cert.already_bound');
    const id = prior?.id ?? newId();
    if (prior) {
      await sql`update cert_bindings set fingerprint = ${leaf.fingerprint}, subject = ${shownSubject(leaf.subject)}, issuer = ${leaf.issuer}, serial = ${leaf.serialHex},
        not_after = ${leaf.notAfter}, via = ${r.via}, bound_by = ${r.boundBy}, bound_at = ${now} where id = ${id}::uuid`.execute(tx);
    } else {
      await sql`insert into cert_bindings (id, account_id, kind, identifier_hash, ss_code_id, fingerprint, subject, issuer, serial, not_after, via, bound_by, bound_at)
        values (${id}, ${r.accountId}, ${r.accountKind}, ${hash}, ${ssCodeId}, ${leaf.fingerprint}, ${shownSubject(leaf.subject)}, ${leaf.issuer}, ${leaf.serialHex}, ${leaf.notAfter}, ${r.via}, ${r.boundBy}, ${now})`.execute(tx);
    }
    await sql`${evidenceInsert(ctx, r.accountId, leaf)}`.execute(tx);
    await audit(tx, {
      at: now,
      actor: r.boundBy,
      event: r.via === 'counter' ? 'cert.bound_at_counter' : 'cert.bound',
      result: 'success',
      ip: r.ip,
      subject: r.accountId,
      detail: { fingerprint: leaf.fingerprint, issuer: leaf.issuer, serial: leaf.serialHex, renewed: Boolean(prior), ssCode: r.ssCode ?? null },
    });
    return {
      id,
      kind: r.accountKind,
      subject: shownSubject(leaf.subject),
      issuer: leaf.issuer,
      serial: leaf.serialHex,
      fingerprint: leaf.fingerprint,
      notAfter: leaf.notAfter.toISOString(),
      via: r.via,
      ssCode: r.ssCode ?? null,
      boundAt: now.toISOString(),
      lastUsedAt: null,
    };
  });
}

/**
 * L5 evidence of the certificate for the account, unless the same certificate's is already there
 * and live: an INSERT … SELECT that a statement may run alone or after a CTE (`after`).
 */
export function evidenceInsert(ctx: AppContext, accountId: string, leaf: ParsedCertificate, after?: string) {
  const now = ctx.clock.now();
  return sql`insert into evidence (id, account_id, method, source, level, result, reason, input_fingerprint, verified_at, expires_at, revoked_at)
    select ${newId()}::uuid, ${accountId}::uuid, ${CERT_EVIDENCE_METHOD}, ${leaf.issuer.slice(0, 200)}, 'L5', 'pass', null, ${leaf.fingerprint}, ${now}::timestamptz, ${leaf.notAfter}::timestamptz, null
    where not exists (select 1 from evidence e where e.account_id = ${accountId}::uuid and e.method = ${CERT_EVIDENCE_METHOD} and e.input_fingerprint = ${leaf.fingerprint} and e.revoked_at is null)
    ${after ? sql`and exists (select 1 from ${sql.id(after)})` : sql``}`;
}

export async function listBindings(ctx: AppContext, accountId: string): Promise<BindingView[]> {
  const res = await sql<{
    id: string; kind: 'person' | 'org'; subject: string; issuer: string; serial: string; fingerprint: string; not_after: Date; via: 'online' | 'counter'; code: string | null; bound_at: Date; last_used_at: Date | null;
  }>`select b.id, b.kind, b.subject, b.issuer, b.serial, b.fingerprint, b.not_after, b.via, c.code, b.bound_at, b.last_used_at
     from cert_bindings b left join org_ss_codes c on c.id = b.ss_code_id
     where b.account_id = ${accountId}::uuid and b.unbound_at is null order by b.bound_at`.execute(ctx.db);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return res.rows.map((r) => ({
    id: r.id, kind: r.kind, subject: r.subject, issuer: r.issuer, serial: r.serial, fingerprint: r.fingerprint, notAfter: iso(r.not_after)!, via: r.via, ssCode: r.code, boundAt: iso(r.bound_at)!, lastUsedAt: iso(r.last_used_at),
  }));
}

/** Ends the account's binding; its certificate evidence is revoked when no binding is left. One transaction, audited. */
export async function unbind(ctx: AppContext, accountId: string, bindingId: string, actor: string, ip: string | null): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await sql<{ fingerprint: string }>`update cert_bindings set unbound_at = ${now}, unbound_by = ${actor}
      where id = ${bindingId}::uuid and account_id = ${accountId}::uuid and unbound_at is null returning fingerprint`.execute(tx);
    if (!res.rows[0]) throw new AppError('cert.binding_not_found');
    await sql`update evidence set revoked_at = ${now} where account_id = ${accountId}::uuid and method = ${CERT_EVIDENCE_METHOD} and revoked_at is null
      and not exists (select 1 from cert_bindings b where b.account_id = ${accountId}::uuid and b.unbound_at is null)`.execute(tx);
    await audit(tx, { at: now, actor, event: 'cert.unbound', result: 'success', ip, subject: accountId, detail: { bindingId, fingerprint: res.rows[0].fingerprint } });
  });
}
