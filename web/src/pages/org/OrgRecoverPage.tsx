// /org/recover (单位找回密码 · 上传证件照找回): upload the business licence and the agent's ID, keep the
// request number and code; once staff approve, set the new org password here with them.
import { Alert, Button, Card, Form, Input, Result, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { Loading } from '../../components/Loading';
import { PublicLayout } from '../../components/PublicLayout';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { useOrgText, type OrgTextKey } from './text';
import { recoveryReset, recoveryStatus, startOrgRecovery, submitOrgRecovery } from './recoveryApi';
import { PageHeading } from '../../components/PageHeading';

const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

function Apply({ onDone }: { onDone: (r: { requestId: string; claimToken: string }) => void }) {
  const o = useOrgText();
  const [form] = Form.useForm();
  const [flowId, setFlowId] = useState<string | null>(null);
  const [captcha, setCaptcha] = useState<{ nonce: number; src: string | null }>({ nonce: Date.now(), src: null });
  const [photos, setPhotos] = useState<{ licencePhoto?: string; agentIdPhoto?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    const { flow } = await startOrgRecovery();
    setFlowId(flow.id);
    setCaptcha((c) => ({ nonce: c.nonce + 1, src: flow.captcha ?? null }));
  };
  useEffect(() => {
    void start();
  }, []);
  if (!flowId) return <Loading />;
  const onFinish = async (values: Record<string, string>) => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await submitOrgRecovery(flowId, { ...values, licencePhoto: photos.licencePhoto ?? '', agentIdPhoto: photos.agentIdPhoto ?? '' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      form.setFieldValue('captcha', '');
      applyFieldErrors(form, err, ['uscc', 'agentName', 'agentIdNumber', 'phone', 'captcha']);
      if (/^flow\./.test(err.code)) await start();
      else setCaptcha((c) => ({ nonce: c.nonce + 1, src: null }));
    } finally {
      setBusy(false);
    }
  };
  const file = (key: 'licencePhoto' | 'agentIdPhoto', label: string) => (
    <Form.Item label={label} required>
      <input
        type="file"
        accept="image/jpeg,image/png"
        data-testid={`org-recover-${key}`}
        aria-label={label}
        style={{ fontSize: '1.125rem' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void readAsDataUrl(f).then((d) => setPhotos((p) => ({ ...p, [key]: d })));
        }}
      />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
      <Alert className="sf-form-alert" type="info" showIcon title={o('recover.intro')} />
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="org-recover-alert" title={failure.message} />}
      <Form.Item name="uscc" label={o('info.uscc')} rules={[{ required: true }]}>
        <Input maxLength={18} data-testid="org-recover-uscc" />
      </Form.Item>
      <Form.Item name="agentName" label={o('recover.agentName')} rules={[{ required: true }]}>
        <Input data-testid="org-recover-agent-name" />
      </Form.Item>
      <Form.Item name="agentIdNumber" label={o('recover.agentIdNumber')} rules={[{ required: true }]}>
        <Input data-testid="org-recover-agent-id" maxLength={18} />
      </Form.Item>
      <Form.Item name="phone" label={o('recover.phone')} rules={[{ required: true }]}>
        <Input maxLength={11} data-testid="org-recover-phone" />
      </Form.Item>
      {file('licencePhoto', o('recover.licencePhoto'))}
      {file('agentIdPhoto', o('recover.agentIdPhoto'))}
      <CaptchaField flowId={flowId} nonce={captcha.nonce} src={captcha.src} onRefresh={() => setCaptcha((c) => ({ nonce: c.nonce + 1, src: null }))} testId="org-recover" />
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="org-recover-submit">
        {o('recover.submit')}
      </Button>
    </Form>
  );
}

const STATUS_KEYS = ['pending', 'approved', 'rejected', 'used'] as const;

/** The request's status in words; a status this page does not know shows as the server names it. */
function statusText(o: ReturnType<typeof useOrgText>, status: string): string {
  return (STATUS_KEYS as readonly string[]).includes(status) ? o(`recover.status.${status}` as OrgTextKey) : status;
}

