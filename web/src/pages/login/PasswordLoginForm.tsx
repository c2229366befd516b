// 用户名密码登录: identifier + password + image captcha, submitted to the login flow. 单位登录 uses it too,
// with the org's words and sign-in call (pages/org/OrgLogin.tsx).
import { Alert, Button, Form, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { followNext, safeBack, safeNext } from '../../lib/next';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { loginWithPassword } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { useLoginFlow } from './useLoginFlow';
import { FlowStartError } from '../../components/FlowStartError';

export interface PasswordLoginValues {
  identifier: string;
  password: string;
  captcha: string;
}

const FIELDS = ['identifier', 'password', 'captcha'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];
const LOCKED = ['auth.locked', 'auth.locked_until_reset'];

/** A locked account is not a dead end: 忘记密码 lifts the lock, and the FAQ says how it works. */
function LockedWayOut({ code, org }: { code: string; org: boolean }) {
  const { t } = useI18n();
  return (
    <span className="sf-card-links" data-testid="login-locked-help">
      <Link to={org ? '/org/forgot-password' : '/login/forgot-password'}>{code === 'auth.locked_until_reset' ? t('login.locked.reset') : t('login.forgotPassword')}</Link>
      {' · '}
      <Link to="/help/faq#account-locked">{t('login.locked.why')}</Link>
    </span>
  );
}

export interface PasswordLoginFormProps {
  /** data-testid prefix and form name: `login` for a person, `org-login` and `agent-login` on 单位登录. */
  prefix?: string;
  /** The sign-in call; by default the person's password login. */
  signIn?: (flowId: string, values: PasswordLoginValues) => Promise<unknown>;
  /** Where to go once signed in; by default where the business system asked to return, or 个人中心. */
  onSignedIn?: () => void;
  /** The identifier field's words where it is not 用户名/证件号码/手机号 (the org's username or USCC). */
  identifier?: { label: string; placeholder: string; required: string };
  /** A note above the fields. */
  intro?: ReactNode;
  autoFocus?: boolean;
}

export function PasswordLoginForm({ prefix = 'login', signIn = loginWithPassword, onSignedIn, identifier, intro, autoFocus = true }: PasswordLoginFormProps = {}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordLoginValues>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const words = identifier ?? { label: t('login.identifier'), placeholder: t('login.identifier.placeholder'), required: t('login.identifier.required') };

  if (startError) {
    return <FlowStartError error={startError} onRetry={() => void restart()} testId={prefix} />;
  }
  if (!flowId) return <Loading />;

  const onFinish = async (values: PasswordLoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(flowId, values);
      renewCsrf();
      if (onSignedIn) onSignedIn();
      else {
        const next = safeNext();
        if (next) followNext(next);
        else navigate(safeBack() ?? '/account', { replace: true });
      }
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      // The captcha answer was used up whatever happened: clear it and show a new picture.
      form.setFieldValue('captcha', '');
      applyFieldErrors(form, err, FIELDS);
      if (FLOW_GONE.includes(err.code)) await restart();
      else refreshCaptcha();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<PasswordLoginValues> form={form} name={prefix} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
      {intro && <Alert className="sf-form-alert" type="info" showIcon title={intro} />}
      {error && (
        <Alert
          className="sf-form-alert"
          type="error"
          showIcon
          role="alert"
          data-testid={`${prefix}-alert`}
          title={error.message}
          description={LOCKED.includes(error.code) && <LockedWayOut code={error.code} org={prefix === 'org-login'} />}
        />
      )}
      <Form.Item name="identifier" label={words.label} rules={[{ required: true, whitespace: true, message: words.required }]}>
        <Input data-testid={`${prefix}-identifier`} placeholder={words.placeholder} autoComplete="username" autoFocus={autoFocus} />
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
