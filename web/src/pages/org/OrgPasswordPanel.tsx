// 修改密码 for the org account: current password, new password twice; then signed out everywhere.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useOutletContext } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { applyFieldErrors } from '../../lib/formErrors';
import { changeOrgPassword } from './orgApi';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function OrgPasswordPanel() {
  const o = useOrgText();
  const navigate = useNavigate();
  const { me } = useOutletContext<OrgOutlet>();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (me.role !== 'org') return <Alert type="info" showIcon title={o('password.onlyOrg')} />;
  const onFinish = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      await changeOrgPassword(values);
      renewCsrf();
      navigate('/login', { replace: true });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      applyFieldErrors(form, err, ['currentPassword', 'newPassword', 'confirmPassword']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<PageHeading>{o('password.title')}</PageHeading>} className="sf-panel">
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" title={failure.message} />}
      <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
        <Form.Item name="currentPassword" label={o('password.current')} rules={[{ required: true, message: o('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={o('password.new')} rules={[{ required: true, message: o('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={o('password.confirm')} rules={[{ required: true, message: o('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={busy}>
          {o('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
