/** Orgs (legal persons): org records, sub-accounts and their grants, social-security codes, recovery queue, staff, sandbox enterprise registry. */
export const name = '20261123_0010_orgs';

export const up = /* sql */ `
-- One row per org account (accounts.kind = 'org'). The legal representative's ID number is
-- sensitive: encrypted, found by keyed hash.
create table orgs (
  account_id uuid primary key references accounts (id) on delete cascade,
  uscc text not null unique,
  name text not null,
  legal_rep_name text not null,
  legal_rep_id_enc text not null,
  legal_rep_id_hash text not null,
  registered_by uuid references accounts (id) on delete set null,
  registry_source text not null,
  registry_checked_at timestamptz not null,
  -- Set when the legal representative changed and grants wait for the org to confirm them.
  grants_suspended_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- A person's place in an org (sub-account). An invitation names the person by name + ID number
-- (keyed hash); person_id is filled in only when the person accepts, so the org never learns
-- whether an account exists for what it typed.
create table org_members (
  id uuid primary key,
  org_id uuid not null references accounts (id) on delete cascade,
  person_id uuid references accounts (id) on delete cascade,
  invitee_name text not null,
  invitee_id_hash text not null,
  invitee_id_enc text not null,
  role text not null check (role in ('legal_rep', 'admin', 'agent')),
  status text not null check (status in ('pending', 'active', 'declined', 'ended')),
  invited_by uuid references accounts (id) on delete set null,
  invited_at timestamptz not null,
  responded_at timestamptz,
  ended_at timestamptz,
  end_reason text
);
create unique index org_members_live on org_members (org_id, invitee_id_hash) where status in ('pending', 'active');
create index org_members_person on org_members (person_id) where status = 'active';
create index org_members_invitee on org_members (invitee_id_hash) where status = 'pending';

-- Which business systems a sub-account may use for the org, until when (null: no end).
create table org_grants (
  member_id uuid not null references org_members (id) on delete cascade,
  business_system_id text not null references business_systems (id) on delete cascade,
  expires_at timestamptz,
  granted_by uuid references accounts (id) on delete set null,
  granted_at timestamptz not null,
  primary key (member_id, business_system_id)
);

-- An org's social-security registration codes (社保编码), e.g. pension at province level,
-- injury and unemployment at city level.
create table org_ss_codes (
  id uuid primary key,
  org_id uuid not null references accounts (id) on delete cascade,
  code text not null,
  region_level text not null check (region_level in ('province', 'city', 'district')),
  region_name text not null,
  insurance_types jsonb not null,
  created_at timestamptz not null,
  unique (org_id, code)
);

-- Org password recovery by uploaded documents, reviewed by staff.
create table org_recovery_requests (
  id uuid primary key,
  org_id uuid references accounts (id) on delete cascade,
  uscc text not null,
  agent_name text not null,
  agent_id_hash text not null,
  agent_id_enc text not null,
  phone_enc text not null,
  licence_photo_enc text not null,
  agent_id_photo_enc text not null,
  status text not null check (status in ('pending', 'approved', 'rejected')),
  reviewed_by uuid references accounts (id) on delete set null,
  reviewed_at timestamptz,
  review_note text,
  -- The applicant's proof of the request (shown once, stored hashed); after approval it sets a new password once.
  claim_token_hash text not null,
  reset_expires_at timestamptz,
  used_at timestamptz,
  created_at timestamptz not null
);
create index org_recovery_pending on org_recovery_requests (created_at) where status = 'pending';

-- The org account's security questions (密保问题): question text and an argon2id hash of the
-- normalised answer. (Persons' security questions are a separate feature.)
create table org_security_questions (
  account_id uuid primary key references accounts (id) on delete cascade,
  items jsonb not null,
  updated_at timestamptz not null
);

-- The recovery review queue is worked by service-hall staff: the staff role of migration 0009.

-- A session may act for an org the person holds a grant in.
alter table sessions add column acting_for uuid references accounts (id) on delete cascade;
create index sessions_acting_for on sessions (acting_for) where acting_for is not null;

-- Sandbox stand-in for the enterprise registry (市场监管 企业信用信息): generated companies.
create table sandbox_enterprises (
  uscc text primary key,
  name text not null,
  legal_rep_name text not null,
  legal_rep_id_hash text not null,
  legal_rep_id_enc text not null,
  status text not null check (status in ('active', 'revoked')),
  note text,
  created_at timestamptz not null
);
`;
