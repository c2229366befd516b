// /login/forgot-password: 忘记密码 in the four steps of seed 002 §2.3 — 输入帐户名 → 验证身份 → 重置密码 → 修改完成.
// 验证身份 offers the two ways of seed 001: 证件号码 + 手机验证码, or 密保问题 — and 银行卡验证 (Bank4Verify),
// after which 重置密码 says the account's 姓名 and 手机号 become the bank-verified ones and 修改完成 says they did.
// /org/forgot-password is the org variant (accountKind 'org'): the org's security questions (OrgQuestionsVerify).
// Seed 000: the page switches between 自然人找回密码 and 单位找回密码 (KindSwitch, above the steps).
import { Alert, Button, Form, Input, Radio, Segmented, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { StepsPage } from '../../components/StepsPage';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { SmsCodeField } from '../../components/SmsCodeField';
import { useI18n } from '../../i18n/context';
import { submitDespiteCaptcha } from '../../lib/captchaOnlyForSend';
import { applyFieldErrors } from '../../lib/formErrors';
import {
  answerRecoveryQuestions,
  getSecurityQuestionList,
  recoveryBack,
  requestRecoveryCode,
  resetRecoveredPassword,
  startRecovery,
  submitRecoveryAccount,
  submitRecoveryCode,
  type RecoveryFlow,
  type SecurityQuestion,
} from '../../selfServiceEndpoints';
import { DoneToLogin } from './DoneToLogin';
import { useSelfServiceFlow, type SelfServiceFlow } from './useSelfServiceFlow';
import { Bank4Verify } from './Bank4Verify';
import { OrgQuestionsVerify } from './OrgQuestionsVerify';

// 刷脸认证找回 runs on its own capture page (/login/forgot-password/face, src/shared/capture-pages.ts),
// in the face chunk: Human and the capture component load only there.
const RecoveryFaceVerify = lazy(async () => ({ default: (await import('../face/pages')).RecoveryFaceVerify }));

const STEP_OF: Record<string, number> = { account: 0, verify: 1, reset: 2, completed: 3 };
const RESUME = { storageKey: 'shenfen.recoveryFlowId', kind: 'recovery' };

/** `face`: the 刷脸认证找回 page, whose 验证身份 step is the face capture. */
export function ForgotPasswordPage({ accountKind = 'person', face = false }: { accountKind?: 'person' | 'org'; face?: boolean } = {}) {
  const { t } = useI18n();
  const org = accountKind === 'org';
  const title = org ? t('forgotPassword.org.title') : t('forgotPassword.title');
  // A reload (or a look at the SMS on the same phone) comes back to the step the flow is at.
  const rec = useSelfServiceFlow<RecoveryFlow>(startRecovery, { ...RESUME, storageKey: `${RESUME.storageKey}.${accountKind}` });
  const state = rec.flow?.state;

  let body;
  if (rec.fatal) {
    body = <ProblemResult title={title} message={rec.fatal.message} action={{ label: t('common.restart'), onClick: () => void rec.restart() }} testId="recovery-problem" />;
  } else if (!rec.flow) {
    body = <Loading />;
  } else if (state === 'account') {
    body = <AccountStep rec={rec} accountKind={accountKind} />;
  } else if (state === 'verify') {
    body = face && accountKind === 'person' ? (
      <Suspense fallback={<Loading />}>
        <RecoveryFaceVerify rec={rec} back={<BackButton rec={rec} />} />
      </Suspense>
    ) : (
      <VerifyStep rec={rec} />
    );
  } else if (state === 'reset') {
    body = <ResetStep rec={rec} />;
  } else {
    body = <DoneStep org={org} rec={rec} />;
  }

  return (
    <StepsPage
      title={title}
      top={state !== 'completed' && <KindSwitch accountKind={accountKind} />}
      testId="recovery-steps"
      current={STEP_OF[state ?? 'account'] ?? 0}
      status={state === 'completed' ? 'finish' : 'process'}
      steps={[t('forgotPassword.step.account'), t('forgotPassword.step.verify'), t('forgotPassword.step.reset'), t('forgotPassword.step.done')]}
    >
      {rec.error && (
        <Alert
          className="sf-form-alert"
          type="error"
          showIcon
          role="alert"
          data-testid="recovery-alert"
          title={rec.error.message}
          action={
            // 重新开始 (another way to verify) where this flow cannot go on: too many tries, or a bank phone another account holds.
            rec.error.code === 'recovery.too_many_attempts' || rec.error.code === 'otp.too_many_attempts' || rec.error.code === 'recovery.phone_taken' ? (
              <Button data-testid="recovery-restart" onClick={() => void rec.restart()}>
                {t('common.restart')}
              </Button>
            ) : undefined
          }
        />
      )}
      {body}
      {state !== 'completed' && (
        <p className="sf-card-links">
          <BackToLoginLink />
          {org && state === 'account' && (
            <>
              {' · '}
              <Link to="/org/recover" data-testid="recovery-org-by-documents-start">
                {t('forgotPassword.org.byDocuments')}
              </Link>
            </>
          )}
        </p>
      )}
    </StepsPage>
  );
}

type Rec = SelfServiceFlow<RecoveryFlow>;

const PAGE_OF = { person: '/login/forgot-password', org: '/org/forgot-password' } as const;

/** 自然人找回密码 | 单位找回密码: each goes to the other's page (seed 000). */
function KindSwitch({ accountKind }: { accountKind: 'person' | 'org' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Segmented<'person' | 'org'>
      className="sf-kind-switch"
      size="large"
      block
      data-testid="recovery-kind-switch"
      value={accountKind}
      onChange={(kind) => navigate(PAGE_OF[kind])}
      options={[
        { value: 'person', label: <span data-testid="recovery-kind-person">{t('forgotPassword.kind.person')}</span> },
        { value: 'org', label: <span data-testid="recovery-kind-org">{t('forgotPassword.kind.org')}</span> },
      ]}
    />
  );
}

function AccountStep({ rec, accountKind }: { rec: Rec; accountKind: 'person' | 'org' }) {
  const { t } = useI18n();
  const org = accountKind === 'org';
  const [form] = Form.useForm<{ identifier: string; captcha: string }>();
  const onFinish = async (v: { identifier: string; captcha: string }) => {
    const err = await rec.run((id) => submitRecoveryAccount(id, { identifier: v.identifier.trim(), captcha: v.captcha, ...(org ? { accountKind } : {}) }));
    if (err) {
      form.setFieldValue('captcha', '');
      rec.refreshCaptcha();
      applyFieldErrors(form, err, ['identifier', 'captcha']);
    }
  };
  return (
    <Form form={form} name="recoveryAccount" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)} data-testid="recovery-step-account">
      <Form.Item name="identifier" label={org ? t('forgotPassword.org.identifier') : t('forgotPassword.identifier')} rules={[{ required: true, whitespace: true, message: t('forgotPassword.identifier.required') }]}>
        <Input data-testid="recovery-identifier" placeholder={org ? t('forgotPassword.org.identifier.placeholder') : t('forgotPassword.identifier.placeholder')} autoComplete="username" autoFocus maxLength={64} />
      </Form.Item>
      <CaptchaField flowId={rec.flow!.id} nonce={rec.captchaNonce} src={rec.captchaSrc} onRefresh={rec.refreshCaptcha} testId="recovery" />
      <Button type="primary" htmlType="submit" size="large" block loading={rec.busy} data-testid="recovery-account-submit">
        {t('common.next')}
      </Button>
    </Form>
  );
}

