// /account frame: checks the session, header with the display name and 退出登录, left menu, the chosen panel.
import {
  BankOutlined,
  EnvironmentOutlined,
  HistoryOutlined,
  IdcardOutlined,
  LockOutlined,
  LogoutOutlined,
  QuestionCircleOutlined,
  SafetyOutlined,
  SmileOutlined,
  StopOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { renewCsrf } from '../../api';
import { AppHeader } from '../../components/AppHeader';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { getSession, logout } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { useSignedInData } from '../../lib/useSignedInData';
import type { SessionInfo } from '../../types';

export type AccountOutlet = { session: SessionInfo; reloadSession: () => void };

const MENU = [
  { key: '/account', icon: <UserOutlined aria-hidden />, label: 'account.menu.profile', testId: 'menu-profile' },
  { key: '/account/real-name', icon: <SafetyOutlined aria-hidden />, label: 'account.menu.realName', testId: 'menu-real-name' },
  { key: '/account/login-history', icon: <HistoryOutlined aria-hidden />, label: 'account.menu.history', testId: 'menu-login-history' },
  { key: '/account/security-questions', icon: <QuestionCircleOutlined aria-hidden />, label: 'account.menu.securityQuestions', testId: 'menu-security-questions' },
  // account centre settings
  { key: '/account/security', icon: <LockOutlined aria-hidden />, label: 'account.menu.security', testId: 'menu-security' },
  { key: '/account/nickname', icon: <SmileOutlined aria-hidden />, label: 'account.menu.nickname', testId: 'menu-nickname' },
  { key: '/account/addresses', icon: <EnvironmentOutlined aria-hidden />, label: 'account.menu.addresses', testId: 'menu-addresses' },
  { key: '/account/deactivate', icon: <StopOutlined aria-hidden />, label: 'account.menu.deactivate', testId: 'menu-deactivate' },
  { key: '/account/orgs', icon: <BankOutlined aria-hidden />, label: 'account.menu.orgs', testId: 'menu-orgs' },
] as const;

export function AccountLayout() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: session, error, reload } = useSignedInData(getSession);
  const [leaving, setLeaving] = useState(false);

  const signOut = async () => {
    setLeaving(true);
    try {
      await logout();
    } catch {
      // Whatever the server said, the way out is the sign-in page; a stale session there just expires.
    }
    renewCsrf();
    navigate('/login', { replace: true });
  };

  // An org account's centre is /org (web/src/pages/org).
  useEffect(() => {
    if (session?.account.kind === 'org') navigate('/org', { replace: true });
  }, [session, navigate]);

  // A sub-page (/account/security/phone) lights up its section (/account/security).
  const path = pathname.replace(/\/$/, '');
  const selected = MENU.find((m) => m.key === path)?.key ?? MENU.find((m) => m.key !== '/account' && path.startsWith(`${m.key}/`))?.key ?? '/account';

  return (
    <Layout className="sf-page">
      <AppHeader
        extra={
          session && (
            <>
              <span className="sf-greeting" data-testid="account-display-name">
                <IdcardOutlined aria-hidden /> {t('account.greeting', { name: session.account.displayName })}
              </span>
              <Button
                ghost
                icon={<LogoutOutlined aria-hidden />}
                loading={leaving}
                data-testid="logout-button"
                onClick={() => void signOut()}
              >
                {t('account.logout')}
              </Button>
            </>
          )
        }
      />
      {error ? (
        <Layout.Content className="sf-content">
          <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />
        </Layout.Content>
      ) : !session ? (
        <Layout.Content className="sf-content">
          <Loading />
        </Layout.Content>
      ) : (
        <Layout className="sf-account">
          <Layout.Sider width={300} breakpoint="md" collapsedWidth={0} className="sf-sider" aria-label={t('account.title')}>
            <Menu
              data-testid="account-menu"
              mode="inline"
              selectedKeys={[selected]}
              onClick={({ key }) => navigate(key)}
              items={MENU.map((m) => ({ key: m.key, icon: m.icon, label: <span data-testid={m.testId}>{t(m.label)}</span> }))}
            />
          </Layout.Sider>
          <Layout.Content className="sf-account-content">
            <Outlet context={{ session, reloadSession: reload } satisfies AccountOutlet} />
          </Layout.Content>
        </Layout>
      )}
    </Layout>
  );
}
