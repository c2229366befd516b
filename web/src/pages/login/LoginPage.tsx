// /login: 个人登录 / 单位登录 tabs in one card, built from what GET /api/meta says is available.
import { Alert, Button, Card, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { PublicLayout } from '../../components/PublicLayout';
import { useI18n } from '../../i18n/context';
import { useMeta } from '../../lib/useMeta';
import { followNext, safeNext } from '../../lib/next';
import { getSession } from '../../endpoints';
import { OrgLogin } from '../org/OrgLogin';
import { PersonLogin } from './PersonLogin';
import { PageHeading } from '../../components/PageHeading';

type Audience = 'person' | 'org';

export function LoginPage() {
  const { t } = useI18n();
  const { meta, error, reload } = useMeta();
  // `?as=org` (or `?as=agent`, 经办人登录, e.g. from a 实名等级不足 page) opens 单位登录.
  const as = new URLSearchParams(window.location.search).get('as');
  const [audience, setAudience] = useState<Audience>(as === 'org' || as === 'agent' ? 'org' : 'person');

  // Single sign-on: a business system sent the browser here, but it is signed in already.
  useEffect(() => {
    const next = safeNext();
    // A system that asked for a fresh sign-in (CAS renew, OIDC prompt=login) must get one.
    const fresh = new URLSearchParams(window.location.search).has('reauth') || /[?&]renew=true\b/.test(next ?? '');
    if (!next || fresh) return;
    getSession().then(
      () => followNext(next),
      () => {},
    );
  }, []);

  let body;
  if (error) {
    body = (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" data-testid="login-alert" title={error.message} />
        <Button type="primary" size="large" block onClick={reload}>
          {t('common.retry')}
        </Button>
      </div>
    );
  } else if (!meta) {
    body = <Loading />;
  } else {
    body = (
      <>
        <Tabs
          className="sf-audience-tabs"
          size="large"
          centered
          activeKey={audience}
          onChange={(key) => setAudience(key as Audience)}
          items={[
            {
              key: 'person',
              label: <span data-testid="login-tab-person">{t('login.tab.person')}</span>,
              children: <PersonLogin methods={meta.loginMethods.person} />,
            },
            {
              key: 'org',
              label: <span data-testid="login-tab-org">{t('login.tab.org')}</span>,
              children: <OrgLogin initialMethod={as === 'agent' ? 'agent' : 'org'} />,
            },
          ]}
        />
        {/* 单位登录 has its own 忘记密码 (OrgLogin), to the org's flow: one link per tab. */}
        {audience === 'person' && (
          <p className="sf-card-links">
            <Link to="/login/forgot-username" data-testid="forgot-username-link">
              {t('login.forgotUsername')}
            </Link>
            {' · '}
            <Link to="/login/forgot-password" data-testid="forgot-password-link">
              {t('login.forgotPassword')}
            </Link>
            {' · '}
            <Link to="/login/change-password" data-testid="change-password-link">
              {t('passwordChange.link')}
            </Link>
          </p>
        )}
        {audience === 'person' && meta.registration.person && (
          <p className="sf-card-links">
            {t('login.noAccount')}{' '}
            {(meta.registration.personStyles ?? ['username']).includes('username') && (
              <Link to="/register" data-testid="register-link">
                {t('login.register')}
              </Link>
            )}
            {(meta.registration.personStyles ?? []).includes('phone') && (
              <>
                {' '}
                <Link to="/register/phone" data-testid="register-phone-link">
                  {t('login.registerByPhone')}
                </Link>
              </>
            )}
          </p>
        )}
        {/* Seed 003: 点击“个人年度资格认证入口” — the retirees' own entry, on the Guangdong deployment. */}
        {meta.profile === 'guangdong' && (
          <p className="sf-card-links">
            <Link to="/pension" data-testid="pension-entry-link">
              {t('login.pensionEntry')}
            </Link>
          </p>
        )}
        {/* Seed 000: 个人注册指引、单位注册指引、单位授权个人指引、常见问题知识库. */}
        <p className="sf-card-links sf-secondary" data-testid="login-help-links">
          <Link to="/help/person-registration">{t('help.link.personRegistration')}</Link>
          {' · '}
          <Link to="/help/org-registration">{t('help.link.orgRegistration')}</Link>
          {' · '}
          <Link to="/help/org-authorisation">{t('help.link.orgAuthorisation')}</Link>
          {' · '}
          <Link to="/help/faq">{t('help.link.faq')}</Link>
        </p>
      </>
    );
  }

  return (
    <PublicLayout>
      <Card className="sf-card" data-testid="login-card">
        {/* The tabs (个人登录 / 单位登录) are the card's visible title. */}
        <PageHeading look="hidden">{t('login.submit')}</PageHeading>
        {body}
      </Card>
    </PublicLayout>
  );
}
