/** Initial schema: accounts (persons now, orgs later), credentials, evidence, sessions, flows, logs. */
export const name = '20261123_0001_init';

export const up = /* sql */ `
create table accounts (
  id uuid primary key,
  kind text not null check (kind in ('person', 'org')),
  username text not null,
  username_norm text not null unique,
  display_name text not null,
  status text not null default 'active' check (status in ('active', 'suspended', 'deactivated')),
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Sensitive PII is stored encrypted (*_enc) and found through a keyed hash (*_hash).
create table persons (
  account_id uuid primary key references accounts (id) on delete cascade,
  name text not null,
  id_type text not null,
  id_number_enc text not null,
  id_number_hash text not null,
  phone_enc text,
  phone_hash text,
  phone_verified_at timestamptz,
  unique (id_type, id_number_hash)
);
create index persons_id_number_hash on persons (id_number_hash);
create index persons_phone_hash on persons (phone_hash);

create table password_credentials (
  account_id uuid primary key references accounts (id) on delete cascade,
  hash text not null,
  updated_at timestamptz not null
);

-- Failure counters for password login, keyed by account or (for unknown accounts) by the
-- identifier's keyed hash, so a lock looks the same whether or not the account exists.
create table login_guards (
  key text primary key,
  failures integer not null default 0,
  consecutive_failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null
);

-- Each verification is an evidence record; the assurance level is derived from them.
create table evidence (
  id uuid primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  method text not null,
  source text not null,
  level text not null check (level in ('L1', 'L2', 'L3', 'L4', 'L5')),
  result text not null check (result in ('pass', 'fail')),
  reason text,
  input_fingerprint text,
  verified_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index evidence_account on evidence (account_id);

create table sessions (
  id text primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  auth_methods jsonb not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  ip text,
  user_agent text
);
create index sessions_account on sessions (account_id);

create table flows (
  id uuid primary key,
  kind text not null,
  state text not null,
  browser_binding text not null,
  data jsonb not null,
  captcha_hash text,
  captcha_expires_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index flows_expires on flows (expires_at);

create table login_events (
  id bigserial primary key,
  account_id uuid references accounts (id) on delete cascade,
  at timestamptz not null,
  ip text,
  user_agent text,
  method text not null,
  result text not null,
  reason text
);
create index login_events_account on login_events (account_id, at desc);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,
  event text not null,
  result text not null,
  ip text,
  subject text,
  detail jsonb not null default '{}'
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table rate_limits (
  key text primary key,
  count integer not null,
  expires_at timestamptz not null
);
create index rate_limits_expires on rate_limits (expires_at);
`;
