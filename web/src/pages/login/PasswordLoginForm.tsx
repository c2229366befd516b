// 用户名密码登录: identifier + password + image captcha, submitted to the login flow.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { followNext, safeNext } from '../../lib/next';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { loginWithPassword } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { useLoginFlow } from './useLoginFlow';

interface Values {
  identifier: string;
  password: string;
  captcha: string;
}

const FIELDS = ['identifier', 'password', 'captcha'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

export function PasswordLoginForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (startError) {
    return (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" data-testid="login-alert" title={startError.message} />
        <Button type="primary" size="large" block data-testid="login-retry" onClick={() => void restart()}>
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
      await loginWithPassword(flowId, values);
      renewCsrf();
      const next = safeNext();
      if (next) followNext(next);
      else navigate('/account', { replace: true });
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
    <Form<Values> form={form} name="login" layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
      {error && (
        <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="login-alert" title={error.message} />
      )}
      <Form.Item
        name="identifier"
        label={t('login.identifier')}
        rules={[{ required: true, whitespace: true, message: t('login.identifier.required') }]}
      >
        <Input data-testid="login-identifier" placeholder={t('login.identifier.placeholder')} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.password.required') }]}>
        <Input.Password data-testid="login-password" placeholder={t('login.password.placeholder')} autoComplete="current-password" />
      </Form.Item>
      <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="login" />
      <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}
