/**
 * Org accounts get real-name evidence of their own (src/orgs/orgs.ts, REGISTRY_EVIDENCE): the
 * enterprise registry's match at registration or at the last 单位名称修改, level L3. Every org
 * registered before this was checked with the registry the same way (orgs.registry_source and
 * registry_checked_at record it), so each gets that evidence now (erased orgs excepted).
 */
export const name = '20261204_0015_org_registry_evidence';

export const up = /* sql */ `
insert into evidence (id, account_id, method, source, level, result, reason, input_fingerprint, verified_at, expires_at, revoked_at, reference)
select gen_random_uuid(), o.account_id, 'enterprise_registry', o.registry_source, 'L3', 'pass', null, null, o.registry_checked_at, null, null, null
from orgs o
where o.uscc not like 'erased:%'
  and not exists (select 1 from evidence e where e.account_id = o.account_id and e.method = 'enterprise_registry');
`;
