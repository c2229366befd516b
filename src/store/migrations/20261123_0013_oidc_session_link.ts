/**
 * Which Shenfen session an oidc-provider row (its browser session, a grant) was written in, so
 * that ending one Shenfen session (退出该设备, signing out everywhere) can end the single sign-on
 * issued on it and tell the business systems (back-channel logout). Null for rows written without
 * a Shenfen session (token requests from a system's server) and for rows from before this column.
 */
export const name = '20261123_0013_oidc_session_link';

export const up = /* sql */ `
alter table oidc_payloads add column shenfen_session_id text;
create index oidc_payloads_shenfen_session on oidc_payloads (shenfen_session_id) where shenfen_session_id is not null;
`;
