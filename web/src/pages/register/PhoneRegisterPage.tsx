// /register/phone: 手机号注册 (seed 002 §2.1) — mobile number as login name, nickname, password twice,
// image captcha, SMS code, the agreement; then signed in and on to 实名认证 (/account/real-name), which opens
// 身份证实名认证 at once for the newly registered (state `registered`).
import { Alert, Button, Form, Input } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { StepsPage } from '../../components/StepsPage';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { PhoneField } from '../../components/PhoneField';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { submitDespiteCaptcha } from '../../lib/captchaOnlyForSend';
import { useMeta } from '../../lib/useMeta';
import { usePhoneCodeSend } from '../../lib/usePhoneCodeSend';
import { requestRegistrationCode, startPhoneRegistration, submitPhoneRegistration } from '../../selfServiceEndpoints';
import { AgreeCheckbox, AgreementText } from './AgreementParts';

interface Values {
  phone: string;
  nickname: string;
  password: string;
  confirmPassword: string;
  captcha: string;
  code: string;
  agree: boolean;
}

const FIELDS = ['phone', 'nickname', 'password', 'confirmPassword', 'captcha', 'code', 'agree'] as const;

export function PhoneRegisterPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [flowId, setFlowId] = useState<string | null>(null);
  const [captchaSrc, setCaptchaSrc] = useState<string | null>(null);
  const [nonce, setNonce] = useState(() => Date.now());
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);
  const agreed = Form.useWatch('agree', form) === true;
  const { meta } = useMeta();
  const usernameStyle = (meta?.registration.personStyles ?? ['username']).includes('username');

  const refreshCaptcha = useCallback(() => {
    setCaptchaSrc(null);
    setNonce((n) => n + 1);
  }, []);

  const restart = useCallback(async () => {
    setFatal(null);
    try {
      const { flow } = await startPhoneRegistration();
      setFlowId(flow.id);
      setCaptchaSrc(flow.captcha ?? null);
      setNonce((n) => n + 1);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFatal(err);
    }
  }, []);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void restart();
  }, [restart]);

  const { error, setError, info, failed, send } = usePhoneCodeSend({
    form,
    fields: FIELDS,
    request: (body) => requestRegistrationCode(flowId!, body),
    sentInfo: (sent) => t('sms.sent', { phone: sent.maskedPhone ?? '' }),
    refreshCaptcha,
    restart,
  });

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await submitPhoneRegistration(flowId!, {
        phone: v.phone.trim(),
        nickname: v.nickname.trim(),
        password: v.password,
        confirmPassword: v.confirmPassword,
        code: v.code.trim(),
        agree: true,
      });
      renewCsrf();
      navigate(res.next || '/account/real-name', { replace: true, state: { registered: true } });
    } catch (err) {
      await failed(err);
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (fatal) {
    body = <ProblemResult title={t('register.problem.title')} message={fatal.message} action={{ label: t('common.restart'), onClick: () => void restart() }} testId="phone-register-problem" />;
  } else if (!flowId) {
    body = <Loading />;
  } else {
    body = (
      <Form<Values> form={form} name="phoneRegister" layout="vertical" size="large" requiredMark={false} onFinish={onFinish} onFinishFailed={submitDespiteCaptcha(form, onFinish)}>
        {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="phone-register-alert" title={error.message} />}
        {info && !error && <Alert className="sf-form-alert" type="info" showIcon data-testid="phone-register-info" title={info} />}
        <PhoneField testId="phone-register-phone" label={t('sms.phone')} extra={t('phoneRegister.phoneHint')} autoComplete="tel" autoFocus />
        <Form.Item name="nickname" label={t('phoneRegister.nickname')} rules={[{ required: true, whitespace: true, message: t('phoneRegister.nickname.required') }]}>
          <Input data-testid="phone-register-nickname" placeholder={t('phoneRegister.nickname.placeholder')} maxLength={20} autoComplete="nickname" />
        </Form.Item>
        <NewPasswordFields testId="phone-register" passwordLabel={t('register.password')} confirmLabel={t('register.confirmPassword')} confirmPlaceholder={t('register.confirmPassword.placeholder')} />
        <CaptchaField flowId={flowId} nonce={nonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="phone-register" />
        <SmsCodeField onSend={send} testId="phone-register" />
        <details className="sf-agreement-details">
          <summary>{t('register.agreement.title')}</summary>
          <AgreementText />
        </details>
        <AgreeCheckbox testId="phone-register-agree">{t('phoneRegister.agree')}</AgreeCheckbox>
        <Button type="primary" htmlType="submit" size="large" block disabled={!agreed} loading={busy} data-testid="phone-register-submit">
          {t('register.submit')}
        </Button>
      </Form>
    );
  }

  return (
    <StepsPage title={t('phoneRegister.title')} current={0} steps={[t('phoneRegister.step.info'), t('phoneRegister.step.realName'), t('phoneRegister.step.done')]}>
      {body}
      <p className="sf-card-links">
        {t('register.haveAccount')} <BackToLoginLink />
        {usernameStyle && (
          <>
            {' · '}
            <Link to="/register" data-testid="phone-register-by-username">
              {t('phoneRegister.byUsername')}
            </Link>
          </>
        )}
      </p>
    </StepsPage>
  );
}
