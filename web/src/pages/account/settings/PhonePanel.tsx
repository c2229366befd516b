// 修改手机号码 (seed 002 §2.7, seed 000 手机绑定): 验证身份 → 绑定手机 → 完成. Two ways to bind: 银联实名认证修改手机号
// (银行卡号 + the new number as the bank-reserved one, 获取验证码, 验证码, 确认修改; the bank check keeps the 实名等级) and
// the plain change by SMS code. Before either, the page says when a plain change would lower the 实名等级, and why.
import { Alert, Button, Card, Form, Input, Radio, Result, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../../api';
import {
  confirmBankPhoneChange,
  confirmPhoneChange,
  getAccountSettings,
  getPhoneChangeImpact,
  sendPhoneCode,
  startPhoneChange,
  type PhoneChanged,
  type PhoneChangeImpact,
} from '../../../accountSettingsApi';
import { CaptchaField } from '../../../components/CaptchaField';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/zh-CN';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { ASSURANCE_LEVELS, type AssuranceLevel } from '../../../types';
import { BackToSecurity } from './SecurityPanel';
import { useReauthFlow } from './useReauthFlow';
import { PageHeading } from '../../../components/PageHeading';

interface Values {
  cardNumber: string;
  phone: string;
  captcha: string;
  code: string;
}
type Mode = 'bank' | 'sms';

const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state', 'otp.too_many_attempts'];
/** Refusals that come after the code was accepted: the number stays proven, another card needs no new code. */
const AFTER_CODE = ['realname.bank_phone_mismatch', 'realname.bank_mismatch', 'realname.unavailable', 'phone.taken', 'rate_limited'];
const rank = (level: AssuranceLevel) => ASSURANCE_LEVELS.indexOf(level);

export function PhonePanel() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { data } = useSignedInData(getAccountSettings);
  const { data: impact } = useSignedInData(getPhoneChangeImpact);
  const { flow, nonce, refreshCaptcha, start, restart, error, setError, withReauth, reauthModal } = useReauthFlow(startPhoneChange);
  const [chosen, setChosen] = useState<Mode | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [proven, setProven] = useState(false);
  const [wait, setWait] = useState(0);
  const [done, setDone] = useState<(PhoneChanged & { before: AssuranceLevel | null }) | null>(null);
  const [busy, setBusy] = useState(false);

  const lowers = impact !== null && rank(impact.levelAfterPlainChange) < rank(impact.assuranceLevel);
  const bankOpen = impact?.bankChange.available ?? false;
  // The bank-checked way first when a plain change would cost the person their level.
  const mode: Mode = chosen ?? (lowers && bankOpen ? 'bank' : 'sms');

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
      setProven(false);
      await restart();
    }
  };

  const switchMode = async (next: Mode) => {
    setChosen(next);
    setError(null);
    // A number proven on the bank-checked way has used its code up: the plain way starts again.
    if (proven) {
      setSentTo(null);
      setProven(false);
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
        setProven(false);
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

  // Only the code (and on the bank-checked way the card) is needed now: the picture code was used up by sending.
  const confirm = async () => {
    if (!flow) return;
    const names: Array<keyof Values> = mode === 'bank' ? (proven ? ['cardNumber'] : ['cardNumber', 'code']) : ['code'];
    const values = await form.validateFields(names).catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const res = await withReauth(() =>
        mode === 'bank' ? confirmBankPhoneChange(flow.id, { cardNumber: values.cardNumber, ...(proven ? {} : { code: values.code }) }) : confirmPhoneChange(flow.id, values.code),
      );
      if (res) setDone({ ...res, before: impact?.assuranceLevel ?? null });
    } catch (err) {
      if (mode === 'bank' && isApiError(err) && AFTER_CODE.includes(err.code)) setProven(true);
      await fail(err, ['code', 'phone', 'cardNumber']);
    } finally {
      setBusy(false);
    }
  };

  const levelText = (level: AssuranceLevel) => t('phone.levelText', { level, name: t(`level.${level}`) });
  const step = done ? 2 : flow ? 1 : 0;
  return (
    <Card title={<PageHeading>{t('phone.title')}</PageHeading>} className="sf-panel" extra={<BackToSecurity />}>
      {reauthModal}
      <Steps
        data-testid="phone-steps"
        current={step}
        className="sf-steps"
        items={[{ title: t('phone.step.verify') }, { title: t('phone.step.bind') }, { title: t('phone.step.done') }]}
      />
      <div className="sf-column">
        {!done && lowers && impact && (
          <Alert
            type="warning"
            showIcon
            data-testid="phone-level-warning"
            className="sf-form-alert"
            title={t('phone.level.warning.title')}
            description={
              <>
                <p>
                  {t('phone.level.warning.desc', {
                    from: levelText(impact.assuranceLevel),
                    to: levelText(impact.levelAfterPlainChange),
                    methods: impact.phoneBoundMethods.map((m) => t(`realName.method.${m}` as MessageKey)).join(lang === 'en-US' ? ' and ' : '、'),
                  })}
                </p>
                <p>{bankOpen ? t('phone.level.warning.bank') : t('phone.level.warning.noBank')}</p>
              </>
            }
          />
        )}
        {error && <Alert type="error" showIcon role="alert" data-testid="phone-alert" title={error.message} className="sf-form-alert" />}
        {done ? (
          <Result
            status="success"
            data-testid="phone-done"
            title={t('phone.done')}
            subTitle={
              <>
                <p>{t('phone.done.desc', { phone: done.phoneMasked })}</p>
                <p data-testid="phone-done-level">{t('phone.done.level', { level: levelText(done.assuranceLevel) })}</p>
                {done.before && rank(done.assuranceLevel) < rank(done.before) && <p data-testid="phone-done-lowered">{t('phone.done.lowered', { level: levelText(done.before) })}</p>}
              </>
            }
            extra={[
              ...(done.before && rank(done.assuranceLevel) < rank(done.before)
                ? [
                    <Button key="realname" type="primary" size="large" data-testid="phone-done-realname" onClick={() => navigate('/account/real-name')}>
                      {t('phone.done.toRealName')}
                    </Button>,
                  ]
                : []),
              <BackToSecurity key="back" />,
            ]}
          />
        ) : !flow ? (
          <div className="sf-stack">
            <p>{t('phone.verifyFirst')}</p>
            <Button type="primary" size="large" block data-testid="phone-verify" onClick={() => void start()}>
              {t('reauth.verifyNow')}
            </Button>
          </div>
        ) : (
          <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={() => void confirm()}>
            {data?.settings.phoneMasked &&
              (data.settings.phoneVerified ? (
                <p data-testid="phone-current">{t('phone.current', { phone: data.settings.phoneMasked })}</p>
              ) : (
                <Alert type="info" showIcon className="sf-form-alert" data-testid="phone-verify-current" title={t('phone.unverified.how', { phone: data.settings.phoneMasked })} />
              ))}
            {bankOpen && (
              <Form.Item label={t('phone.mode')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  value={mode}
                  onChange={(e) => void switchMode(e.target.value as Mode)}
                  options={[
                    { value: 'bank', label: <span data-testid="phone-mode-bank">{t('phone.mode.bank')}</span> },
                    { value: 'sms', label: <span data-testid="phone-mode-sms">{t('phone.mode.sms')}</span> },
                  ]}
                />
              </Form.Item>
            )}
            {mode === 'bank' && (
              <>
                <p data-testid="phone-bank-intro">{t('phone.bank.intro')}</p>
                <Form.Item
                  name="cardNumber"
                  label={t('phone.bank.cardNumber')}
                  extra={impact?.bankChange.bankCardMasked ? t('phone.bank.cardOnFile', { card: impact.bankChange.bankCardMasked }) : undefined}
                  rules={[{ required: true, whitespace: true, message: t('phone.bank.cardNumber.required') }]}
                >
                  <Input data-testid="phone-bank-card" placeholder={t('phone.bank.cardNumber.placeholder')} inputMode="numeric" maxLength={23} autoComplete="off" />
                </Form.Item>
              </>
            )}
            <Form.Item
              name="phone"
              label={mode === 'bank' ? t('phone.bank.phone') : t('phone.new')}
              extra={mode === 'bank' ? t('phone.bank.phone.extra') : undefined}
              rules={[{ required: true, whitespace: true, message: t('phone.new.required') }]}
            >
              <Input data-testid="phone-new" placeholder={t('phone.new.placeholder')} inputMode="tel" maxLength={20} autoComplete="tel" />
            </Form.Item>
            <p>{t('phone.sendHint')}</p>
            <CaptchaField flowId={flow.id} nonce={nonce} src={flow.captcha ?? null} onRefresh={refreshCaptcha} testId="phone" />
            <Button size="large" block data-testid="phone-send-code" disabled={wait > 0} onClick={() => void sendCode()}>
              {wait > 0 ? t('reauth.sms.resend', { seconds: wait }) : t('reauth.sms.send')}
            </Button>
            {sentTo && !proven && <Alert type="success" showIcon title={t('reauth.sms.sent')} className="sf-form-alert" data-testid="phone-code-sent" />}
            {proven ? (
              <Alert type="info" showIcon title={t('phone.bank.proven')} className="sf-form-alert" data-testid="phone-proven" />
            ) : (
              <Form.Item name="code" label={t('sms.code')} rules={[{ required: true, whitespace: true, message: t('sms.code.required') }]}>
                <Input data-testid="phone-code" placeholder={t('sms.code.placeholder')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
            )}
            <Button type="primary" size="large" block loading={busy} disabled={!sentTo} data-testid="phone-submit" onClick={() => void confirm()}>
              {t('phone.submit')}
            </Button>
          </Form>
        )}
      </div>
    </Card>
  );
}