function VerifyStep({ rec }: { rec: Rec }) {
  const { t } = useI18n();
  const [method, setMethod] = useState<'face' | 'sms' | 'security_questions' | 'bank4'>('sms');
  if (rec.flow?.summary?.accountKind === 'org') return <OrgQuestionsVerify rec={rec} back={<BackButton rec={rec} />} />;
  return (
    <div data-testid="recovery-step-verify">
      <Typography.Paragraph strong>{t('forgotPassword.method')}</Typography.Paragraph>
      <Radio.Group
        className="sf-method-choice"
        size="large"
        optionType="button"
        buttonStyle="solid"
        value={method}
        onChange={(e) => {
          rec.setError(null);
          setMethod(e.target.value as typeof method);
        }}
        options={[
          // 刷脸认证找回 first, as seed 000 lists the ways.
          ...(rec.flow?.summary?.methods.includes('face') ? [{ value: 'face' as const, label: <span data-testid="recovery-method-face">{t('forgotPassword.method.face')}</span> }] : []),
          { value: 'sms', label: <span data-testid="recovery-method-sms">{t('forgotPassword.method.sms')}</span> },
          { value: 'security_questions', label: <span data-testid="recovery-method-questions">{t('forgotPassword.method.security_questions')}</span> },
          ...(rec.flow?.summary?.methods.includes('bank4') ? [{ value: 'bank4' as const, label: <span data-testid="recovery-method-bank4">{t('forgotPassword.method.bank4')}</span> }] : []),
        ]}
      />
      <div className="sf-method-body">{method === 'face' ? <FaceWay /> : method === 'sms' ? <SmsVerify rec={rec} /> : method === 'bank4' ? <Bank4Verify rec={rec} back={<BackButton rec={rec} />} /> : <QuestionsVerify rec={rec} />}</div>
    </div>
  );
}

