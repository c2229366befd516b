// 修改手机号码 (seed 002 §2.7, seed 000 手机绑定): 验证身份 → 绑定手机 (new number, picture code, SMS code) → 完成.
import { Alert, Button, Card, Form, Input, Result, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../api';
import { confirmPhoneChange, getAccountSettings, sendPhoneCode, startPhoneChange } from '../../../accountSettingsApi';
import { CaptchaField } from '../../../components/CaptchaField';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { BackToSecurity } from './SecurityPanel';
import { useReauthFlow } from './useReauthFlow';

interface Values {
  phone: string;
  captcha: string;
  code: string;
}

const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state', 'otp.too_many_attempts'];

export function PhonePanel() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { data } = useSignedInData(getAccountSettings);
  const { flow, nonce, refreshCaptcha, start, restart, error, setError, withReauth, reauthModal } = useReauthFlow(startPhoneChange);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const fail = async (err: unknown, fields: string[]) => {
    if (!isApiError(err)) throw err;
    setError(err);
    applyFieldErrors(form, err, fields);
    if (FLOW_GONE.includes(err.code)) {
      setSentTo(null);
      await restart();
    }
  };

  const sendCode = async () => {
    if (!flow) return;
    try {
      const { phone, captcha } = await form.validateFields(['phone', 'captcha']);
      setError(null);
      const sent = await withReauth(() => sendPhoneCode(flow.id, { phone, captcha }));
      if (sent) {
        setSentTo(sent.maskedPhone);
        setWait(sent.resendAfterSeconds);
      }
    } catch (err) {
      if (isApiError(err)) await fail(err, ['phone', 'captcha']);
      // Otherwise the form shows what is missing.
    } finally {
      if (form.getFieldValue('captcha')) {
        form.setFieldValue('captcha', '');
        refreshCaptcha();
      }
    }
  };

  // Only the code is needed now: the picture code was used up by sending.
  const confirm = async () => {
    if (!flow) return;
    const values = await form.validateFields(['code']).catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const res = await withReauth(() => confirmPhoneChange(flow.id, values.code));
      if (res) setDone(res.phoneMasked);
    } catch (err) {
      await fail(err, ['code', 'phone']);
    } finally {
      setBusy(false);
    }
  };

  const step = done ? 2 : flow ? 1 : 0;
  return (
    <Card title={t('phone.title')} className="sf-panel" extra={<BackToSecurity />}>
      {reauthModal}
      <Steps
        data-testid="phone-steps"
        current={step}
        className="sf-steps"
        items={[{ title: t('phone.step.verify') }, { title: t('phone.step.bind') }, { title: t('phone.step.done') }]}
      />
      <div className="sf-column">
        {error && <Alert type="error" showIcon role="alert" data-testid="phone-alert" title={error.message} className="sf-form-alert" />}
        {done ? (
          <Result status="success" data-testid="phone-done" title={t('phone.done')} subTitle={t('phone.done.desc', { phone: done })} extra={<BackToSecurity />} />
        ) : !flow ? (
          <div className="sf-stack">
            <p>{t('phone.verifyFirst')}</p>
            <Button type="primary" size="large" block data-testid="phone-verify" onClick={() => void start()}>
              {t('reauth.verifyNow')}
            </Button>
          </div>
        ) : (
          <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={() => void confirm()}>
            {data?.settings.phoneMasked && <p data-testid="phone-current">{t('phone.current', { phone: data.settings.phoneMasked })}</p>}
            <Form.Item name="phone" label={t('phone.new')} rules={[{ required: true, whitespace: true, message: t('phone.new.required') }]}>
              <Input data-testid="phone-new" placeholder={t('phone.new.placeholder')} inputMode="tel" maxLength={20} autoComplete="tel" />
            </Form.Item>
            <p>{t('phone.sendHint')}</p>
            <CaptchaField flowId={flow.id} nonce={nonce} src={flow.captcha ?? null} onRefresh={refreshCaptcha} testId="phone" />
            <Button size="large" block data-testid="phone-send-code" disabled={wait > 0} onClick={() => void sendCode()}>
              {wait > 0 ? t('reauth.sms.resend', { seconds: wait }) : t('reauth.sms.send')}
            </Button>
            {sentTo && <Alert type="success" showIcon title={t('reauth.sms.sent')} className="sf-form-alert" data-testid="phone-code-sent" />}
            <Form.Item name="code" label={t('sms.code')} rules={[{ required: true, whitespace: true, message: t('sms.code.required') }]}>
              <Input data-testid="phone-code" placeholder={t('sms.code.placeholder')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
            <Button type="primary" size="large" block loading={busy} disabled={!sentTo} data-testid="phone-submit" onClick={() => void confirm()}>
              {t('phone.submit')}
            </Button>
          </Form>
        )}
      </div>
    </Card>
  );
}
