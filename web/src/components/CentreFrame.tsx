// The frame of the account centre (/account) and the org centre (/org): header with who is signed in
// and 退出登录, a left menu, the chosen panel; a loading state and a retry when the page cannot load.
import { Layout, Menu } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { renewCsrf } from '../api';
import { logout } from '../endpoints';
import { useI18n } from '../i18n/context';
import { AppHeader } from './AppHeader';
import { Loading } from './Loading';
import { ProblemResult } from './ProblemResult';

export interface CentreMenuItem {
  key: string;
  icon: ReactNode;
  label: string;
  testId: string;
}

interface Props {
  /** Shown in the header once loaded (greeting, switch, 退出登录). */
  headerExtra: ReactNode;
  error: { message: string } | null;
  loaded: boolean;
  reload: () => void;
  menu: { testId: string; ariaLabel: string; items: CentreMenuItem[]; selected: string };
  /** The panel (an <Outlet/>), rendered once loaded. */
  children: ReactNode;
}

export function CentreFrame({ headerExtra, error, loaded, reload, menu, children }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Layout className="sf-page">
      <AppHeader extra={loaded && headerExtra} />
      {error ? (
        <Layout.Content className="sf-content">
          <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />
        </Layout.Content>
      ) : !loaded ? (
        <Layout.Content className="sf-content">
          <Loading />
        </Layout.Content>
      ) : (
        <Layout className="sf-account">
          <Layout.Sider width={300} breakpoint="md" collapsedWidth={0} className="sf-sider" aria-label={menu.ariaLabel}>
            <Menu
              data-testid={menu.testId}
              mode="inline"
              selectedKeys={[menu.selected]}
              onClick={({ key }) => navigate(key)}
              items={menu.items.map((m) => ({ key: m.key, icon: m.icon, label: <span data-testid={m.testId}>{m.label}</span> }))}
            />
          </Layout.Sider>
          <Layout.Content className="sf-account-content">{children}</Layout.Content>
        </Layout>
      )}
    </Layout>
  );
}

/** 退出登录: ends the session on the server (whatever it answers) and goes to the sign-in page. */
export function useSignOut() {
  const navigate = useNavigate();
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
  return { leaving, signOut };
}