/**
 * 刷脸认证找回 opens its own page by a full page load: the camera is allowed only in the documents of
 * the capture pages (src/shared/capture-pages.ts). The flow resumes there from sessionStorage.
 */
function FaceWay() {
  const { t } = useI18n();
  return (
    <div data-testid="recovery-face-way">
      <Typography.Paragraph>{t('forgotPassword.face.hint')}</Typography.Paragraph>
      <Button type="primary" size="large" block href="/login/forgot-password/face" data-testid="recovery-face-go">
        {t('forgotPassword.face.go')}
      </Button>
    </div>
  );
}

function BackButton({ rec }: { rec: Rec }) {
  const { t } = useI18n();
  return (
    <Button
      size="large"
      disabled={rec.busy}
      data-testid="recovery-back"
      onClick={() =>
        void rec.run(recoveryBack).then(() => {
          rec.refreshCaptcha();
        })
      }
    >
      {t('common.back')}
    </Button>
  );
}

function SmsVerify({ rec }: { rec: Rec }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ idNumber: string; captcha: string; code: string }>();
  const [info, setInfo] = useState<string | null>(null);
  // The captcha of step 1 was used up: show a new picture for this step.
  useEffect(() => rec.refreshCaptcha(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const send = async (): Promise<number | null> => {
    rec.setError(null);
    let v: { idNumber?: string; captcha: string };
    try {
      v = await form.validateFields(['idNumber', 'captcha']);
    } catch {
      return null;
    }
    try {
      const { sent } = await requestRecoveryCode(rec.flow!.id, { idNumber: (v.idNumber ?? '').trim(), captcha: v.captcha });
      setInfo(t('sms.sentIfMatches'));
      return sent.resendAfterSeconds;
    } catch (err) {
      if (!isApiError(err)) throw err;
      setInfo(null);
      rec.setError(err);
      applyFieldErrors(form, err, ['idNumber', 'captcha']);
      return null;
    } finally {
      form.setFieldValue('captcha', '');
      rec.refreshCaptcha();
    }
  };

  const onFinish = async (v: { code: string }) => {
    const err = await rec.run((id) => submitRecoveryCode(id, v.code.trim()));
    if (err) applyFieldErrors(form, err, ['code']);
  };

  return (
    <Form form={form} name="recoverySms" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)} onFinishFailed={submitDespiteCaptcha(form, onFinish)}>
      {info && <Alert className="sf-form-alert" type="info" showIcon data-testid="recovery-sms-info" title={info} />}
      <Form.Item name="idNumber" label={t('forgotPassword.idNumber')} extra={t('forgotPassword.idNumber.hint')}>
        <Input data-testid="recovery-id-number" placeholder={t('forgotPassword.idNumber.placeholder')} maxLength={32} autoComplete="off" />
      </Form.Item>
      <CaptchaField flowId={rec.flow!.id} nonce={rec.captchaNonce} src={rec.captchaSrc} onRefresh={rec.refreshCaptcha} testId="recovery-sms" />
      <SmsCodeField onSend={send} testId="recovery" />
      <div className="sf-step-buttons">
        <BackButton rec={rec} />
        <Button type="primary" htmlType="submit" size="large" loading={rec.busy} data-testid="recovery-verify-submit">
          {t('common.next')}
        </Button>
      </div>
    </Form>
  );
}

