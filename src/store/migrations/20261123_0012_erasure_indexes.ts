/**
 * Indexes for housekeeping and erasure: one-time codes are dropped a day past their expiry (every
 * minute, by expires_at), and erasing a person blanks every org binding they ever had, whatever
 * its status (the existing index on person_id covers active bindings only).
 */
export const name = '20261123_0012_erasure_indexes';

export const up = /* sql */ `
create index otp_codes_expires on otp_codes (expires_at);
create index org_members_person_any on org_members (person_id) where person_id is not null;
`;
