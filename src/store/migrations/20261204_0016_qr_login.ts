/**
 * 扫码登录 (QR login): a ticket the login page shows as a QR code and a signed-in phone approves.
 * Only the SHA-256 of the ticket's secret is kept (like CAS tickets); the ticket belongs to one
 * login flow, so it is bound to the browser that showed it, and goes with that flow.
 */
export const name = '20261204_0016_qr_login';

export const up = /* sql */ `
create table qr_tickets (
  id uuid primary key,
  secret_hash text not null unique,
  flow_id uuid not null unique references flows (id) on delete cascade,
  state text not null check (state in ('pending', 'scanned', 'approved', 'cancelled', 'expired', 'used')),
  desktop_ip text,
  desktop_user_agent text,
  service text not null,
  account_id uuid references accounts (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  scanned_at timestamptz,
  approved_at timestamptz,
  used_at timestamptz
);
create index qr_tickets_expires on qr_tickets (expires_at);
create index qr_tickets_account on qr_tickets (account_id) where account_id is not null;
`;
