// /login/change-password — 密码修改 from the login page (seed 000: "点击密码修改连接，系统弹出修改页面，可以切换个人密码修改
// 和单位密码修改，输入相关信息，点击确认修改后，修改成功"): the account, its current password, the new one twice and
// the captcha; then every device is signed out and the person signs in with the new password.
import { Alert, Button, Card, Form, Input, Result, Segmented } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, isApiError, renewCsrf } from '../../api';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { PublicLayout } from '../../components/PublicLayout';
import { changePasswordSignedOut } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { useLoginFlow } from '../login/useLoginFlow';
import { useOrgText } from '../org/text';
import { FlowStartError } from '../../components/FlowStartError';
import { PageHeading } from '../../components/PageHeading';

type Kind = 'person' | 'org';

interface Values {
  identifier: string;
  currentPassword: string;
  password: string;
  confirmPassword: string;
  captcha: string;
}

const FIELDS = ['identifier', 'currentPassword', 'password', 'confirmPassword', 'captcha'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

export function PasswordChangePage() {
  const { t } = useI18n();
  const o = useOrgText();
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('kind') === 'org' ? 'org' : 'person';
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const words =
    kind === 'org'
      ? { label: o('login.identifier'), placeholder: o('login.identifier.placeholder'), required: o('login.identifier.required') }
      : { label: t('login.identifier'), placeholder: t('login.identifier.placeholder'), required: t('login.identifier.required') };

  const onFinish = async (values: Values) => {
    if (!flowId) return;
    setBusy(true);
    setError(null);
    try {
      await changePasswordSignedOut(flowId, {
        accountKind: kind,
        identifier: values.identifier,
        currentPassword: values.currentPassword,
        newPassword: values.password,
        confirmPassword: values.confirmPassword,
        captcha: values.captcha,
      });
      renewCsrf();
      setDone(true);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      // The captcha answer was used up whatever happened.
      form.setFieldValue('captcha', '');
      // The new password's field is `password` here (NewPasswordFields), `newPassword` on the wire.
      const renamed = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k === 'newPassword' ? 'password' : k, v]));
      applyFieldErrors(form, new ApiError(err.status, err.code, err.message, renamed), FIELDS);
      if (FLOW_GONE.includes(err.code)) await restart();
      else refreshCaptcha();
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (done) {
    body = (
      <Result
        status="success"
        title={t('forgotPassword.done')}
        subTitle={t('forgotPassword.doneHint')}
        data-testid="password-change-done"
        extra={
          <Link to={kind === 'org' ? '/login?as=org' : '/login'}>
            <Button type="primary" size="large" data-testid="password-change-to-login">
              {t('common.backToLogin')}
            </Button>
          </Link>
        }
      />
    );
  } else if (startError) {
    body = <FlowStartError error={startError} onRetry={() => void restart()} testId="password-change" />;
  } else if (!flowId) {
    body = <Loading />;
  } else {
    body = (
      <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
        <Alert className="sf-form-alert" type="info" showIcon title={t('passwordChange.intro')} />
        {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="password-change-alert" title={error.message} />}
        <Form.Item name="identifier" label={words.label} rules={[{ required: true, whitespace: true, message: words.required }]}>
          <Input data-testid="password-change-identifier" placeholder={words.placeholder} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="currentPassword" label={t('changePassword.current')} rules={[{ required: true, message: t('changePassword.current.required') }]}>
          <Input.Password data-testid="password-change-current" autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields testId="password-change-new" passwordLabel={t('changePassword.new')} confirmLabel={t('changePassword.confirm')} />
        <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="password-change" />
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="password-change-submit">
          {t('passwordChange.submit')}
        </Button>
        <p className="sf-card-links">
          <Link to={kind === 'org' ? '/org/forgot-password' : '/login/forgot-password'} data-testid="password-change-forgot">
            {t('passwordChange.forgot')}
          </Link>
        </p>
      </Form>
    );
  }

  return (
    <PublicLayout>
      <Card title={<PageHeading>{t('passwordChange.title')}</PageHeading>} className="sf-card" extra={<BackToLoginLink />} data-testid="password-change-card">
        {!done && (
          <Segmented<Kind>
            block
            size="large"
            className="sf-form-alert"
            data-testid="password-change-kind"
            value={kind}
            options={[
              { label: t('passwordChange.person'), value: 'person' },
              { label: t('passwordChange.org'), value: 'org' },
            ]}
            onChange={(k) => {
              setError(null);
              form.resetFields(['identifier', 'currentPassword', 'password', 'confirmPassword']);
              setParams(k === 'org' ? { kind: 'org' } : {}, { replace: true });
            }}
          />
        )}
        {body}
      </Card>
    </PublicLayout>
  );
}
