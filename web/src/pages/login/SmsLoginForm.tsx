// 短信验证码登录 (seed 002 §2.2): phone + image captcha → 获取短信验证码 → code → 登录.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { submitDespiteCaptcha } from '../../lib/captchaOnlyForSend';
import { applyFieldErrors } from '../../lib/formErrors';
import { followNext, safeNext } from '../../lib/next';
import { loginWithSms, requestLoginCode } from '../../selfServiceEndpoints';
import { useLoginFlow } from './useLoginFlow';

interface Values {
  phone: string;
  captcha: string;
  code: string;
}

const FIELDS = ['phone', 'captcha', 'code'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];
export const PHONE_RULE = /^1[3-9]\d{9}$/;

export function SmsLoginForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow();
  const [error, setError] = useState<ApiError | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (startError) {
    return (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" data-testid="sms-login-alert" title={startError.message} />
        <Button type="primary" size="large" block onClick={() => void restart()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  if (!flowId) return <Loading />;

  const failed = async (err: unknown) => {
    if (!isApiError(err)) throw err;
    setInfo(null);
    setError(err);
    applyFieldErrors(form, err, FIELDS);
    if (FLOW_GONE.includes(err.code)) await restart();
  };

  const send = async (): Promise<number | null> => {
    setError(null);
    let values: Pick<Values, 'phone' | 'captcha'>;
    try {
      values = await form.validateFields(['phone', 'captcha']);
    } catch {
      return null; // The form shows what is missing.
    }
    try {
      const { sent } = await requestLoginCode(flowId, { phone: values.phone.trim(), captcha: values.captcha });
      setInfo(t('sms.sentIfRegistered'));
      return sent.resendAfterSeconds;
    } catch (err) {
      await failed(err);
      return null;
    } finally {
      // The captcha answer is used up once it reached the server, whatever the answer.
      form.setFieldValue('captcha', '');
      refreshCaptcha();
    }
  };

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await loginWithSms(flowId, { phone: values.phone.trim(), code: values.code.trim() });
      renewCsrf();
      const next = safeNext();
      if (next) followNext(next);
      else navigate('/account', { replace: true });
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
      <Form.Item
        name="phone"
        label={t('sms.phone')}
        rules={[
          { required: true, whitespace: true, message: t('sms.phone.required') },
          { pattern: PHONE_RULE, message: t('sms.phone.invalid') },
        ]}
      >
        <Input data-testid="sms-login-phone" placeholder={t('sms.phone.placeholder')} inputMode="tel" autoComplete="tel" maxLength={11} />
      </Form.Item>
      <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="sms-login" />
      <SmsCodeField onSend={send} testId="sms-login" />
      <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="sms-login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}
