// /pension: 个人年度资格认证入口 (seed 003 二): 请输入您登记的姓名 + 请输入您登记的社会保障号码 + the image
// captcha (the login page's CaptchaField and flow hook, on a sign-in flow of the pension routes), each field with its
// 'i' 信息提示; 登录; 已登录统一身份认证？直接进入 for a Shenfen person whose verified ID is a retiree's;
// and the seed's 注意事项 一(四)(五). A phone first: one column, big type, the hints one tap away.
import { InfoCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Layout, Modal } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { CaptchaField } from '../../components/CaptchaField';
import { FlowStartError } from '../../components/FlowStartError';
import { ElderSwitch } from '../../components/ElderSwitch';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Loading';
import { applyFieldErrors, fieldErrors } from '../../lib/formErrors';
import { useLoginFlow } from '../login/useLoginFlow';
import { getPensionSession, pensionSignIn, pensionSso, startPensionSignIn } from './pensionApi';
import { usePensionText } from './text';
import './pension.css';
import { PageHeading } from '../../components/PageHeading';

interface Values {
  name: string;
  ssn: string;
  captcha: string;
}
const FIELDS = ['name', 'ssn', 'captcha'] as const;
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

/** A field's label with its 'i': a button that opens 信息提示 (a tap on a phone, not a hover). */
function LabelWithInfo({ label, info, testId }: { label: string; info: ReactNode; testId: string }) {
  const { p } = usePensionText();
  const [open, setOpen] = useState(false);
  return (
    <span className="sf-pension-label">
      {label}
      <button type="button" className="sf-pension-info" aria-label={`${p('entry.info')}：${label}`} onClick={() => setOpen(true)} data-testid={`${testId}-info`}>
        <InfoCircleOutlined aria-hidden />
      </button>
      <Modal
        open={open}
        title={p('entry.info')}
        onCancel={() => setOpen(false)}
        centered
        footer={
          <Button type="primary" size="large" onClick={() => setOpen(false)} data-testid={`${testId}-info-close`}>
            {p('entry.info.close')}
          </Button>
        }
      >
        <div className="sf-pension-info-text" data-testid={`${testId}-info-text`}>
          {info}
        </div>
      </Modal>
    </span>
  );
}

function SsnInfo() {
  const { p } = usePensionText();
  return (
    <>
      <p>{p('entry.ssn.intro')}</p>
      <p>{p('entry.ssn.resident')}</p>
      <p>{p('entry.ssn.hkmotw')}</p>
      <div className="sf-pension-code" aria-hidden>
        <span>
          <code>XXX</code>
          {p('entry.ssn.region')}
        </span>
        <span>
          <code>X</code>
          {p('entry.ssn.reserved')}
        </span>
        <span>
          <code>XXXXXXXXXXXXX</code>
          {p('entry.ssn.document')}
        </span>
      </div>
      <p className="sf-visually-hidden">{`${p('entry.ssn.pattern')}：${p('entry.ssn.region')} ${p('entry.ssn.reserved')} ${p('entry.ssn.document')}`}</p>
    </>
  );
}

