// The app shell: antd theme and locale for the current language, and the routes.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Route, Routes } from 'react-router-dom';
import { useI18n } from './i18n/context';
import { AccountLayout } from './pages/account/AccountLayout';
import { LoginHistoryPanel } from './pages/account/LoginHistoryPanel';
import { ProfilePanel } from './pages/account/ProfilePanel';
import { RealNamePanel } from './pages/account/RealNamePanel';
import { AddressesPanel } from './pages/account/settings/AddressesPanel';
import { ChangePasswordPanel } from './pages/account/settings/ChangePasswordPanel';
import { DeactivatePanel } from './pages/account/settings/DeactivatePanel';
import { EmailActivatePage } from './pages/account/settings/EmailActivatePage';
import { EmailPanel } from './pages/account/settings/EmailPanel';
import { NicknamePanel } from './pages/account/settings/NicknamePanel';
import { PhonePanel } from './pages/account/settings/PhonePanel';
import { SecurityPanel } from './pages/account/settings/SecurityPanel';
import { SessionsPanel } from './pages/account/settings/SessionsPanel';
import { SignedOutPage } from './pages/account/settings/SignedOutPage';
import { StaffCounterPage } from './pages/account/realname/StaffCounterPage';
import { LoginPage } from './pages/login/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/register/RegisterPage';
import { RootRedirect } from './pages/RootRedirect';
import { SecurityQuestionsPanel } from './pages/account/SecurityQuestionsPanel';
import { ForgotPasswordPage } from './pages/recovery/ForgotPasswordPage';
import { ForgotUsernamePage } from './pages/recovery/ForgotUsernamePage';
import { PhoneRegisterPage } from './pages/register/PhoneRegisterPage';
import { theme } from './theme';
// orgs (web/src/pages/org)
import { ChooseOrgPage } from './pages/org/ChooseOrgPage';
import { MyAuthorisationsPanel } from './pages/org/MyAuthorisationsPanel';
import { OrgInfoPanel } from './pages/org/OrgInfoPanel';
import { OrgLayout } from './pages/org/OrgLayout';
import { OrgMembersPanel } from './pages/org/OrgMembersPanel';
import { OrgNamePanel } from './pages/org/OrgNamePanel';
import { OrgPasswordPanel } from './pages/org/OrgPasswordPanel';
import { OrgRegisterPage } from './pages/org/OrgRegisterPage';
import { OrgSsCodesPanel } from './pages/org/OrgSsCodesPanel';
import { OrgRecoverPage } from './pages/org/OrgRecoverPage';
import { OrgSecurityPanel } from './pages/org/OrgSecurityPanel';
import { StaffRecoveryPage } from './pages/org/StaffRecoveryPage';

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <Routes>
          <Route path="/" element={<RootRedirect />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/register/phone" element={<PhoneRegisterPage />} />
          <Route path="/login/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/login/forgot-username" element={<ForgotUsernamePage />} />
          <Route path="/account" element={<AccountLayout />}>
            <Route index element={<ProfilePanel />} />
            <Route path="real-name" element={<RealNamePanel />} />
            <Route path="login-history" element={<LoginHistoryPanel />} />
            <Route path="security-questions" element={<SecurityQuestionsPanel />} />
            {/* account centre settings */}
            <Route path="security" element={<SecurityPanel />} />
            <Route path="security/password" element={<ChangePasswordPanel />} />
            <Route path="security/phone" element={<PhonePanel />} />
            <Route path="security/email" element={<EmailPanel />} />
            <Route path="security/sessions" element={<SessionsPanel />} />
            <Route path="nickname" element={<NicknamePanel />} />
            <Route path="addresses" element={<AddressesPanel />} />
            <Route path="deactivate" element={<DeactivatePanel />} />
            <Route path="staff" element={<StaffCounterPage />} />
            <Route path="orgs" element={<MyAuthorisationsPanel />} />
          </Route>
          {/* orgs */}
          <Route path="/choose-org" element={<ChooseOrgPage />} />
          <Route path="/org/register" element={<OrgRegisterPage />} />
          <Route path="/org/recover" element={<OrgRecoverPage />} />
          <Route path="/org/forgot-password" element={<ForgotPasswordPage accountKind="org" />} />
          <Route path="/staff/org-recovery" element={<StaffRecoveryPage />} />
          <Route path="/org" element={<OrgLayout />}>
            <Route index element={<OrgInfoPanel />} />
            <Route path="members" element={<OrgMembersPanel />} />
            <Route path="name" element={<OrgNamePanel />} />
            <Route path="ss-codes" element={<OrgSsCodesPanel />} />
            <Route path="password" element={<OrgPasswordPanel />} />
            <Route path="security-questions" element={<OrgSecurityPanel />} />
          </Route>
          <Route path="/email/activate" element={<EmailActivatePage />} />
          <Route path="/signed-out" element={<SignedOutPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
