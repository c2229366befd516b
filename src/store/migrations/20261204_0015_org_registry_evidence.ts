/**
 * Org accounts get real-name evidence of their own (src/orgs/orgs.ts, REGISTRY_EVIDENCE): the
 * enterprise registry's match at registration, at 单位名称修改 or 重新核验: L3 at most, capped by the
 * level of the person who had it made, for a year. Every org registered before this was checked
 * with the registry the same way (orgs.registry_source and registry_checked_at record it), so each
 * gets that evidence now, capped by its registrant's level today (erased orgs excepted).
 */
export const name = '20261204_0015_org_registry_evidence';

export const up = /* sql */ `
insert into evidence (id, account_id, method, source, level, result, reason, input_fingerprint, verified_at, expires_at, revoked_at, reference)
select gen_random_uuid(), o.account_id, 'enterprise_registry', o.registry_source,
  -- L3 at most, and no higher than the registrant's own level now (levels compare as text: 'L1' < 'L2' …).
  least('L3', coalesce((select max(e.level) from evidence e
    where e.account_id = o.registered_by and e.result = 'pass' and e.revoked_at is null and (e.expires_at is null or e.expires_at > now())), 'L1')),
  'pass', null, null, o.registry_checked_at, o.registry_checked_at + interval '365 days', null, null
from orgs o
where o.uscc not like 'erased:%'
  and not exists (select 1 from evidence e where e.account_id = o.account_id and e.method = 'enterprise_registry');
`;