export function PensionEntryPage() {
  const { p } = usePensionText();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart } = useLoginFlow({ start: startPensionSignIn });
  const [error, setError] = useState<ApiError | null>(null);
  const [ssoProblem, setSsoProblem] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [entering, setEntering] = useState(false);

  // Signed in already (this browser's pension session): straight to 用户中心.
  useEffect(() => {
    getPensionSession().then(
      (s) => s.retiree && navigate('/pension/center', { replace: true }),
      () => {},
    );
  }, [navigate]);

  const onFinish = async (values: Values) => {
    if (!flowId) return;
    setSubmitting(true);
    setError(null);
    try {
      await pensionSignIn({ flowId, name: values.name, ssn: values.ssn, captcha: values.captcha });
      renewCsrf();
      navigate('/pension/center');
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      // The captcha was used up whatever the answer: a new picture.
      form.setFieldValue('captcha', '');
      applyFieldErrors(form, err, FIELDS);
      if (FLOW_GONE.includes(err.code)) await restart();
      else refreshCaptcha();
    } finally {
      setSubmitting(false);
    }
  };

  const sso = async () => {
    setEntering(true);
    setSsoProblem(null);
    try {
      await pensionSso();
      renewCsrf();
      navigate('/pension/center');
    } catch (err) {
      if (!isApiError(err)) throw err;
      setSsoProblem(err);
    } finally {
      setEntering(false);
    }
  };

  return (
    <Layout className="sf-page sf-pension">
      <Layout.Header className="sf-header sf-pension-header">
        <span className="sf-pension-system">{p('system')}</span>
        <div className="sf-header-actions">
          <ElderSwitch />
          <LanguageSwitch />
        </div>
      </Layout.Header>
      <Layout.Content className="sf-content sf-pension-content">
        <main className="sf-pension-column">
          <section className="sf-pension-card" data-testid="pension-entry">
            <PageHeading look="plain" className="sf-pension-title">{p('entry.title')}</PageHeading>
            {startError ? (
              <FlowStartError error={startError} onRetry={() => void restart()} testId="pension" />
            ) : !flowId ? (
              <Loading />
            ) : (
              <Form<Values> form={form} name="pension" layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
                {error && fieldErrors(error, FIELDS).length === 0 && (
                  <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="pension-alert" title={error.message} />
                )}
                <Form.Item
                  name="name"
                  label={<LabelWithInfo label={p('entry.name')} info={<p>{p('entry.name.info')}</p>} testId="pension-name" />}
                  rules={[{ required: true, whitespace: true, message: p('entry.name.required') }]}
                >
                  <Input data-testid="pension-name" placeholder={p('entry.name')} autoComplete="name" maxLength={100} />
                </Form.Item>
                <Form.Item
                  name="ssn"
                  label={<LabelWithInfo label={p('entry.ssn')} info={<SsnInfo />} testId="pension-ssn" />}
                  extra={p('entry.hkmotwHint')}
                  rules={[{ required: true, whitespace: true, message: p('entry.ssn.required') }]}
                >
                  <Input data-testid="pension-ssn" placeholder={p('entry.ssn')} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={40} />
                </Form.Item>
                <CaptchaField flowId={flowId} nonce={captchaNonce} src={captchaSrc} onRefresh={refreshCaptcha} testId="pension" />
                <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="pension-submit">
                  {p('entry.submit')}
                </Button>
              </Form>
            )}
            <p className="sf-card-links">
              <Button type="link" size="large" loading={entering} onClick={() => void sso()} data-testid="pension-sso">
                {p('entry.sso')}
              </Button>
            </p>
            {ssoProblem && (
              <Alert
                type={ssoProblem.status === 401 ? 'info' : 'error'}
                showIcon
                role="alert"
                data-testid="pension-sso-alert"
                title={ssoProblem.status === 401 ? p('entry.sso.signIn') : ssoProblem.message}
                action={
                  ssoProblem.status === 401 && (
                    <Link to="/login?back=/pension" data-testid="pension-sso-login">
                      {p('entry.sso.toLogin')}
                    </Link>
                  )
                }
              />
            )}
          </section>
          <section className="sf-pension-card sf-pension-notes" data-testid="pension-notes">
            <h2>{p('entry.notes')}</h2>
            <ul>
              <li>{p('entry.note.device')}</li>
              <li>{p('entry.note.who')}</li>
              <li>{p('entry.note.status')}</li>
            </ul>
            <p className="sf-card-links">
              <Link to="/pension/faq">{p('faq.title')}</Link>
              {' · '}
              <Link to="/pension/downloads">{p('downloads.title')}</Link>
            </p>
          </section>
        </main>
      </Layout.Content>
    </Layout>
  );
}
