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
import { StaffCounterPage } from './pages/account/realname/StaffCounterPage';
import { LoginPage } from './pages/login/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/register/RegisterPage';
import { RootRedirect } from './pages/RootRedirect';
import { theme } from './theme';

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <Routes>
          <Route path="/" element={<RootRedirect />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/account" element={<AccountLayout />}>
            <Route index element={<ProfilePanel />} />
            <Route path="real-name" element={<RealNamePanel />} />
            <Route path="login-history" element={<LoginHistoryPanel />} />
            <Route path="staff" element={<StaffCounterPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
