// The organisation pages (单位中心, 单位注册, 单位找回密码, staff review), loaded as one chunk (web/src/App.tsx).
export { ChooseOrgPage } from './ChooseOrgPage';
export { OrgInfoPanel } from './OrgInfoPanel';
export { OrgLayout } from './OrgLayout';
export { OrgMembersPanel } from './OrgMembersPanel';
export { OrgNamePanel } from './OrgNamePanel';
export { OrgPasswordPanel } from './OrgPasswordPanel';
export { OrgRecoverPage } from './OrgRecoverPage';
export { OrgRegisterPage } from './OrgRegisterPage';
export { OrgSecurityPanel } from './OrgSecurityPanel';
export { OrgSsCodesPanel } from './OrgSsCodesPanel';
export { StaffRecoveryPage } from './StaffRecoveryPage';