function QuestionsVerify({ rec }: { rec: Rec }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Record<string, string>>();
  const [list, setList] = useState<SecurityQuestion[] | null>(null);
  const asked = rec.flow?.summary?.questions ?? [];

  useEffect(() => {
    let live = true;
    getSecurityQuestionList().then(
      (r) => live && setList(r.questions),
      (err: unknown) => live && isApiError(err) && rec.setError(err),
    );
    return () => {
      live = false;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  if (!list) return <Loading />;
  const textOf = (id: string) => list.find((q) => q.id === id)?.text[lang] ?? id;

  const onFinish = async (v: Record<string, string>) => {
    await rec.run((id) => answerRecoveryQuestions(id, asked.map((q) => ({ questionId: q, answer: v[q] ?? '' }))));
  };

  return (
    <Form form={form} name="recoveryQuestions" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)}>
      <Typography.Paragraph>{t('forgotPassword.questionsHint')}</Typography.Paragraph>
      {asked.map((q, i) => (
        <Form.Item key={q} name={q} label={`${i + 1}. ${textOf(q)}`} rules={[{ required: true, whitespace: true, message: t('forgotPassword.answer.required') }]}>
          <Input data-testid={`recovery-answer-${i + 1}`} maxLength={50} autoComplete="off" />
        </Form.Item>
      ))}
      <div className="sf-step-buttons">
        <BackButton rec={rec} />
        <Button type="primary" htmlType="submit" size="large" loading={rec.busy} data-testid="recovery-questions-submit">
          {t('common.next')}
        </Button>
      </div>
    </Form>
  );
}

function ResetStep({ rec }: { rec: Rec }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string; confirmPassword: string }>();
  const onFinish = async (v: { password: string; confirmPassword: string }) => {
    const err = await rec.run((id) => resetRecoveredPassword(id, v));
    if (err) applyFieldErrors(form, err, ['password', 'confirmPassword']);
  };
  const bank = rec.flow?.summary?.bankIdentity;
  return (
    <Form form={form} name="recoveryReset" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)} data-testid="recovery-step-reset">
      {bank && (
        <Alert
          className="sf-form-alert"
          type="warning"
          showIcon
          data-testid="recovery-bank4-reset-notice"
          title={t('forgotPassword.bank4.resetNotice', { name: bank.nameMasked, phone: bank.phoneMasked })}
        />
      )}
      <NewPasswordFields testId="recovery" passwordLabel={t('forgotPassword.newPassword')} confirmLabel={t('forgotPassword.confirmPassword')} autoFocus />
      <Button type="primary" htmlType="submit" size="large" block loading={rec.busy} data-testid="recovery-reset-submit">
        {t('forgotPassword.submitReset')}
      </Button>
    </Form>
  );
}

function DoneStep({ org = false, rec }: { org?: boolean; rec: Rec }) {
  const { t } = useI18n();
  const bank = rec.flow?.summary?.bankIdentity;
  const hint = org ? t('forgotPassword.org.doneHint') : t('forgotPassword.doneHint');
  return (
    <DoneToLogin
      testId="recovery"
      title={t('forgotPassword.done')}
      hint={
        bank ? (
          <>
            <span data-testid="recovery-bank4-done">{t('forgotPassword.bank4.done', { phone: bank.phoneMasked })}</span>
            <br />
            {hint}
          </>
        ) : (
          hint
        )
      }
    />
  );
}
