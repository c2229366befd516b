/**
 * Digital certificates (issue 15, src/certs): the CA anchors operators trust (`shenfen ca add`),
 * CRLs (configured, or fetched from a trusted certificate's distribution point and kept until their
 * nextUpdate, shared by every node), login challenges (single use, bound to a login flow), and
 * bindings of a person's ID number or an org's USCC (per social-security code where the org has
 * several) to an account — by identifier, not serial number, so a renewed certificate keeps working.
 */
export const name = '20261208_0022_certificates';

export const up = /* sql */ `
create table cert_anchors (
  fingerprint text primary key,
  subject text not null,
  subject_raw text not null,
  der bytea not null,
  not_after timestamptz not null,
  added_by text not null,
  added_at timestamptz not null
);

create table cert_crls (
  -- The issuer's Name (DER, hex) and its key id: a CRL is used only for certificates of that issuer.
  issuer_raw text not null,
  -- 'configured' (shenfen ca crl FILE) or the URL it was fetched from.
  source text not null,
  der bytea not null,
  this_update timestamptz not null,
  next_update timestamptz,
  fetched_at timestamptz not null,
  primary key (issuer_raw, source)
);

create table cert_challenges (
  id uuid primary key,
  -- The login flow (sign-in) or the signed-in account (binding) the challenge was given to.
  flow_id uuid references flows (id) on delete cascade,
  account_id uuid references accounts (id) on delete cascade,
  purpose text not null check (purpose in ('sign_in', 'binding')),
  nonce text not null unique,
  origin text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  check ((purpose = 'sign_in') = (flow_id is not null))
);
create index cert_challenges_expires on cert_challenges (expires_at);

create table cert_bindings (
  id uuid primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  kind text not null check (kind in ('person', 'org')),
  -- Keyed hash of the ID number (person) or the USCC (org): what a certificate is matched by.
  identifier_hash text not null,
  -- For orgs with several social-security codes (org_ss_codes), the code this binding is for.
  ss_code_id uuid references org_ss_codes (id) on delete cascade,
  -- The certificate last bound or used: shown in 证书管理 (subject, issuer, expiry), never the key.
  fingerprint text not null,
  subject text not null,
  issuer text not null,
  serial text not null,
  not_after timestamptz not null,
  -- 'online' (the person or org proved the key) or 'counter' (现场绑定 by staff).
  via text not null check (via in ('online', 'counter')),
  bound_by text not null,
  bound_at timestamptz not null,
  last_used_at timestamptz,
  unbound_at timestamptz,
  unbound_by text
);
create unique index cert_bindings_active on cert_bindings (identifier_hash, coalesce(ss_code_id::text, '')) where unbound_at is null;
create index cert_bindings_account on cert_bindings (account_id) where unbound_at is null;
`;
