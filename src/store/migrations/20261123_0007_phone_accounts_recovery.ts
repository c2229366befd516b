/**
 * Persons registered by phone (seed 002 §2.1) have no real name or ID until they verify one, and
 * security questions (密保问题) for password recovery, stored only as argon2id hashes.
 */
export const name = '20261123_0007_phone_accounts_recovery';

export const up = /* sql */ `
alter table persons alter column name drop not null;
alter table persons alter column id_type drop not null;
alter table persons alter column id_number_enc drop not null;
alter table persons alter column id_number_hash drop not null;
-- An ID is all there or not at all.
alter table persons add constraint persons_id_complete check (
  (id_type is null) = (id_number_enc is null) and (id_number_enc is null) = (id_number_hash is null)
);

create table security_questions (
  account_id uuid not null references accounts (id) on delete cascade,
  -- 1..3: the order the person chose them in.
  position integer not null check (position between 1 and 3),
  question_id text not null,
  answer_hash text not null,
  updated_at timestamptz not null,
  primary key (account_id, position),
  unique (account_id, question_id)
);
`;
