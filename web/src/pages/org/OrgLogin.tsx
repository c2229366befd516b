// 单位登录: the org signs in with its username or USCC (单位账号登录), or an agent signs in with their
// personal account and then chooses the org they act for (经办人登录).
import { Tabs } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { followNext, safeNext } from '../../lib/next';
import { PasswordLoginForm } from '../login/PasswordLoginForm';
import { loginOrg } from './orgApi';
import { useOrgText } from './text';

/** Where to go after an agent signs in: choose the org, keeping where the business system wanted to return. */
export function chooseOrgPath(): string {
  const next = safeNext();
  return `/choose-org?auto=1${next ? `&next=${encodeURIComponent(next)}` : ''}`;
}

/** 单位账号登录: the org's own username or USCC; then 单位中心, or where the business system asked to return. */
function OrgAccountForm() {
  const o = useOrgText();
  const navigate = useNavigate();
  return (
    <PasswordLoginForm
      prefix="org-login"
      autoFocus={false}
      identifier={{ label: o('login.identifier'), placeholder: o('login.identifier.placeholder'), required: o('login.identifier.required') }}
      signIn={loginOrg}
      onSignedIn={() => {
        const next = safeNext();
        if (next) followNext(next);
        else navigate('/org', { replace: true });
      }}
    />
  );
}

/** 经办人登录: the agent's personal account, then the choice of the org to act for. */
function AgentForm() {
  const o = useOrgText();
  const navigate = useNavigate();
  return <PasswordLoginForm prefix="agent-login" autoFocus={false} intro={o('login.agentHint')} onSignedIn={() => navigate(chooseOrgPath(), { replace: true })} />;
}

export function OrgLogin({ initialMethod = 'org' }: { initialMethod?: 'org' | 'agent' }) {
  const o = useOrgText();
  const { t } = useI18n();
  return (
    <>
      <Tabs
        data-testid="org-login-methods"
        destroyOnHidden
        defaultActiveKey={initialMethod}
        items={[
          { key: 'org', label: <span data-testid="org-login-method-org">{o('tab.org')}</span>, children: <OrgAccountForm /> },
          { key: 'agent', label: <span data-testid="org-login-method-agent">{o('tab.agent')}</span>, children: <AgentForm /> },
        ]}
      />
      <p className="sf-card-links">
        <Link to="/org/register" data-testid="org-register-link">
          {o('login.register')}
        </Link>
        {' · '}
        <Link to="/org/forgot-password" data-testid="org-forgot-password-link">
          {t('forgotPassword.org.link')}
        </Link>
        {' · '}
        <Link to="/org/recover" data-testid="org-recover-link">
          {o('login.recover')}
        </Link>
        {' · '}
        <Link to="/login/change-password?kind=org" data-testid="org-change-password-link">
          {t('passwordChange.link')}
        </Link>
      </p>
    </>
  );
}
