// The app shell: antd theme and locale for the current language, and the routes.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useMemo } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useI18n } from './i18n/context';
import { Loading } from './components/Loading';
import { lazyPage } from './lib/lazyPage';
import { LoginPage } from './pages/login/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RootRedirect } from './pages/RootRedirect';
import { scaledTheme } from './theme';
import { useElder } from './lib/elder';
import { useReducedMotion } from './lib/useReducedMotion';

import { RouteFocus } from './components/PageHeading';

// The sign-in page comes with the first download; every other group of pages is its own chunk,
// fetched when first shown (the page on screen stays until it arrives: router navigations are
// transitions), so a person on a slow mobile connection waits only for what the login needs.
const account = () => import('./pages/account/pages');
const org = () => import('./pages/org/pages');
const register = () => import('./pages/register/pages');
const recovery = () => import('./pages/recovery/pages');
const help = () => import('./pages/help/pages');
const mobile = () => import('./pages/mobile/pages');
const face = () => import('./pages/face/pages');
const pension = () => import('./pages/pension/pages');

const AccountLayout = lazyPage(account, 'AccountLayout');
const LoginHistoryPanel = lazyPage(account, 'LoginHistoryPanel');
const ProfilePanel = lazyPage(account, 'ProfilePanel');
const RealNamePanel = lazyPage(account, 'RealNamePanel');
const SecurityQuestionsPanel = lazyPage(account, 'SecurityQuestionsPanel');
const StaffCounterPage = lazyPage(account, 'StaffCounterPage');
const AddressesPanel = lazyPage(account, 'AddressesPanel');
const ChangePasswordPanel = lazyPage(account, 'ChangePasswordPanel');
const DeactivatePanel = lazyPage(account, 'DeactivatePanel');
const EmailActivatePage = lazyPage(account, 'EmailActivatePage');
const EmailPanel = lazyPage(account, 'EmailPanel');
const NicknamePanel = lazyPage(account, 'NicknamePanel');
const PhonePanel = lazyPage(account, 'PhonePanel');
const SecurityPanel = lazyPage(account, 'SecurityPanel');
const SessionsPanel = lazyPage(account, 'SessionsPanel');
const SignedOutPage = lazyPage(account, 'SignedOutPage');
const MyAuthorisationsPanel = lazyPage(account, 'MyAuthorisationsPanel');
const ChooseOrgPage = lazyPage(org, 'ChooseOrgPage');
const OrgInfoPanel = lazyPage(org, 'OrgInfoPanel');
const OrgLayout = lazyPage(org, 'OrgLayout');
const OrgMembersPanel = lazyPage(org, 'OrgMembersPanel');
const OrgNamePanel = lazyPage(org, 'OrgNamePanel');
const OrgPasswordPanel = lazyPage(org, 'OrgPasswordPanel');
const OrgRecoverPage = lazyPage(org, 'OrgRecoverPage');
const OrgRegisterPage = lazyPage(org, 'OrgRegisterPage');
const OrgSecurityPanel = lazyPage(org, 'OrgSecurityPanel');
const OrgSsCodesPanel = lazyPage(org, 'OrgSsCodesPanel');
const StaffRecoveryPage = lazyPage(org, 'StaffRecoveryPage');
const PhoneRegisterPage = lazyPage(register, 'PhoneRegisterPage');
const RegisterPage = lazyPage(register, 'RegisterPage');
const ForgotPasswordPage = lazyPage(recovery, 'ForgotPasswordPage');
const ForgotUsernamePage = lazyPage(recovery, 'ForgotUsernamePage');
const PasswordChangePage = lazyPage(recovery, 'PasswordChangePage');
const HelpCentrePage = lazyPage(help, 'HelpCentrePage');
const GuidePage = lazyPage(help, 'GuidePage');
const FaqPage = lazyPage(help, 'FaqPage');
const QrConfirmPage = lazyPage(mobile, 'QrConfirmPage');
const RealNameFacePage = lazyPage(face, 'RealNameFacePage');
const PensionLayout = lazyPage(pension, 'PensionLayout');
const PensionEntryPage = lazyPage(pension, 'PensionEntryPage');
const PensionCenterPage = lazyPage(pension, 'PensionCenterPage');
const PensionCertifyPage = lazyPage(pension, 'PensionCertifyPage');
const PensionResultsPage = lazyPage(pension, 'PensionResultsPage');
const PensionDownloadsPage = lazyPage(pension, 'PensionDownloadsPage');
const PensionFaqPage = lazyPage(pension, 'PensionFaqPage');
const StaffPensionPage = lazyPage(pension, 'StaffPensionPage');
const AccountPensionPanel = lazyPage(pension, 'AccountPensionPanel');

