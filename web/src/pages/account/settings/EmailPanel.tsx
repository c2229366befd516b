// 绑定邮箱 (seed 002 §2.8): 验证身份 → e-mail + picture code → 发送激活链接; the link in the mail finishes the binding.
import { Alert, Button, Card, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../api';
import { getAccountSettings, sendEmailLink, startEmailBinding } from '../../../accountSettingsApi';
import { CaptchaField } from '../../../components/CaptchaField';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { BackToSecurity } from './SecurityPanel';
import { useReauthFlow } from './useReauthFlow';
import { PageHeading } from '../../../components/PageHeading';

interface Values {
  email: string;
  captcha: string;
}

const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

export function EmailPanel() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { data } = useSignedInData(getAccountSettings);
  const { flow, nonce, refreshCaptcha, start, restart, error, setError, withReauth, reauthModal } = useReauthFlow(startEmailBinding);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: Values) => {
    if (!flow) return;
    setBusy(true);
    setError(null);
    try {
      const res = await withReauth(() => sendEmailLink(flow.id, values));
      if (res) setSentTo(res.emailMasked);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      applyFieldErrors(form, err, ['email', 'captcha']);
      if (FLOW_GONE.includes(err.code)) await restart();
    } finally {
      form.setFieldValue('captcha', '');
      refreshCaptcha();
      setBusy(false);
    }
  };

  return (
    <Card title={<PageHeading>{t('email.title')}</PageHeading>} className="sf-panel" extra={<BackToSecurity />}>
      {reauthModal}
      <div className="sf-column">
        {error && <Alert type="error" showIcon role="alert" data-testid="email-alert" title={error.message} className="sf-form-alert" />}
        {sentTo ? (
          <Result
            status="success"
            data-testid="email-sent"
            title={t('email.sent.title')}
            subTitle={t('email.sent.desc', { email: sentTo })}
            extra={[
              <Button key="again" size="large" data-testid="email-resend" onClick={() => setSentTo(null)}>
                {t('email.resend')}
              </Button>,
              <BackToSecurity key="back" />,
            ]}
          />
        ) : !flow ? (
          <div className="sf-stack">
            <p>{t('email.verifyFirst')}</p>
            <Button type="primary" size="large" block data-testid="email-verify" onClick={() => void start()}>
              {t('reauth.verifyNow')}
            </Button>
          </div>
        ) : (
          <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
            {data?.settings.emailMasked && <p data-testid="email-current">{t('email.current', { email: data.settings.emailMasked })}</p>}
            <Form.Item name="email" label={t('email.address')} rules={[{ required: true, whitespace: true, message: t('email.address.required') }]}>
              <Input data-testid="email-address" placeholder={t('email.address.placeholder')} inputMode="email" autoComplete="email" maxLength={254} />
            </Form.Item>
            <CaptchaField flowId={flow.id} nonce={nonce} src={flow.captcha ?? null} onRefresh={refreshCaptcha} testId="email" />
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="email-send">
              {t('email.send')}
            </Button>
          </Form>
        )}
      </div>
    </Card>
  );
}
