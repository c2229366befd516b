// /org/register (单位注册): 1 经办人确认 (the signed-in person) → 2 单位信息 → 3 登录信息 (+ captcha), then
// one submission the server checks in full (registry, USCC, password policy); a field error goes back to its step.
import { Alert, Button, Card, Form, Input, Result, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { PublicLayout } from '../../components/PublicLayout';
import { getSession } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import type { SessionInfo } from '../../types';
import { setActing, startOrgRegistration, submitOrgRegistration } from './orgApi';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

const ORG_FIELDS = ['uscc', 'name', 'legalRepName', 'legalRepIdNumber'] as const;
const LOGIN_FIELDS = ['username', 'password', 'confirmPassword', 'captcha'] as const;

export function OrgRegisterPage() {
  const o = useOrgText();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [step, setStep] = useState(0);
  const [orgForm] = Form.useForm();
  const [loginForm] = Form.useForm();
  const [flowId, setFlowId] = useState<string | null>(null);
  const [captcha, setCaptcha] = useState<{ nonce: number; src: string | null }>({ nonce: Date.now(), src: null });
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    getSession().then(setSession, () => setSession(null));
  }, []);

  const newFlow = async () => {
    const { flow } = await startOrgRegistration();
    setFlowId(flow.id);
    setCaptcha((c) => ({ nonce: c.nonce + 1, src: flow.captcha ?? null }));
  };

  const toLoginStep = async () => {
    await orgForm.validateFields();
    setFailure(null);
    try {
      if (!flowId) await newFlow();
      setStep(2);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
    }
  };

  const submit = async () => {
    const login = await loginForm.validateFields();
    setBusy(true);
    setFailure(null);
    try {
      const res = await submitOrgRegistration(flowId!, { ...orgForm.getFieldsValue(true), ...login });
      setDone({ id: res.org.id, name: res.org.name });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      loginForm.setFieldValue('captcha', '');
      if (applyFieldErrors(orgForm, err, ORG_FIELDS) || /^(uscc|org\.registry|id_number)/.test(err.code)) setStep(1);
      else applyFieldErrors(loginForm, err, LOGIN_FIELDS);
      if (/^flow\./.test(err.code)) await newFlow();
      else setCaptcha((c) => ({ nonce: c.nonce + 1, src: null }));
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (session === undefined) body = <Loading />;
  else if (session === null || session.account.kind !== 'person')
    body = (
      <Result
        status="info"
        title={<PageHeading>{o('reg.title')}</PageHeading>}
        subTitle={o('reg.needLogin')}
        extra={
          <Link to="/login?back=/org/register">
            <Button type="primary" size="large" data-testid="org-reg-login">
              {o('reg.login')}
            </Button>
          </Link>
        }
      />
    );
  else if (done)
    body = (
      <Result
        status="success"
        title={<PageHeading>{o('reg.success')}</PageHeading>}
        subTitle={o('reg.successDesc', { name: done.name })}
        extra={
          <Button type="primary" size="large" data-testid="org-reg-to-centre" onClick={() => void setActing(done.id).then(() => navigate('/org'))}>
            {o('reg.toCentre')}
          </Button>
        }
      />
    );
  else
    body = (
      <>
        <PageHeading look="title" className="sf-card-title">{o('reg.title')}</PageHeading>
        <Steps className="sf-steps" current={step} items={[{ title: o('reg.step.agent') }, { title: o('reg.step.org') }, { title: o('reg.step.login') }]} />
        {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="org-reg-alert" title={failure.message} />}
        <div hidden={step !== 0}>
          <p>{o('reg.agentDesc')}</p>
          <p data-testid="org-reg-agent">
            <b>{o('reg.agentIs', { name: session.account.displayName })}</b>
          </p>
          <Button type="primary" size="large" block data-testid="org-reg-next-0" onClick={() => setStep(1)}>
            {t('common.next')}
          </Button>
        </div>
        <Form form={orgForm} layout="vertical" size="large" requiredMark={false} hidden={step !== 1}>
          <Form.Item name="uscc" label={o('reg.uscc')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
            <Input data-testid="org-reg-uscc" maxLength={18} />
          </Form.Item>
          <Form.Item name="name" label={o('reg.name')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
            <Input data-testid="org-reg-name" />
          </Form.Item>
          <Form.Item name="legalRepName" label={o('reg.legalRepName')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
            <Input data-testid="org-reg-legal-rep" />
          </Form.Item>
          <Form.Item name="legalRepIdNumber" label={o('reg.legalRepId')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
            <Input data-testid="org-reg-legal-rep-id" maxLength={18} />
          </Form.Item>
          <div className="sf-step-buttons">
            <Button size="large" onClick={() => setStep(0)}>
              {t('common.back')}
            </Button>
            <Button type="primary" size="large" data-testid="org-reg-next-1" onClick={() => void toLoginStep()}>
              {t('common.next')}
            </Button>
          </div>
        </Form>
        <Form form={loginForm} layout="vertical" size="large" requiredMark={false} hidden={step !== 2}>
          <Form.Item name="username" label={o('reg.username')} extra={o('reg.username.hint')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
            <Input data-testid="org-reg-username" autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={o('reg.password')} rules={[{ required: true, message: o('common.required') }]}>
            <Input.Password data-testid="org-reg-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="confirmPassword" label={o('reg.confirmPassword')} rules={[{ required: true, message: o('common.required') }]}>
            <Input.Password data-testid="org-reg-confirm" autoComplete="new-password" />
          </Form.Item>
          {flowId && <CaptchaField flowId={flowId} nonce={captcha.nonce} src={captcha.src} onRefresh={() => setCaptcha((c) => ({ nonce: c.nonce + 1, src: null }))} testId="org-reg" />}
          <div className="sf-step-buttons">
            <Button size="large" onClick={() => setStep(1)}>
              {t('common.back')}
            </Button>
            <Button type="primary" size="large" loading={busy} data-testid="org-reg-submit" onClick={() => void submit()}>
              {o('reg.submit')}
            </Button>
          </div>
        </Form>
      </>
    );

  return (
    <PublicLayout>
      <Card className="sf-card" data-testid="org-register-card">
        {body}
      </Card>
    </PublicLayout>
  );
}
