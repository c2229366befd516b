// 短信验证码登录 (seed 002 §2.2): phone + image captcha → 获取短信验证码 → code → 登录.
import { Alert, Button, Form } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { renewCsrf } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { PhoneField } from '../../components/PhoneField';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { submitDespiteCaptcha } from '../../lib/captchaOnlyForSend';
import { followNext, safeBack, safeNext } from '../../lib/next';
import { usePhoneCodeSend } from '../../lib/usePhoneCodeSend';
import { loginWithSms, requestLoginCode } from '../../selfServiceEndpoints';
import { useLoginFlow } from './useLoginFlow';
import { FlowStartError } from '../../components/FlowStartError';

interface Values {
  phone: string;
  captcha: string;
  code: string;
}

const FIELDS = ['phone', 'captcha', 'code'] as const;

export function SmsLoginForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const { error, setError, info, failed, send } = usePhoneCodeSend({
    form,
    fields: FIELDS,
    request: (body) => requestLoginCode(flowId!, body),
    sentInfo: () => t('sms.sentIfRegistered'),
    refreshCaptcha,
    restart,
  });
  const [submitting, setSubmitting] = useState(false);

  if (startError) {
    return <FlowStartError error={startError} onRetry={() => void restart()} testId="sms-login" />;
  }
  if (!flowId) return <Loading />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await loginWithSms(flowId, { phone: values.phone.trim(), code: values.code.trim() });
      renewCsrf();
      const next = safeNext();
      if (next) followNext(next);
      else navigate(safeBack() ?? '/account', { replace: true });
    } catch (err) {
      await failed(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} name="smsLogin" layout="vertical" size="large" requiredMark={false} onFinish={onFinish} onFinishFailed={submitDespiteCaptcha(form, onFinish)}>
      {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="sms-login-alert" title={error.message} />}
      {info && !error && <Alert className="sf-form-alert" type="info" showIcon data-testid="sms-login-info" title={info} />}
      <PhoneField testId="sms-login-phone" label={t('sms.phone')} autoComplete="tel" />
      <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="sms-login" />
      <SmsCodeField onSend={send} testId="sms-login" />
      <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="sms-login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}
