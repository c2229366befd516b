// The frame of the account centre (/account) and the org centre (/org): header with who is signed in
// and 退出登录, a left menu, the chosen panel; a loading state and a retry when the page cannot load.
// On a phone (below antd's md, 768 px) the menu is a drawer opened by a large 菜单 button above the
// panel, which also names the section you are in: Ant Design's Sider collapsed to zero width there and
// its trigger sat under the panel, so nobody could reach 实名认证 after signing in on a phone.
import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu } from 'antd';
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
  const screens = Grid.useBreakpoint();
  // Before the first measurement `md` is undefined: the desktop frame, as before.
  const phone = screens.md === false;
  const [open, setOpen] = useState(false);
  const current = menu.items.find((m) => m.key === menu.selected);
  const items = (then?: () => void) => (
    <Menu
      data-testid={menu.testId}
      mode="inline"
      selectedKeys={[menu.selected]}
      onClick={({ key }) => {
        then?.();
        navigate(key);
      }}
      items={menu.items.map((m) => ({ key: m.key, icon: m.icon, label: <span data-testid={m.testId}>{m.label}</span> }))}
    />
  );
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
          {phone ? (
            <>
              <nav className="sf-centre-nav" aria-label={menu.ariaLabel}>
                <Button
                  size="large"
                  icon={<MenuOutlined aria-hidden />}
                  onClick={() => setOpen(true)}
                  aria-expanded={open}
                  aria-haspopup="dialog"
                  data-testid={`${menu.testId}-open`}
                >
                  {t('centre.menu')}
                </Button>
                <span className="sf-centre-current" aria-current="page" data-testid={`${menu.testId}-current`}>
                  {current?.icon} {current?.label}
                </span>
              </nav>
              <Drawer open={open} onClose={() => setOpen(false)} placement="left" size={300} title={menu.ariaLabel} className="sf-centre-drawer">
                {items(() => setOpen(false))}
              </Drawer>
            </>
          ) : (
            <Layout.Sider width={300} className="sf-sider" aria-label={menu.ariaLabel}>
              {items()}
            </Layout.Sider>
          )}
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
