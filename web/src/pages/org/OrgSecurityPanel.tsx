// 密保问题 of the org account: three different questions and their answers, saved with the org password.
import { Alert, AutoComplete, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { api, isApiError, type Answer, type ApiError } from '../../api';
import type { OrgSecurityQuestions } from '../../../../src/shared/api/org';
import { Loading } from '../../components/Loading';
import { useSignedInData } from '../../lib/useSignedInData';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

// The suggested questions (`presets`) are the server's, the same list recovery falls back to.
const getQuestions = () => api<Answer<typeof OrgSecurityQuestions>>('GET', '/api/org/security-questions');

export function OrgSecurityPanel() {
  const o = useOrgText();
  const { me } = useOutletContext<OrgOutlet>();
  const { data } = useSignedInData(getQuestions);
  const [form] = Form.useForm();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  if (me.role !== 'org') return <Alert type="info" showIcon title={o('security.onlyOrg')} />;
  if (!data) return <Loading />;
  const presets = data.presets;
  const onFinish = async (v: Record<string, string>) => {
    setFailure(null);
    setSaved(false);
    try {
      await api<void>('PUT', '/api/org/security-questions', {
        currentPassword: v.currentPassword,
        items: [0, 1, 2].map((i) => ({ question: v[`q${i}`], answer: v[`a${i}`] })),
      });
      setSaved(true);
      form.resetFields(['currentPassword', 'a0', 'a1', 'a2']);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
    }
  };
  return (
    <Card title={<PageHeading>{o('security.title')}</PageHeading>} className="sf-panel" data-testid="org-questions-panel">
      {data.updatedAt && <Alert className="sf-form-alert" type="info" showIcon data-testid="org-questions-set" title={o('security.isSet')} />}
      {saved && <Alert className="sf-form-alert" type="success" showIcon data-testid="org-questions-saved" title={o('security.saved')} />}
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="org-questions-alert" title={failure.message} />}
      <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)} initialValues={{ q0: presets[0], q1: presets[1], q2: presets[2] }}>
        {[0, 1, 2].map((i) => (
          <div key={i}>
            <Form.Item name={`q${i}`} label={o('security.question', { n: i + 1 })} rules={[{ required: true }]}>
              <AutoComplete data-testid={`org-questions-q${i + 1}`} options={presets.map((p) => ({ value: p }))} />
            </Form.Item>
            <Form.Item name={`a${i}`} label={o('security.answer', { n: i + 1 })} rules={[{ required: true }]}>
              <Input data-testid={`org-questions-a${i + 1}`} />
            </Form.Item>
          </div>
        ))}
        <Form.Item name="currentPassword" label={o('security.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="org-questions-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" data-testid="org-questions-save">
          {o('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
