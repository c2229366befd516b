// 修改密码 (seed 001 §2.1.5): 当前密码, 新密码, 确认新密码 → 提交; then every session ends and the signed-out page offers 重新登录.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../../api';
import { changePassword, getAccountSettings } from '../../../accountSettingsApi';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { BackToSecurity } from './SecurityPanel';
import { useReauth } from './ReauthModal';
import { PageHeading } from '../../../components/PageHeading';

interface Values {
  currentPassword?: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordPanel() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { data } = useSignedInData(getAccountSettings);
  const { withReauth, askReauth, reauthModal } = useReauth();
  const [verified, setVerified] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const useSms = async () => {
    if (await askReauth()) {
      setVerified(true);
      form.setFieldValue('currentPassword', undefined);
    }
  };

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = { newPassword: values.newPassword, confirmPassword: values.confirmPassword, ...(verified ? {} : { currentPassword: values.currentPassword ?? '' }) };
      const done = await withReauth(() => changePassword(body));
      if (!done) return;
      renewCsrf();
      navigate('/signed-out?reason=password_changed', { replace: true });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      applyFieldErrors(form, err, ['currentPassword', 'newPassword', 'confirmPassword']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<PageHeading>{t('changePassword.title')}</PageHeading>} className="sf-panel" extra={<BackToSecurity />}>
      {reauthModal}
      <div className="sf-column">
        <Alert type="info" showIcon title={t('changePassword.notice')} className="sf-form-alert" />
        {error && <Alert type="error" showIcon role="alert" data-testid="change-password-alert" title={error.message} className="sf-form-alert" />}
        <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
          {verified ? (
            <Alert type="success" showIcon title={t('changePassword.verified')} className="sf-form-alert" data-testid="change-password-verified" />
          ) : (
            <>
              <Form.Item name="currentPassword" label={t('changePassword.current')} rules={[{ required: true, message: t('changePassword.current.required') }]}>
                <Input.Password data-testid="change-password-current" autoComplete="current-password" />
              </Form.Item>
              {data?.reauth.methods.includes('sms') && (
                <Button type="link" size="large" data-testid="change-password-use-sms" onClick={() => void useSms()}>
                  {t('changePassword.useSms')}
                </Button>
              )}
            </>
          )}
          <Form.Item name="newPassword" label={t('changePassword.new')} rules={[{ required: true, message: t('changePassword.new.required') }]}>
            <Input.Password data-testid="change-password-new" placeholder={t('changePassword.new.placeholder')} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('changePassword.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('changePassword.confirm.required') },
              ({ getFieldValue }) => ({
                validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('changePassword.confirm.mismatch')))),
              }),
            ]}
          >
            <Input.Password data-testid="change-password-confirm" autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="change-password-submit">
            {t('changePassword.submit')}
          </Button>
        </Form>
      </div>
    </Card>
  );
}