function Follow({ initial }: { initial?: { requestId: string; claimToken: string } }) {
  const o = useOrgText();
  const [form] = Form.useForm();
  const [state, setState] = useState<{ status: string; note: string | null; canReset: boolean } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const check = async () => {
    setFailure(null);
    try {
      setState(await recoveryStatus(await form.validateFields(['requestId', 'claimToken'])));
    } catch (err) {
      if (!isApiError(err)) return;
      setFailure(err);
    }
  };
  const reset = async () => {
    setFailure(null);
    try {
      await recoveryReset(await form.validateFields());
      setDone(true);
    } catch (err) {
      if (!isApiError(err)) return;
      setFailure(err);
      applyFieldErrors(form, err, ['newPassword', 'confirmPassword']);
    }
  };
  if (done) return <Result data-testid="org-recover-done" status="success" title={o('recover.done')} extra={<Link to="/login">{o('reg.login')}</Link>} />;
  return (
    <Form form={form} layout="vertical" size="large" requiredMark={false} initialValues={initial}>
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="org-recover-follow-alert" title={failure.message} />}
      <Form.Item name="requestId" label={o('recover.requestId')} rules={[{ required: true }]}>
        <Input data-testid="org-recover-follow-request-id" />
      </Form.Item>
      <Form.Item name="claimToken" label={o('recover.claimToken')} rules={[{ required: true }]}>
        <Input data-testid="org-recover-follow-claim-token" />
      </Form.Item>
      <Button size="large" block data-testid="org-recover-follow-check" onClick={() => void check()}>
        {o('recover.check')}
      </Button>
      {state && (
        <Alert style={{ marginTop: 16 }} type={state.status === 'rejected' ? 'error' : 'info'} showIcon data-testid="org-recover-follow-status" title={`${statusText(o, state.status)}${state.note ? `：${state.note}` : ''}`} />
      )}
      {state?.canReset && (
        <>
          <Form.Item name="newPassword" label={o('password.new')} rules={[{ required: true }]} style={{ marginTop: 16 }}>
            <Input.Password autoComplete="new-password" data-testid="org-recover-new-password" />
          </Form.Item>
          <Form.Item name="confirmPassword" label={o('password.confirm')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" data-testid="org-recover-confirm-password" />
          </Form.Item>
          <Button type="primary" size="large" block data-testid="org-recover-reset-submit" onClick={() => void reset()}>
            {o('recover.setPassword')}
          </Button>
        </>
      )}
    </Form>
  );
}

export function OrgRecoverPage() {
  const { t } = useI18n();
  const o = useOrgText();
  const [submitted, setSubmitted] = useState<{ requestId: string; claimToken: string } | null>(null);
  const [tab, setTab] = useState('apply');
  return (
    <PublicLayout>
      <Card className="sf-card">
        <PageHeading look="title" className="sf-card-title">{o('recover.title')}</PageHeading>
        {submitted && (
          <Alert
            className="sf-form-alert"
            type="success"
            showIcon
            data-testid="org-recover-submitted"
            title={o('recover.submitted')}
            description={
              <Typography.Paragraph copyable={{ text: `${submitted.requestId} ${submitted.claimToken}` }} style={{ wordBreak: 'break-all' }}>
                <span data-testid="org-recover-request-id">{submitted.requestId}</span>
                <br />
                <span data-testid="org-recover-claim-token">{submitted.claimToken}</span>
              </Typography.Paragraph>
            }
          />
        )}
        <Tabs
          className="sf-fit-tabs"
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'apply', label: <span data-testid="org-recover-tab-apply">{o('recover.tab.apply')}</span>, children: submitted ? null : <Apply onDone={(r) => (setSubmitted(r), setTab('follow'))} /> },
            { key: 'follow', label: <span data-testid="org-recover-tab-follow">{o('recover.tab.follow')}</span>, children: <Follow key={submitted?.requestId ?? 'none'} {...(submitted ? { initial: submitted } : {})} /> },
          ]}
        />
        <p className="sf-card-links">
          <Link to="/org/forgot-password" data-testid="org-recover-by-questions">
            {t('forgotPassword.org.byQuestions')}
          </Link>
          {' · '}
          <BackToLoginLink />
        </p>
      </Card>
    </PublicLayout>
  );
}
