// The seed's three steps for the SMS methods (seed 002 §2.9.1.2–2.9.1.6): 获取短信验证码 → 填写认证信息 → 认证完成.
import { Alert, Button, Form, Input, Result, Space, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/zh-CN';
import { applyFieldErrors } from '../../../lib/formErrors';
import type { AssuranceLevel } from '../../../types';
import { CaptchaField } from '../../../components/CaptchaField';
import { confirmMethodCode, sendMethodCode, startMethodStep, verifyMethod } from './api';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  maxLength: number;
  inputMode?: 'numeric' | 'text';
}

/** The fields each SMS method asks for in its second step. */
export const METHOD_FIELDS: Record<string, FieldSpec[]> = {
  bank4: [{ name: 'cardNumber', label: 'realName.field.cardNumber', maxLength: 23, inputMode: 'numeric' }],
  social_security: [{ name: 'socialSecurityNumber', label: 'realName.field.socialSecurityNumber', maxLength: 20 }],
  housing_fund: [{ name: 'cardNumber', label: 'realName.field.housingFundCard', maxLength: 23, inputMode: 'numeric' }],
  telecom3: [],
  drivers_licence: [{ name: 'fileNumber', label: 'realName.field.fileNumber', maxLength: 12, inputMode: 'numeric' }],
};

interface Props {
  method: string;
  smsTo: 'account_phone' | 'checked_phone';
  fields: FieldSpec[];
  intro: MessageKey;
  onDone: () => void;
  onCancel: () => void;
  /** What '认证' does with the flow and the fields (default: the method's own check). */
  submit?: (flowId: string, values: Record<string, string>) => Promise<{ assuranceLevel: AssuranceLevel }>;
  doneTitle?: MessageKey;
}

export function SmsMethodVerification({ method, smsTo, fields, intro, onDone, onCancel, submit, doneTitle }: Props) {
  const { t } = useI18n();
  const [codeForm] = Form.useForm<{ phone?: string; captcha: string; code: string }>();
  const [dataForm] = Form.useForm<Record<string, string>>();
  const [step, setStep] = useState(0);
  const [flowId, setFlowId] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [level, setLevel] = useState<AssuranceLevel | null>(null);
  // The step's picture code: inline at first, then fetched anew after each use.
  const [captchaSrc, setCaptchaSrc] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    startMethodStep(method).then(
      (s) => {
        if (!live) return;
        setFlowId(s.flowId);
        setCaptchaSrc(s.captcha);
      },
      (err: unknown) => live && isApiError(err) && setError(err),
    );
    return () => {
      live = false;
    };
  }, [method]);

  const newCaptcha = () => {
    codeForm.setFieldValue('captcha', '');
    setCaptchaSrc(null);
    setNonce((n) => n + 1);
  };

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const guarded = async (work: () => Promise<void>, form?: Parameters<typeof applyFieldErrors>[0], names: readonly string[] = []) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (!form || !applyFieldErrors(form, err, names)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    const v = await codeForm.validateFields(smsTo === 'checked_phone' ? ['phone', 'captcha'] : ['captcha']).catch(() => null);
    if (!v || !flowId) return;
    await guarded(async () => {
      try {
        const res = await sendMethodCode(method, { flowId, captcha: v.captcha, ...(v.phone ? { phone: v.phone } : {}) });
        setSentTo(res.maskedPhone);
        setWait(res.resendAfterSeconds);
      } finally {
        newCaptcha();
      }
    }, codeForm, ['phone', 'captcha']);
  };

  // 下一步 checks the SMS code only: the picture code belongs to 获取短信验证码.
  const confirm = async () => {
    const v = await codeForm.validateFields(['code']).catch(() => null);
    if (!v) return;
    await guarded(async () => {
      await confirmMethodCode(method, flowId!, v.code);
      setStep(1);
    }, codeForm, ['code']);
  };

  const check = (values: Record<string, string>) =>
    guarded(async () => {
      const res = submit ? await submit(flowId!, values) : await verifyMethod(method, { flowId: flowId!, ...values });
      setLevel(res.assuranceLevel);
      setStep(2);
    }, dataForm, fields.map((f) => f.name));

  return (
    <div data-testid={`realname-${method}`}>
      <Steps
        className="sf-steps"
        current={step}
        data-testid="realname-steps"
        items={[{ title: t('realName.step.sms') }, { title: t('realName.step.data') }, { title: t('realName.step.done') }]}
      />
      {step < 2 && <p>{t(intro)}</p>}
      {error && <Alert type="error" showIcon role="alert" data-testid="realname-alert" title={error.message} style={{ marginBottom: 16 }} />}
      {step === 0 && (
        <Form form={codeForm} layout="vertical" size="large" requiredMark={false} onFinish={() => void confirm()}>
          {smsTo === 'checked_phone' ? (
            <Form.Item name="phone" label={t(method === 'bank4' ? 'realName.sms.bankPhone' : 'realName.sms.phone')} rules={[{ required: true, whitespace: true, message: t('realName.sms.phone.required') }]}>
              <Input data-testid="realname-phone" inputMode="numeric" autoComplete="tel" maxLength={11} />
            </Form.Item>
          ) : (
            <p>{t('realName.sms.toAccount')}</p>
          )}
          {flowId && <CaptchaField flowId={flowId} nonce={nonce} src={captchaSrc} onRefresh={newCaptcha} testId="realname" />}
          <Button size="large" disabled={wait > 0 || !flowId} loading={busy && step === 0 && !sentTo} onClick={() => void send()} data-testid="realname-send-code" style={{ marginBottom: 16 }}>
            {wait > 0 ? t('realName.sms.resend', { seconds: String(wait) }) : t('realName.sms.send')}
          </Button>
          {sentTo && (
            <Alert type="success" showIcon data-testid="realname-code-sent" title={t('realName.sms.sent', { phone: sentTo })} style={{ marginBottom: 16 }} />
          )}
          <Form.Item name="code" label={t('realName.sms.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('realName.sms.code.required') }]}>
            <Input data-testid="realname-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} disabled={!sentTo} />
          </Form.Item>
          <Space>
            <Button type="primary" disabled={!sentTo} loading={busy} data-testid="realname-code-submit" onClick={() => void confirm()}>
              {t('common.next')}
            </Button>
            <Button onClick={onCancel}>{t('realName.cancel')}</Button>
          </Space>
        </Form>
      )}
      {step === 1 && (
        <Form form={dataForm} layout="vertical" size="large" requiredMark={false} onFinish={(v) => void check(v)}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={[{ required: true, whitespace: true, message: t('realName.field.required') }]}>
              <Input data-testid={`realname-field-${f.name}`} inputMode={f.inputMode ?? 'text'} autoComplete="off" maxLength={f.maxLength} />
            </Form.Item>
          ))}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="realname-submit">
              {t('realName.submit')}
            </Button>
            <Button onClick={onCancel}>{t('realName.cancel')}</Button>
          </Space>
        </Form>
      )}
      {step === 2 && level && (
        <Result
          status="success"
          data-testid="realname-done"
          title={t(doneTitle ?? 'realName.done')}
          subTitle={t('realName.done.level', { level: `${level} ${t(`level.${level}`)}` })}
          extra={
            <Button type="primary" size="large" onClick={onDone} data-testid="realname-done-back">
              {t('realName.cancel')}
            </Button>
          }
        />
      )}
    </div>
  );
}
