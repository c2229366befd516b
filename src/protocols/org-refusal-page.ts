/**
 * 未获单位授权: the page OIDC and CAS show instead of signing a person acting for an org in to a
 * business system the org has not granted them (src/business-systems/access.ts decides) — with the
 * reason and the ways on: the grants they hold, or another org (or none) and back to the system.
 */
import { escapeHtml, page } from '../http/pages.js';
import type { OrgRefusal } from '../business-systems/access.js';
import { GRANT_REFUSALS } from '../orgs/grants.js';

export function orgRefusalPage(r: OrgRefusal): string {
  return page(
    '未获单位授权',
    `<h1>未获单位授权</h1><p>您正以“${escapeHtml(r.orgName)}”经办人身份访问“${escapeHtml(r.systemName)}”。</p><p>${GRANT_REFUSALS[r.decision]}</p>
<p><a class="button" href="/account/orgs">查看我的授权</a><a class="button secondary" href="/choose-org?next=${escapeHtml(encodeURIComponent(r.retryPath))}">切换单位或以个人身份办理</a></p>`,
  );
}
