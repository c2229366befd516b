// /org frame (单位中心): the org (or the person acting for it) in the header, the left menu, the chosen panel.
import { BankOutlined, IdcardOutlined, KeyOutlined, LogoutOutlined, QuestionCircleOutlined, SwapOutlined, TeamOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Layout, Menu } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf } from '../../api';
import { AppHeader } from '../../components/AppHeader';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { logout } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { useSignedInData } from '../../lib/useSignedInData';
import { getOrg, type OrgInfo, type OrgRole } from './orgApi';
import { useOrgText, type OrgTextKey } from './text';

export type OrgOutlet = { org: OrgInfo; me: { role: OrgRole; canManage: boolean }; reload: () => void };

const MENU: { key: string; icon: React.ReactNode; label: OrgTextKey; testId: string }[] = [
  { key: '/org', icon: <BankOutlined aria-hidden />, label: 'menu.info', testId: 'org-menu-info' },
  { key: '/org/members', icon: <TeamOutlined aria-hidden />, label: 'menu.members', testId: 'org-menu-members' },
  { key: '/org/name', icon: <EditOutlined aria-hidden />, label: 'menu.name', testId: 'org-menu-name' },
  { key: '/org/ss-codes', icon: <IdcardOutlined aria-hidden />, label: 'menu.ssCodes', testId: 'org-menu-ss-codes' },
  { key: '/org/password', icon: <KeyOutlined aria-hidden />, label: 'menu.password', testId: 'org-menu-password' },
  { key: '/org/security-questions', icon: <QuestionCircleOutlined aria-hidden />, label: 'menu.security', testId: 'org-menu-security' },
];

export function OrgLayout() {
  const { t } = useI18n();
  const o = useOrgText();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data, error, reload } = useSignedInData(getOrg);
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    if (error && isApiError(error, 'org.choose_required', 'org.not_member')) navigate('/choose-org', { replace: true });
  }, [error, navigate]);

  const signOut = async () => {
    setLeaving(true);
    try {
      await logout();
    } catch {
      // The way out is the sign-in page whatever the server said.
    }
    renewCsrf();
    navigate('/login', { replace: true });
  };

  const selected = MENU.find((m) => m.key === pathname.replace(/\/$/, ''))?.key ?? '/org';
  return (
    <Layout className="sf-page">
      <AppHeader
        extra={
          data && (
            <>
              <span className="sf-greeting" data-testid="org-display-name">
                <BankOutlined aria-hidden /> {data.org.name}
                {data.me.role !== 'org' && ` · ${o('centre.actingAs', { role: o(`role.${data.me.role}`) })}`}
              </span>
              {data.me.role !== 'org' && (
                <Button ghost icon={<SwapOutlined aria-hidden />} onClick={() => navigate('/choose-org')} data-testid="org-switch">
                  {o('centre.switch')}
                </Button>
              )}
              <Button ghost icon={<LogoutOutlined aria-hidden />} loading={leaving} data-testid="org-logout" onClick={() => void signOut()}>
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
      ) : !data ? (
        <Layout.Content className="sf-content">
          <Loading />
        </Layout.Content>
      ) : (
        <Layout className="sf-account">
          <Layout.Sider width={300} breakpoint="md" collapsedWidth={0} className="sf-sider" aria-label={o('centre.title')}>
            <Menu
              data-testid="org-menu"
              mode="inline"
              selectedKeys={[selected]}
              onClick={({ key }) => navigate(key)}
              items={MENU.map((m) => ({ key: m.key, icon: m.icon, label: <span data-testid={m.testId}>{o(m.label)}</span> }))}
            />
          </Layout.Sider>
          <Layout.Content className="sf-account-content">
            <Outlet context={{ org: data.org, me: data.me, reload } satisfies OrgOutlet} />
          </Layout.Content>
        </Layout>
      )}
    </Layout>
  );
}
