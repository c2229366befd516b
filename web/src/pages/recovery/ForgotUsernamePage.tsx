// /login/forgot-username: 忘记用户名 (seed 001) — identity details + phone + image captcha → SMS code → the
// username goes to that phone by SMS; the page never shows it, and answers alike whether or not the details match.
import { Alert, Button, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { StepsPage } from '../../components/StepsPage';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { idTypeLabel } from '../../lib/labels';
import { useMeta } from '../../lib/useMeta';
import { reminderBack, startUsernameReminder, submitReminderCode, submitReminderIdentity } from '../../selfServiceEndpoints';
import type { Flow } from '../../types';
import { PhoneField } from '../../components/PhoneField';
import { DoneToLogin } from './DoneToLogin';
import { useSelfServiceFlow } from './useSelfServiceFlow';

interface IdentityValues {
  name: string;
  idType: string;
  idNumber: string;
  phone: string;
  captcha: string;
}

const STEP_OF: Record<string, number> = { identity: 0, code: 1, completed: 2 };
const ID_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'captcha'] as const;
const RESUME = { storageKey: 'shenfen.reminderFlowId', kind: 'username_reminder' };

export function ForgotUsernamePage() {
  const { t, lang } = useI18n();
  const { meta } = useMeta();
  // A reload (or a look at the SMS on the same phone) comes back to the step the flow is at.
  const rem = useSelfServiceFlow<Flow>(startUsernameReminder, RESUME);
  const [form] = Form.useForm<IdentityValues>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const [resendAfter, setResendAfter] = useState(0);
  const state = rem.flow?.state;
  const idTypes = meta?.idTypes ?? [{ value: 'resident_id', label: '' }];

  const sendIdentity = async (v: IdentityValues) => {
    let wait = 0;
    const err = await rem.run(async (id) => {
      const res = await submitReminderIdentity(id, { ...v, name: v.name.trim(), idNumber: v.idNumber.trim(), phone: v.phone.trim() });
      wait = res.sent.resendAfterSeconds;
      return res;
    });
    form.setFieldValue('captcha', '');
    rem.refreshCaptcha();
    if (err) applyFieldErrors(form, err, ID_FIELDS);
    else setResendAfter(wait);
  };

  let body;
  if (rem.fatal) {
    body = <ProblemResult title={t('forgotUsername.title')} message={rem.fatal.message} action={{ label: t('common.restart'), onClick: () => void rem.restart() }} testId="reminder-problem" />;
  } else if (!rem.flow) {
    body = <Loading />;
  } else if (state === 'identity') {
    body = (
      <Form<IdentityValues> form={form} name="reminderIdentity" layout="vertical" size="large" requiredMark={false} initialValues={{ idType: 'resident_id' }} onFinish={(v) => void sendIdentity(v)} data-testid="reminder-step-identity">
        <Typography.Paragraph>{t('forgotUsername.intro')}</Typography.Paragraph>
        <Form.Item name="name" label={t('register.name')} rules={[{ required: true, whitespace: true, message: t('register.name.required') }]}>
          <Input data-testid="reminder-name" placeholder={t('register.name.placeholder')} maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item name="idType" label={t('register.idType')} rules={[{ required: true, message: t('register.idType.required') }]}>
          <Select data-testid="reminder-id-type" options={idTypes.map((o) => ({ value: o.value, label: idTypeLabel(o.value, lang, t, meta?.idTypes) }))} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('register.idNumber')} rules={[{ required: true, whitespace: true, message: t('register.idNumber.required') }]}>
          <Input data-testid="reminder-id-number" placeholder={t('register.idNumber.placeholder')} maxLength={32} autoComplete="off" />
        </Form.Item>
        <PhoneField testId="reminder-phone" label={t('register.phone')} />
        <CaptchaField flowId={rem.flow.id} nonce={rem.captchaNonce} src={rem.captchaSrc} onRefresh={rem.refreshCaptcha} testId="reminder" />
        <Button type="primary" htmlType="submit" size="large" block loading={rem.busy} data-testid="reminder-identity-submit">
          {t('sms.send')}
        </Button>
      </Form>
    );
  } else if (state === 'code') {
    body = (
      <Form form={codeForm} name="reminderCode" layout="vertical" size="large" requiredMark={false} data-testid="reminder-step-code"
        onFinish={(v) => void rem.run((id) => submitReminderCode(id, v.code.trim())).then((err) => err && applyFieldErrors(codeForm, err, ['code']))}
      >
        <Alert className="sf-form-alert" type="info" showIcon data-testid="reminder-sms-info" title={t('sms.sentIfMatches')} />
        {/* A new code needs a new picture code, so 获取短信验证码 here goes back to the first step. */}
        <SmsCodeField
          initialWait={resendAfter}
          testId="reminder"
          onSend={async () => {
            await rem.run(reminderBack);
            rem.refreshCaptcha();
            return null;
          }}
        />
        <div className="sf-step-buttons">
          <Button size="large" disabled={rem.busy} data-testid="reminder-back" onClick={() => void rem.run(reminderBack).then(() => rem.refreshCaptcha())}>
            {t('common.back')}
          </Button>
          <Button type="primary" htmlType="submit" size="large" loading={rem.busy} data-testid="reminder-code-submit">
            {t('common.next')}
          </Button>
        </div>
      </Form>
    );
  } else {
    body = <DoneToLogin testId="reminder" title={t('forgotUsername.done')} hint={t('forgotUsername.doneHint')} />;
  }

  return (
    <StepsPage
      title={t('forgotUsername.title')}
      current={STEP_OF[state ?? 'identity'] ?? 0}
      status={state === 'completed' ? 'finish' : 'process'}
      steps={[t('forgotUsername.step.identity'), t('forgotUsername.step.code'), t('forgotUsername.step.done')]}
    >
      {rem.error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="reminder-alert" title={rem.error.message} />}
      {body}
      {state !== 'completed' && (
        <p className="sf-card-links">
          <BackToLoginLink />
        </p>
      )}
    </StepsPage>
  );
}
