/** Real-name methods (issue 4): staff roles, counter checks, the person's verified bank card, the authority's reference on evidence. */
export const name = '20261123_0009_realname_methods';

export const up = /* sql */ `
alter table evidence add column reference text;

-- Who may record service-hall counter checks (granted by the CLI: shenfen staff grant <username>).
create table staff_roles (
  account_id uuid primary key references accounts (id) on delete cascade,
  role text not null check (role in ('staff')),
  granted_at timestamptz not null,
  granted_by text not null
);

-- What a staff member checked at the counter, beside the L5 evidence it produced.
create table counter_checks (
  evidence_id uuid primary key references evidence (id) on delete cascade,
  staff_account_id uuid not null references accounts (id),
  place text not null,
  document_type text not null,
  document_number_masked text not null,
  checked_at timestamptz not null
);
create index counter_checks_staff on counter_checks (staff_account_id, checked_at desc);

-- The bank card that passed the four-element check (registration in the Shenzhen manner, or an upgrade).
create table person_bank_cards (
  account_id uuid primary key references accounts (id) on delete cascade,
  card_enc text not null,
  card_hash text not null,
  card_masked text not null,
  bank_phone_enc text not null,
  bank_phone_hash text not null,
  updated_at timestamptz not null
);
`;
