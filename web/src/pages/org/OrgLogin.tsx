// 单位登录: the org signs in with its username or USCC (单位账号登录), or an agent signs in with their
// personal account and then chooses the org they act for (经办人登录).
import { Alert, Button, Form, Input, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { loginWithPassword } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { followNext, safeNext } from '../../lib/next';
import { useLoginFlow } from '../login/useLoginFlow';
import { loginOrg } from './orgApi';
import { useOrgText } from './text';

interface Values {
  identifier: string;
  password: string;
  captcha: string;
}

const FIELDS = ['identifier', 'password', 'captcha'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

/** Where to go after an agent signs in: choose the org, keeping where the business system wanted to return. */
export function chooseOrgPath(): string {
  const next = safeNext();
  return `/choose-org?auto=1${next ? `&next=${encodeURIComponent(next)}` : ''}`;
}

function LoginForm({ mode }: { mode: 'org' | 'agent' }) {
  const { t } = useI18n();
  const o = useOrgText();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const prefix = mode === 'org' ? 'org-login' : 'agent-login';

  if (startError) {
    return (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" title={startError.message} />
        <Button type="primary" size="large" block onClick={() => void restart()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  if (!flowId) return <Loading />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      if (mode === 'org') {
        await loginOrg(flowId, values);
        renewCsrf();
        const next = safeNext();
        if (next) followNext(next);
        else navigate('/org', { replace: true });
      } else {
        await loginWithPassword(flowId, values);
        renewCsrf();
        navigate(chooseOrgPath(), { replace: true });
      }
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      form.setFieldValue('captcha', '');
      applyFieldErrors(form, err, FIELDS);
      if (FLOW_GONE.includes(err.code)) await restart();
      else refreshCaptcha();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} name={prefix} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
      {mode === 'agent' && <Alert className="sf-form-alert" type="info" showIcon title={o('login.agentHint')} />}
      {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid={`${prefix}-alert`} title={error.message} />}
      <Form.Item
        name="identifier"
        label={mode === 'org' ? o('login.identifier') : t('login.identifier')}
        rules={[{ required: true, whitespace: true, message: mode === 'org' ? o('login.identifier.required') : t('login.identifier.required') }]}
      >
        <Input data-testid={`${prefix}-identifier`} placeholder={mode === 'org' ? o('login.identifier.placeholder') : t('login.identifier.placeholder')} autoComplete="username" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.password.required') }]}>
        <Input.Password data-testid={`${prefix}-password`} placeholder={t('login.password.placeholder')} autoComplete="current-password" />
      </Form.Item>
      <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId={prefix} />
      <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid={`${prefix}-submit`}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}

export function OrgLogin() {
  const o = useOrgText();
  const { t } = useI18n();
  return (
    <>
      <Tabs
        data-testid="org-login-methods"
        destroyOnHidden
        items={[
          { key: 'org', label: <span data-testid="org-login-method-org">{o('tab.org')}</span>, children: <LoginForm mode="org" /> },
          { key: 'agent', label: <span data-testid="org-login-method-agent">{o('tab.agent')}</span>, children: <LoginForm mode="agent" /> },
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
      </p>
    </>
  );
}
