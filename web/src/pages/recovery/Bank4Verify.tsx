// 忘记密码 · 验证身份 · 银行卡验证 (seed 000 银联认证找回): 姓名 + bank card number + the phone reserved at
// the bank + picture code → a code to that phone (sent only when the UnionPay four-element check with
// the typed name and the account's ID passes; the page says the same either way) → 下一步. The page
// says first that the reset will make that name and phone the account's.
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { isApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { submitDespiteCaptcha } from '../../lib/captchaOnlyForSend';
import { applyFieldErrors } from '../../lib/formErrors';
import { requestRecoveryBank4Code, submitRecoveryBank4Code, type RecoveryFlow } from '../../selfServiceEndpoints';
import type { SelfServiceFlow } from './useSelfServiceFlow';

interface Values {
  name: string;
  cardNumber: string;
  phone: string;
  captcha: string;
  code: string;
}

export function Bank4Verify({ rec, back }: { rec: SelfServiceFlow<RecoveryFlow>; back: ReactNode }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [info, setInfo] = useState<string | null>(null);
  // The picture code of an earlier step was used up: show a new one.
  useEffect(() => rec.refreshCaptcha(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const send = async (): Promise<number | null> => {
    rec.setError(null);
    let v: Pick<Values, 'name' | 'cardNumber' | 'phone' | 'captcha'>;
    try {
      v = await form.validateFields(['name', 'cardNumber', 'phone', 'captcha']);
    } catch {
      return null;
    }
    try {
      const { sent } = await requestRecoveryBank4Code(rec.flow!.id, { name: v.name.trim(), cardNumber: v.cardNumber.replace(/\s+/g, ''), phone: v.phone.trim(), captcha: v.captcha });
      setInfo(t('forgotPassword.bank4.sent'));
      return sent.resendAfterSeconds;
    } catch (err) {
      if (!isApiError(err)) throw err;
      setInfo(null);
      rec.setError(err);
      applyFieldErrors(form, err, ['name', 'cardNumber', 'phone', 'captcha']);
      return null;
    } finally {
      form.setFieldValue('captcha', '');
      rec.refreshCaptcha();
    }
  };

  const onFinish = async (v: Values) => {
    const err = await rec.run((id) => submitRecoveryBank4Code(id, v.code.trim()));
    if (err) applyFieldErrors(form, err, ['code']);
  };

  return (
    <Form form={form} name="recoveryBank4" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)} onFinishFailed={submitDespiteCaptcha(form, onFinish)} data-testid="recovery-bank4">
      <Typography.Paragraph>{t('forgotPassword.bank4.hint')}</Typography.Paragraph>
      <Alert className="sf-form-alert" type="warning" showIcon data-testid="recovery-bank4-notice" title={t('forgotPassword.bank4.notice')} />
      {info && <Alert className="sf-form-alert" type="info" showIcon data-testid="recovery-bank4-info" title={info} />}
      <Form.Item name="name" label={t('forgotPassword.bank4.name')} rules={[{ required: true, whitespace: true, message: t('forgotPassword.bank4.name.required') }]}>
        <Input data-testid="recovery-bank4-name" placeholder={t('forgotPassword.bank4.name.placeholder')} maxLength={50} autoComplete="name" />
      </Form.Item>
      <Form.Item name="cardNumber" label={t('forgotPassword.bank4.cardNumber')} rules={[{ required: true, whitespace: true, message: t('forgotPassword.bank4.cardNumber.required') }]}>
        <Input data-testid="recovery-bank4-card" placeholder={t('forgotPassword.bank4.cardNumber.placeholder')} inputMode="numeric" maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('forgotPassword.bank4.phone')} rules={[{ required: true, whitespace: true, message: t('forgotPassword.bank4.phone.required') }]}>
        <Input data-testid="recovery-bank4-phone" placeholder={t('forgotPassword.bank4.phone.placeholder')} inputMode="tel" maxLength={20} autoComplete="off" />
      </Form.Item>
      <CaptchaField flowId={rec.flow!.id} nonce={rec.captchaNonce} src={rec.captchaSrc} onRefresh={rec.refreshCaptcha} testId="recovery-bank4" />
      <SmsCodeField onSend={send} testId="recovery-bank4" />
      <div className="sf-step-buttons">
        {back}
        <Button type="primary" htmlType="submit" size="large" loading={rec.busy} data-testid="recovery-bank4-submit">
          {t('common.next')}
        </Button>
      </div>
    </Form>
  );
}
