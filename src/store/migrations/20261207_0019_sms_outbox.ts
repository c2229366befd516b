/**
 * The SMS outbox (docs/sms.md "Delivery"): every message is a row written before the request that
 * asked for it answers, then sent by whichever node claims it, retried with backoff, and counted.
 * A code's variables are sealed with the data key and erased once the message is sent or given up;
 * the number is sealed too, and only its masked form stays after that.
 */
export const name = '20261207_0019_sms_outbox';

export const up = /* sql */ `
create table sms_outbox (
  id uuid primary key,
  template text not null,
  -- What the message is for: the code's purpose (login, recovery, …) or the notice's template.
  purpose text not null,
  -- The template variables as JSON, sealed; null once sent or given up.
  params_enc text,
  -- The number, sealed, and as logs and the audit may show it; both null when the message may go
  -- nowhere (a held code whose flow found no number); the sealed one is erased once finished.
  destination_enc text,
  destination_masked text,
  -- Who asked, for the audit row of a failure.
  ip text,
  -- held: made with its code, waiting for the flow's decision; pending: to send (claimable once
  -- next_attempt_at has passed); sent; given_up (permanent error, too many tries, or the code expired).
  status text not null check (status in ('held', 'pending', 'sent', 'given_up')),
  attempts integer not null default 0,
  -- For a pending row: when it may be claimed. A claim pushes it past the claim's lease, so a row a
  -- stopped node was sending becomes due again.
  next_attempt_at timestamptz not null,
  -- A code's expiry: it is not sent after it.
  expires_at timestamptz,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  given_up_at timestamptz
);
create index sms_outbox_due on sms_outbox (next_attempt_at) where status = 'pending';
create index sms_outbox_created on sms_outbox (created_at);

-- What was sent, failed and given up, per day (China Standard Time) and template, for the console
-- and statistics; kept when the outbox rows are pruned.
create table sms_send_counts (
  day text not null,
  template text not null,
  sent integer not null default 0,
  failed integer not null default 0,
  given_up integer not null default 0,
  primary key (day, template)
);
`;
