/**
 * 实名等级不足: the page OIDC and CAS show instead of signing someone in to a business system that
 * demands a higher level than theirs — never a silent token or ticket, and never a dead end.
 */
import { ASSURANCE_LEVEL_LABELS, type AssuranceLevel } from '../domain/index.js';
import { escapeHtml, page } from '../http/pages.js';

const level = (l: AssuranceLevel) => `${l} ${ASSURANCE_LEVEL_LABELS[l]['zh-CN']}`;

export interface LevelTooLow {
  systemName: string;
  required: AssuranceLevel;
  current: AssuranceLevel;
  /** An org account's level comes from the enterprise registry; it cannot upgrade in the account centre. */
  accountKind: 'person' | 'org';
  /** The same-site URL that resumes the sign-in (after the upgrade, or after an agent signs in). */
  returnTo: string;
  /** More HTML (already escaped), e.g. OIDC's form back to the business system. */
  extra?: string;
}

export function levelTooLowPage(p: LevelTooLow): string {
  const resume = escapeHtml(encodeURIComponent(p.returnTo));
  const head = `<h1>实名等级不足</h1><p>“${escapeHtml(p.systemName)}”要求实名等级 <b>${level(p.required)}</b>，`;
  const body =
    p.accountKind === 'org'
      ? `${head}该单位账号为 <b>${level(p.current)}</b>（由企业登记信息核验）。</p>
<p>单位账号无法在线提升实名等级。请由单位的经办人使用本人的个人账号登录，选择代表该单位后办理：经办人使用本人的实名等级。</p>
<p><a class="button" href="/login?reauth=1&amp;as=agent&amp;next=${resume}">经办人登录</a></p>`
      : `${head}您当前为 <b>${level(p.current)}</b>。</p>
<p>请先完成更高等级的实名认证，再访问该业务系统。</p><p><a class="button" href="/account/real-name?return=${resume}">去实名认证</a></p>`;
  return page('实名等级不足', body + (p.extra ?? ''));
}
