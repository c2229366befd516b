// /org frame (单位中心): the org (or the person acting for it) in the header, the left menu, the chosen panel.
import { BankOutlined, IdcardOutlined, KeyOutlined, LogoutOutlined, QuestionCircleOutlined, SwapOutlined, TeamOutlined, EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api';
import { CentreFrame, useSignOut } from '../../components/CentreFrame';
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
  const { leaving, signOut } = useSignOut();

  useEffect(() => {
    if (error && isApiError(error, 'org.choose_required', 'org.not_member')) navigate('/choose-org', { replace: true });
  }, [error, navigate]);

  const selected = MENU.find((m) => m.key === pathname.replace(/\/$/, ''))?.key ?? '/org';
  return (
    <CentreFrame
      error={error}
      loaded={!!data}
      reload={reload}
      menu={{ testId: 'org-menu', ariaLabel: o('centre.title'), items: MENU.map((m) => ({ ...m, label: o(m.label) })), selected }}
      headerExtra={
        data && (
          <>
            <span className="sf-greeting sf-wide-only" data-testid="org-display-name">
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
    >
      {data && <Outlet context={{ org: data.org, me: data.me, reload } satisfies OrgOutlet} />}
    </CentreFrame>
  );
}
