/** Single sign-on: business systems (OIDC clients / CAS services), oidc-provider's models, signing keys, CAS tickets. */
export const name = '20261123_0002_sso';

export const up = /* sql */ `
-- A business system (业务系统) is one OIDC client and/or CAS service.
create table business_systems (
  id text primary key,
  name text not null,
  -- oidc-provider client metadata (redirect_uris, grant_types, …); the secret is kept encrypted.
  oidc_metadata jsonb,
  client_secret_enc text,
  -- CAS: the service URLs this system may ask tickets for (exact prefixes, see protocols/cas).
  cas_service_patterns jsonb not null default '[]',
  min_level text not null default 'L1' check (min_level in ('L1', 'L2', 'L3', 'L4', 'L5')),
  first_party boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Everything oidc-provider stores (sessions, grants, codes, tokens, interactions), one table.
create table oidc_payloads (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index oidc_payloads_grant on oidc_payloads (grant_id);
create index oidc_payloads_uid on oidc_payloads (uid);
create index oidc_payloads_expires on oidc_payloads (expires_at);

-- Token signing keys (JWK, private part encrypted); retired keys stay to verify old tokens.
create table signing_keys (
  kid text primary key,
  alg text not null,
  private_jwk_enc text not null,
  created_at timestamptz not null,
  retired_at timestamptz
);

create table cas_tickets (
  id text primary key,
  kind text not null default 'ST' check (kind in ('ST', 'PT', 'PGT')),
  business_system_id text not null references business_systems (id) on delete cascade,
  service text not null,
  account_id uuid not null references accounts (id) on delete cascade,
  session_id text not null,
  renewed boolean not null default false,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  validated_at timestamptz
);
create index cas_tickets_session on cas_tickets (session_id);
`;
