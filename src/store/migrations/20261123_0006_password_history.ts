/** Previous password hashes, so a new password can be refused when it is one of the last five. */
export const name = '20261123_0006_password_history';

export const up = /* sql */ `
create table password_history (
  id bigserial primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  hash text not null,
  created_at timestamptz not null
);
create index password_history_account on password_history (account_id, created_at desc);
`;
