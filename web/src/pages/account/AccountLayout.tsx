// /account frame: checks the session, header with the display name and 退出登录, left menu, the chosen panel.
import {
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
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
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { CentreFrame, useSignOut } from '../../components/CentreFrame';
import { getSession } from '../../endpoints';
import { getStaffStatus } from './realname/api';
import { useI18n } from '../../i18n/context';
import { useMeta } from '../../lib/useMeta';
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

/** 养老资格认证 (seed 003, issue 14): on the Guangdong deployment, whose retirees it serves. */
const PENSION_ITEM = { key: '/account/pension', icon: <CalendarOutlined aria-hidden />, label: 'account.menu.pension', testId: 'menu-pension' } as const;

/** Shown to service-hall staff only (`shenfen staff grant`): 现场认证 at the counter. */
const STAFF_ITEM = { key: '/account/staff', icon: <AuditOutlined aria-hidden />, label: 'account.menu.staff', testId: 'menu-staff' } as const;

export function AccountLayout() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: session, error, reload } = useSignedInData(getSession);
  const { leaving, signOut } = useSignOut();
  const [staff, setStaff] = useState(false);
  useEffect(() => {
    if (session?.account.kind === 'person') getStaffStatus().then((s) => setStaff(s.staff), () => setStaff(false));
  }, [session]);
  const { meta } = useMeta();
  const menu = [...MENU, ...(meta?.profile === 'guangdong' ? [PENSION_ITEM] : []), ...(staff ? [STAFF_ITEM] : [])];

  // An org account's centre is /org (web/src/pages/org).
  useEffect(() => {
    if (session?.account.kind === 'org') navigate('/org', { replace: true });
  }, [session, navigate]);

  // A sub-page (/account/security/phone) lights up its section (/account/security).
  const path = pathname.replace(/\/$/, '');
  const selected = menu.find((m) => m.key === path)?.key ?? menu.find((m) => m.key !== '/account' && path.startsWith(`${m.key}/`))?.key ?? '/account';

  return (
    <CentreFrame
      error={error}
      loaded={!!session}
      reload={reload}
      menu={{ testId: 'account-menu', ariaLabel: t('account.title'), items: menu.map((m) => ({ ...m, label: t(m.label) })), selected }}
      headerExtra={
        session && (
          <>
            <span className="sf-greeting sf-wide-only" data-testid="account-display-name">
              <IdcardOutlined aria-hidden /> {t('account.greeting', { name: session.account.displayName })}
            </span>
            <Button ghost icon={<LogoutOutlined aria-hidden />} loading={leaving} data-testid="logout-button" onClick={() => void signOut()}>
              {t('account.logout')}
            </Button>
          </>
        )
      }
    >
      {session && <Outlet context={{ session, reloadSession: reload } satisfies AccountOutlet} />}
    </CentreFrame>
  );
}
