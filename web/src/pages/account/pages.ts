// The account centre's pages, loaded as one chunk when a signed-in page is first shown (web/src/App.tsx).
export { AccountLayout } from './AccountLayout';
export { LoginHistoryPanel } from './LoginHistoryPanel';
export { ProfilePanel } from './ProfilePanel';
export { RealNamePanel } from './RealNamePanel';
export { SecurityQuestionsPanel } from './SecurityQuestionsPanel';
export { StaffCounterPage } from './realname/StaffCounterPage';
export { AddressesPanel } from './settings/AddressesPanel';
export { ChangePasswordPanel } from './settings/ChangePasswordPanel';
export { DeactivatePanel } from './settings/DeactivatePanel';
export { EmailActivatePage } from './settings/EmailActivatePage';
export { EmailPanel } from './settings/EmailPanel';
export { NicknamePanel } from './settings/NicknamePanel';
export { PhonePanel } from './settings/PhonePanel';
export { SecurityPanel } from './settings/SecurityPanel';
export { SessionsPanel } from './settings/SessionsPanel';
export { SignedOutPage } from './settings/SignedOutPage';
export { MyAuthorisationsPanel } from '../org/MyAuthorisationsPanel';
