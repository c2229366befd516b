/**
 * Which other business systems may ask for a system's API audience (`urn:shenfen:api:<id>`): their
 * ids. The system itself always may; an empty list (the default, also for systems registered
 * before this column) lets no other system get a token for its API.
 */
export const name = '20261207_0018a_api_clients';

export const up = /* sql */ `
alter table business_systems add column api_clients jsonb not null default '[]';
`;
