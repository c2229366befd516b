/**
 * A verified phone and a verified e-mail belong to one person at most, enforced by the database
 * and not only by the checks in code (two writes racing each other passed those checks).
 * Unverified phones (declared at username registration) may repeat: a family shares a number.
 * A deactivated account gives up its phone and e-mail at once (the data itself stays until it is
 * erased), so it no longer holds them here either.
 */
export const name = '20261123_0011_unique_contacts';

export const up = /* sql */ `
update persons set phone_verified_at = null, email_verified_at = null
  where account_id in (select id from accounts where status = 'deactivated')
    and (phone_verified_at is not null or email_verified_at is not null);

-- Duplicates a race may have left: the earliest verification keeps the number or address, the
-- others are left unverified (the person can prove another one in the account centre).
update persons p set phone_verified_at = null
  where p.phone_verified_at is not null and exists (
    select 1 from persons q
    where q.phone_hash = p.phone_hash and q.phone_verified_at is not null
      and (q.phone_verified_at, q.account_id) < (p.phone_verified_at, p.account_id));
update persons p set email_verified_at = null
  where p.email_verified_at is not null and exists (
    select 1 from persons q
    where q.email_hash = p.email_hash and q.email_verified_at is not null
      and (q.email_verified_at, q.account_id) < (p.email_verified_at, p.account_id));

create unique index persons_verified_phone_unique on persons (phone_hash) where phone_verified_at is not null;
create unique index persons_verified_email_unique on persons (email_hash) where email_verified_at is not null;
`;
