/** CAS: a validated service ticket is kept (encrypted) so single logout can name it as SessionIndex. */
export const name = '20261123_0003_cas';

export const up = /* sql */ `
-- Tickets are looked up by digest; single logout must send the ticket itself back to the service.
-- Only set once the ticket is consumed, so it is no longer a credential.
alter table cas_tickets add column ticket_enc text;
create index cas_tickets_unvalidated_expires on cas_tickets (expires_at) where validated_at is null;
`;
