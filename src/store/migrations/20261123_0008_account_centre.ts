/**
 * The account centre: re-authentication on the session, nickname, bound e-mail (encrypted, keyed
 * hash), mailing addresses (encrypted), e-mail activation links (hashed, single use), and the
 * deactivation and erasure times of an account.
 */
export const name = '20261123_0008_account_centre';

export const up = /* sql */ `
alter table sessions add column reauth_at timestamptz;

alter table accounts add column deactivated_at timestamptz;
alter table accounts add column pii_erased_at timestamptz;
create index accounts_deactivated on accounts (deactivated_at) where status = 'deactivated' and pii_erased_at is null;

alter table persons add column nickname text;
alter table persons add column email_enc text;
alter table persons add column email_hash text;
alter table persons add column email_verified_at timestamptz;
create index persons_email_hash on persons (email_hash);

-- Recipient, phone, region, detail and postcode together, encrypted as one JSON document.
create table mailing_addresses (
  id uuid primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  data_enc text not null,
  is_default boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index mailing_addresses_account on mailing_addresses (account_id, created_at);
create unique index mailing_addresses_one_default on mailing_addresses (account_id) where is_default;

create table email_links (
  id uuid primary key,
  token_hash text not null unique,
  account_id uuid not null references accounts (id) on delete cascade,
  email_enc text not null,
  email_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index email_links_account on email_links (account_id, created_at desc);
create index email_links_expires on email_links (expires_at);
`;
