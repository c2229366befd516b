// 单位名称修改: the org name and legal representative, re-checked against the registry on 更新.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { applyFieldErrors } from '../../lib/formErrors';
import { changeOrgName } from './orgApi';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

interface Values {
  name: string;
  legalRepName: string;
  legalRepIdNumber: string;
}

export function OrgNamePanel() {
  const o = useOrgText();
  const { org, me, reload } = useOutletContext<OrgOutlet>();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      await changeOrgName(values);
      setDone(true);
      reload();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      applyFieldErrors(form, err, ['name', 'legalRepName', 'legalRepIdNumber']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<PageHeading>{o('name.title')}</PageHeading>} className="sf-panel">
      <Alert className="sf-form-alert" type="info" showIcon title={o('name.hint')} />
      {done && <Alert className="sf-form-alert" type="success" showIcon title={o('name.done')} />}
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="org-name-alert" title={failure.message} />}
      <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} initialValues={{ name: org.name }} onFinish={onFinish} disabled={!me.canManage}>
        <Form.Item name="name" label={o('info.name')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
          <Input data-testid="org-name-name" />
        </Form.Item>
        <Form.Item name="legalRepName" label={o('reg.legalRepName')} extra={`${o('info.legalRep')}：${org.legalRepName}`} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
          <Input data-testid="org-name-legal-rep" />
        </Form.Item>
        <Form.Item name="legalRepIdNumber" label={o('reg.legalRepId')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
          <Input data-testid="org-name-legal-rep-id" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="org-name-submit">
          {o('name.update')}
        </Button>
      </Form>
    </Card>
  );
}
