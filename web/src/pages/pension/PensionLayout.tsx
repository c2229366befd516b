// The frame of the retiree's pages (seed 003, 广东省社会保险基金管理局人脸识别系统): the system's name,
// 您好, 姓名 【退出】, and the menu 用户中心 / 资格认证 / 常用下载 / 常见问题 (and 认证结果查询), as big
// buttons that wrap on a phone. 资格认证 opens the 注意事项 dialog wherever it is pressed; its 确定 goes
// to /pension/certify by a full page load (a capture page: its document may use the camera).
import { Button, Layout } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { ElderSwitch } from '../../components/ElderSwitch';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { useI18n } from '../../i18n/context';
import { NoticeModal } from './NoticeModal';
import { getPensionSession, pensionSignOut, type PensionRetiree } from './pensionApi';
import { usePensionText } from './text';
import './pension.css';

/** What the pages inside get: the retiree (null when signed out), a reload, and the 注意事项 dialog. */
export interface PensionOutlet {
  retiree: PensionRetiree | null;
  reload: () => void;
  openNotice: () => void;
}

export function PensionLayout() {
  const { t } = useI18n();
  const { p } = usePensionText();
  const navigate = useNavigate();
  const [retiree, setRetiree] = useState<PensionRetiree | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    getPensionSession().then(
      (s) => live && setRetiree(s.retiree),
      (err: unknown) => {
        if (!live) return;
        if (!isApiError(err)) throw err;
        setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  const reload = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);

  const signOut = async () => {
    await pensionSignOut().catch(() => undefined);
    renewCsrf();
    navigate('/pension', { replace: true });
  };

  const item = (to: string, label: string, testId: string) => (
    <NavLink to={to} end className={({ isActive }) => `sf-pension-nav-item${isActive ? ' sf-pension-nav-active' : ''}`} data-testid={testId}>
      {label}
    </NavLink>
  );

  return (
    <Layout className="sf-page sf-pension">
      <Layout.Header className="sf-header sf-pension-header">
        <span className="sf-pension-system" data-testid="pension-system">
          {p('system')}
        </span>
        <div className="sf-header-actions">
          {retiree && (
            <span className="sf-greeting" data-testid="pension-greeting">
              {p('hello', { name: retiree.name })}{' '}
              【
              <button type="button" className="sf-pension-signout" onClick={() => void signOut()} data-testid="pension-sign-out">
                {p('signOut')}
              </button>
              】
            </span>
          )}
          <ElderSwitch />
          <LanguageSwitch />
        </div>
      </Layout.Header>
      {retiree && (
        <nav className="sf-pension-nav" aria-label={p('menu.label')} data-testid="pension-menu">
          {item('/pension/center', p('menu.center'), 'pension-menu-center')}
          <button type="button" className="sf-pension-nav-item" onClick={() => setNotice(true)} data-testid="pension-menu-certify">
            {p('menu.certify')}
          </button>
          {item('/pension/results', p('menu.results'), 'pension-menu-results')}
          {item('/pension/downloads', p('menu.downloads'), 'pension-menu-downloads')}
          {item('/pension/faq', p('menu.faq'), 'pension-menu-faq')}
        </nav>
      )}
      {retiree === null && (
        <nav className="sf-pension-nav" aria-label={p('menu.label')} data-testid="pension-menu-signed-out">
          {item('/pension', p('entry.title'), 'pension-menu-entry')}
          {item('/pension/downloads', p('menu.downloads'), 'pension-menu-downloads')}
          {item('/pension/faq', p('menu.faq'), 'pension-menu-faq')}
        </nav>
      )}
      <Layout.Content className="sf-content sf-pension-content">
        <main className="sf-pension-column">
          {error ? (
            <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} testId="pension-load-error" />
          ) : retiree === undefined ? (
            <Loading />
          ) : (
            <Outlet context={{ retiree, reload, openNotice: () => setNotice(true) } satisfies PensionOutlet} />
          )}
        </main>
      </Layout.Content>
      <NoticeModal open={notice} onClose={() => setNotice(false)} />
    </Layout>
  );
}

/** A page for a signed-in retiree: signed out (or the session ended), it says so with the way back to 登录. */
export function SignedOutNotice() {
  const { p } = usePensionText();
  return (
    <div className="sf-pension-card" data-testid="pension-signed-out">
      <p className="sf-pension-lead">{p('signedOut')}</p>
      <Button type="primary" size="large" block href="/pension" data-testid="pension-sign-in-again">
        {p('signInAgain')}
      </Button>
    </div>
  );
}
