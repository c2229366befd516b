// 身份验证 / Verify it is you: the modal a page opens when the server answers reauth.required — password, or an SMS code to the bound phone.
import { Alert, Button, Form, Input, Modal, Radio, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { getAccountSettings, reauthWithPassword, sendSmsReauthCode, startSmsReauth, verifySmsReauth, type AccountSettings } from '../../../accountSettingsApi';
import { CaptchaField } from '../../../components/CaptchaField';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';

type Method = 'password' | 'sms';

function ReauthModal({ open, onDone }: { open: boolean; onDone: (ok: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password?: string; captcha?: string; code?: string }>();
  const [info, setInfo] = useState<AccountSettings['reauth'] | null>(null);
  const [method, setMethod] = useState<Method>('password');
  const [flow, setFlow] = useState<{ id: string; captcha?: string } | null>(null);
  const [nonce, setNonce] = useState(0);
  const [codeSent, setCodeSent] = useState(false);
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setFlow(null);
    setCodeSent(false);
    getAccountSettings().then(
      (s) => {
        setInfo(s.reauth);
        setMethod(s.reauth.methods[0] ?? 'password');
      },
      (err: unknown) => isApiError(err) && setError(err),
    );
  }, [open]);

  // What was typed is cleared on closing, not on opening: a reset as the modal opens could wipe a
  // password typed in the moment before it ran (a browser test once typed faster than that).
  const close = (ok: boolean) => {
    form.resetFields();
    onDone(ok);
  };

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const startSms = useCallback(async () => {
    try {
      const res = await startSmsReauth();
      setFlow({ id: res.flow.id, ...(res.flow.captcha ? { captcha: res.flow.captcha } : {}) });
    } catch (err) {
      if (isApiError(err)) setError(err);
    }
  }, []);

  useEffect(() => {
    if (open && method === 'sms' && !flow) void startSms();
  }, [open, method, flow, startSms]);

  const refreshCaptcha = () => {
    setFlow((f) => (f ? { id: f.id } : f));
    setNonce((n) => n + 1);
  };

  const sendCode = async () => {
    if (!flow) return;
    const captcha = (form.getFieldValue('captcha') as string | undefined)?.trim();
    if (!captcha) {
      form.setFields([{ name: 'captcha', errors: [t('captcha.required')] }]);
      return;
    }
    setError(null);
    try {
      const sent = await sendSmsReauthCode(flow.id, captcha);
      setCodeSent(true);
      setWait(sent.resendAfterSeconds);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      applyFieldErrors(form, err, ['captcha']);
    } finally {
      form.setFieldValue('captcha', '');
      refreshCaptcha();
    }
  };

  // Only the chosen method's field counts: the picture code was used up by sending the SMS.
  const submit = async () => {
    const values = await form.validateFields([method === 'password' ? 'password' : 'code']).catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      if (method === 'password') await reauthWithPassword(values.password ?? '');
      else if (flow) await verifySmsReauth(flow.id, values.code ?? '');
      close(true);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      if (err.code === 'reauth.wrong_password') form.setFields([{ name: 'password', value: '', errors: [err.message] }]);
      if (err.code.startsWith('otp.')) form.setFields([{ name: 'code', errors: [err.message] }]);
      if (['flow.expired', 'flow.not_found', 'flow.wrong_state', 'otp.too_many_attempts'].includes(err.code)) {
        setFlow(null);
        setCodeSent(false);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('reauth.title')} footer={null} onCancel={() => close(false)} destroyOnHidden maskClosable={false} width={560}>
      <div data-testid="reauth-modal" className="sf-stack">
        <p>{t('reauth.intro', { minutes: info?.minutes ?? 10 })}</p>
        {info && info.methods.length > 1 && (
          <Radio.Group
            data-testid="reauth-method"
            value={method}
            size="large"
            optionType="button"
            onChange={(e) => {
              setError(null);
              setMethod(e.target.value as Method);
            }}
            options={[
              { value: 'password', label: <span data-testid="reauth-method-password">{t('reauth.method.password')}</span> },
              { value: 'sms', label: <span data-testid="reauth-method-sms">{t('reauth.method.sms')}</span> },
            ]}
          />
        )}
        {error && <Alert type="error" showIcon role="alert" data-testid="reauth-alert" title={error.message} />}
        <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={() => void submit()}>
          {method === 'password' ? (
            <Form.Item name="password" label={t('reauth.password')} rules={[{ required: true, message: t('reauth.password.required') }]}>
              <Input.Password data-testid="reauth-password" autoComplete="current-password" autoFocus onPressEnter={() => void submit()} />
            </Form.Item>
          ) : (
            <>
              {info?.phoneMasked && <p data-testid="reauth-phone">{t('reauth.sms.phone', { phone: info.phoneMasked })}</p>}
              {flow && <CaptchaField flowId={flow.id} nonce={nonce} src={flow.captcha ?? null} onRefresh={refreshCaptcha} testId="reauth" />}
              <Button size="large" block data-testid="reauth-send-code" disabled={!flow || wait > 0} onClick={() => void sendCode()}>
                {wait > 0 ? t('reauth.sms.resend', { seconds: wait }) : t('reauth.sms.send')}
              </Button>
              {codeSent && <Alert type="success" showIcon title={t('reauth.sms.sent')} className="sf-form-alert" />}
              <Form.Item name="code" label={t('sms.code')} rules={[{ required: true, whitespace: true, message: t('sms.code.required') }]}>
                <Input data-testid="reauth-code" placeholder={t('sms.code.placeholder')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
            </>
          )}
          <Space size="middle">
            <Button type="primary" size="large" loading={busy} data-testid="reauth-submit" disabled={method === 'sms' && !codeSent} onClick={() => void submit()}>
              {t('reauth.submit')}
            </Button>
            <Button size="large" data-testid="reauth-cancel" onClick={() => close(false)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Form>
      </div>
    </Modal>
  );
}

/**
 * `const { withReauth, askReauth, reauthModal } = useReauth()`: `await withReauth(() => changeIt())`
 * runs the call, and when the server answers reauth.required opens 身份验证 and, once verified, runs it again.
 * Resolves to undefined when the person cancels. Render `reauthModal` somewhere in the page.
 */
export function useReauth() {
  const pending = useRef<((ok: boolean) => void) | null>(null);
  const [open, setOpen] = useState(false);

  const askReauth = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        pending.current = resolve;
        setOpen(true);
      }),
    [],
  );

  const withReauth = useCallback(
    async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call();
      } catch (err) {
        if (!isApiError(err, 'reauth.required')) throw err;
        if (!(await askReauth())) return undefined;
        return call();
      }
    },
    [askReauth],
  );

  const onDone = (ok: boolean) => {
    setOpen(false);
    pending.current?.(ok);
    pending.current = null;
  };

  return { withReauth, askReauth, reauthModal: <ReauthModal open={open} onDone={onDone} /> };
}
