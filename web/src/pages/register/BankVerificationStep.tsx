// Step 3 in the Shenzhen manner (seed 001, 填写验证信息): 银行卡号, 银行预留手机号, 短信验证码 → 下一步 runs the bank check;
// a refusal shows the seed's message, and 上一步 goes back to fix the name or ID number.
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { registrationBack } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import type { IdTypeOption } from '../../types';
import { sendRegistrationBankCode, submitBankAgreement } from '../account/realname/api';
import { AgreeCheckbox, AgreementText, RegistrationSummary } from './AgreementParts';
import { StepAlert } from './StepAlert';
import type { RegistrationFlowState } from './useRegistrationFlow';

interface Values {
  cardNumber: string;
  phone: string;
  captcha: string;
  code?: string;
  agree: boolean;
}

const FIELDS = ['cardNumber', 'phone', 'code', 'agree'] as const;

export function BankVerificationStep({ reg, idTypes }: { reg: RegistrationFlowState; idTypes: IdTypeOption[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [nonce, setNonce] = useState(0);
  const [sent, setSent] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [sendError, setSendError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const flowId = reg.flow!.id;
  const summary = reg.flow?.summary ?? {};

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    const { phone, captcha } = await form.validateFields(['phone', 'captcha']);
    setSending(true);
    setSendError(null);
    try {
      const res = await sendRegistrationBankCode(flowId, phone, captcha);
      setSent(res.maskedPhone);
      setWait(res.resendAfterSeconds);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (!applyFieldErrors(form, err, ['phone', 'captcha'])) setSendError(err);
    } finally {
      // A picture code is single use, whatever happened.
      form.setFieldValue('captcha', '');
      setNonce((n) => n + 1);
      setSending(false);
    }
  };

  // 下一步 checks its own fields only: the picture code belongs to 获取短信验证码.
  const next = async () => {
    const v = await form.validateFields(['cardNumber', 'phone', 'code', 'agree']).catch(() => null);
    if (!v) return;
    await reg.run((id) => submitBankAgreement(id, { cardNumber: v.cardNumber, phone: v.phone, ...(v.code ? { code: v.code.trim() } : {}) }));
  };

  return (
    <div data-testid="register-step-bank">
      <StepAlert error={reg.stepError} fields={FIELDS} />
      {(reg.stepError?.code === 'realname.bank_mismatch' || reg.stepError?.code === 'realname.bank_phone_mismatch') && (
        <Alert
          type="info"
          showIcon
          data-testid="register-bank-hint"
          title={t(reg.stepError.code === 'realname.bank_mismatch' ? 'register.bank.hint.mismatch' : 'register.bank.hint.phone')}
          style={{ marginBottom: 16 }}
        />
      )}
      <RegistrationSummary summary={summary} idTypes={idTypes} />
      <p style={{ marginTop: 16 }}>{t('register.bank.intro')}</p>
      {sendError && <Alert type="error" showIcon role="alert" data-testid="register-bank-send-alert" title={sendError.message} style={{ marginBottom: 16 }} />}
      <Form form={form} name="bank" layout="vertical" size="large" requiredMark={false} onFinish={() => void next()}>
        <Form.Item name="cardNumber" label={t('register.bank.cardNumber')} rules={[{ required: true, whitespace: true, message: t('realName.field.required') }]}>
          <Input data-testid="register-bank-card" inputMode="numeric" autoComplete="off" maxLength={23} />
        </Form.Item>
        <Form.Item name="phone" label={t('register.bank.phone')} rules={[{ required: true, whitespace: true, message: t('realName.sms.phone.required') }]}>
          <Input data-testid="register-bank-phone" inputMode="numeric" autoComplete="tel" maxLength={11} />
        </Form.Item>
        <CaptchaField flowId={flowId} nonce={nonce} onRefresh={() => setNonce((n) => n + 1)} testId="register-bank" />
        <Button size="large" disabled={wait > 0} loading={sending} onClick={() => void sendCode()} data-testid="register-bank-send" style={{ marginBottom: 16 }}>
          {wait > 0 ? t('realName.sms.resend', { seconds: String(wait) }) : t('register.bank.sendCode')}
        </Button>
        {sent && <Alert type="success" showIcon data-testid="register-bank-sent" title={t('register.bank.codeSent', { phone: sent })} style={{ marginBottom: 16 }} />}
        {summary.bankPhoneProven && !sent && <Alert type="info" showIcon title={t('register.bank.proven')} style={{ marginBottom: 16 }} />}
        <Form.Item name="code" label={t('register.bank.code')} rules={[{ pattern: /^\s*\d{6}\s*$/, message: t('realName.sms.code.required') }]}>
          <Input data-testid="register-bank-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <Typography.Title level={4} id="agreement-title">
          {t('register.agreement.title')}
        </Typography.Title>
        <AgreementText labelledBy="agreement-title" testId="register-agreement-text" />
        <AgreeCheckbox testId="register-agree">{t('register.agree')}</AgreeCheckbox>
        <div className="sf-step-buttons">
          <Button size="large" disabled={reg.busy} data-testid="register-back" onClick={() => void reg.run(registrationBack)}>
            {t('common.back')}
          </Button>
          <Button type="primary" size="large" loading={reg.busy} data-testid="register-submit" onClick={() => void next()}>
            {t('common.next')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