export function App() {
  const { lang } = useI18n();
  const reduceMotion = useReducedMotion();
  const { elder, scale } = useElder();
  const appTheme = useMemo(() => scaledTheme(scale, elder, !reduceMotion), [scale, elder, reduceMotion]);
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} theme={appTheme}>
      <AntApp>
        <RouteFocus />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<RootRedirect />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/register/phone" element={<PhoneRegisterPage />} />
            {/* Keyed: the switch between the two goes from one to the other, each with its own flow. */}
            <Route path="/login/forgot-password" element={<ForgotPasswordPage key="person" />} />
            {/* 刷脸认证找回: a capture page (src/shared/capture-pages.ts), reached by a full page load; the flow resumes. */}
            <Route path="/login/forgot-password/face" element={<ForgotPasswordPage key="person-face" face />} />
            <Route path="/login/forgot-username" element={<ForgotUsernamePage />} />
            <Route path="/login/change-password" element={<PasswordChangePage />} />
            <Route path="/account" element={<AccountLayout />}>
              <Route index element={<ProfilePanel />} />
              <Route path="real-name" element={<RealNamePanel />} />
              {/* 人脸识别认证: a capture page (src/shared/capture-pages.ts), reached by a full page load. */}
              <Route path="real-name/face" element={<RealNameFacePage />} />
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
              <Route path="pension" element={<AccountPensionPanel />} />
            </Route>
            {/* orgs */}
            <Route path="/choose-org" element={<ChooseOrgPage />} />
            <Route path="/org/register" element={<OrgRegisterPage />} />
            <Route path="/org/recover" element={<OrgRecoverPage />} />
            <Route path="/org/forgot-password" element={<ForgotPasswordPage key="org" accountKind="org" />} />
            <Route path="/staff/org-recovery" element={<StaffRecoveryPage />} />
            <Route path="/org" element={<OrgLayout />}>
              <Route index element={<OrgInfoPanel />} />
              <Route path="members" element={<OrgMembersPanel />} />
              <Route path="name" element={<OrgNamePanel />} />
              <Route path="ss-codes" element={<OrgSsCodesPanel />} />
              <Route path="password" element={<OrgPasswordPanel />} />
              <Route path="security-questions" element={<OrgSecurityPanel />} />
            </Route>
            {/* 帮助中心 (seed 000: 个人注册指引、单位注册指引、单位授权个人指引、常见问题知识库) */}
            <Route path="/help" element={<HelpCentrePage />} />
            <Route path="/help/person-registration" element={<GuidePage slug="person-registration" />} />
            <Route path="/help/org-registration" element={<GuidePage slug="org-registration" />} />
            <Route path="/help/org-authorisation" element={<GuidePage slug="org-authorisation" />} />
            <Route path="/help/faq" element={<FaqPage />} />
            {/* 养老待遇资格认证 (seed 003, issue 14): the retiree's own sign-in and pages, not a Shenfen account session. */}
            <Route path="/pension" element={<PensionEntryPage />} />
            <Route path="/pension" element={<PensionLayout />}>
              <Route path="center" element={<PensionCenterPage />} />
              {/* 人脸认证: a capture page (src/shared/capture-pages.ts), reached by a full page load from 注意事项's 确定. */}
              <Route path="certify" element={<PensionCertifyPage />} />
              <Route path="results" element={<PensionResultsPage />} />
              <Route path="downloads" element={<PensionDownloadsPage />} />
              <Route path="faq" element={<PensionFaqPage />} />
            </Route>
            <Route path="/staff/pension" element={<StaffPensionPage />} />
            {/* the mobile companion: 扫码登录's confirm page (the QR code holds its address) */}
            <Route path="/m/qr/:ticket" element={<QrConfirmPage />} />
            <Route path="/email/activate" element={<EmailActivatePage />} />
            <Route path="/signed-out" element={<SignedOutPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
