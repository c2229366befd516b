/** Real-name connectors: the sandbox registry of generated people, and the nonces of signed connector requests. */
export const name = '20261123_0004_sandbox_registry';

export const up = /* sql */ `
-- A stand-in for the authorities (公安, UnionPay, operators, 社保, 公积金, 车管所) in development
-- and tests. What a check looks up is stored as a keyed hash (*_hash), the value itself encrypted
-- (*_enc): a dump of the registry shows no raw ID, card or phone numbers. A null element means the
-- person has none (or it was cancelled, as for the deceased).
create table sandbox_people (
  id text primary key,
  name text not null,
  id_type text not null check (id_type in ('resident_id', 'hmt_residence_permit')),
  id_number_hash text not null unique,
  id_number_enc text not null,
  sex text not null check (sex in ('male', 'female')),
  birth_date text not null,
  status text not null check (status in ('alive', 'deceased')),
  region text not null check (region in ('mainland', 'hk', 'mo', 'tw')),
  phone_hash text unique,
  phone_enc text,
  carrier text check (carrier in ('china_mobile', 'china_unicom', 'china_telecom')),
  bank_card_hash text unique,
  bank_card_enc text,
  bank_name text,
  bank_phone_hash text,
  bank_phone_enc text,
  social_security_number_hash text not null unique,
  social_security_number_enc text not null,
  housing_fund_card_hash text unique,
  housing_fund_card_enc text,
  driver_licence_file_hash text unique,
  driver_licence_file_enc text,
  note text,
  created_at timestamptz not null
);

-- Nonces of signed connector requests seen by a verifier, kept until they could no longer pass
-- the timestamp window; a second request with the same (key id, nonce) is a replay.
create table connector_nonces (
  key_id text not null,
  nonce text not null,
  expires_at timestamptz not null,
  primary key (key_id, nonce)
);
create index connector_nonces_expires on connector_nonces (expires_at);
`;
