/** One-time codes sent by SMS or mail, stored hashed and bound to the flow that asked for them. */
export const name = '20261123_0005_otp';

export const up = /* sql */ `
create table otp_codes (
  id uuid primary key,
  purpose text not null,
  flow_id text not null,
  channel text not null check (channel in ('sms', 'email')),
  destination_hash text not null,
  code_hash text not null,
  -- Wrong tries; a new code for the same flow and destination starts from the previous count.
  failures integer not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index otp_codes_flow on otp_codes (flow_id, destination_hash, created_at desc);
create index otp_codes_destination on otp_codes (destination_hash, created_at desc);
`;
