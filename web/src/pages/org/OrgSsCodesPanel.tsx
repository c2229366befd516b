// 社保编码: the org's social-security registration codes, each with its region and insurance types.
import { Alert, Button, Card, Checkbox, Form, Input, Popconfirm, Select, Table, Tag } from 'antd';
import { useOutletContext } from 'react-router-dom';
import { useAction } from '../../lib/useAction';
import { addSsCode, removeSsCode, type OrgInfo } from './orgApi';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { TableScroll } from '../../components/TableScroll';
import { PageHeading } from '../../components/PageHeading';

const TYPES = ['pension', 'injury', 'unemployment', 'medical', 'maternity'] as const;

export function OrgSsCodesPanel() {
  const o = useOrgText();
  const { org, me, reload } = useOutletContext<OrgOutlet>();
  const [form] = Form.useForm<{ code: string; regionLevel: string; regionName: string; insuranceTypes: string[] }>();
  const { failure, run } = useAction(reload);
  type Code = OrgInfo['ssCodes'][number];
  return (
    <Card title={<PageHeading>{o('ss.title')}</PageHeading>} className="sf-panel">
      <Alert className="sf-form-alert" type="info" showIcon title={o('ss.hint')} />
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" title={failure.message} />}
      <TableScroll label={o('ss.title')}>
        <Table<Code>
          rowKey="id"
          pagination={false}
          dataSource={org.ssCodes}
          columns={[
            { title: o('ss.code'), dataIndex: 'code' },
            { title: o('ss.level'), render: (_, c) => o(`level.${c.regionLevel}`) },
            { title: o('ss.region'), dataIndex: 'regionName' },
            { title: o('ss.types'), render: (_, c) => c.insuranceTypes.map((t) => <Tag key={t}>{o(`type.${t as (typeof TYPES)[number]}`)}</Tag>) },
            {
              title: '',
              render: (_, c) =>
                me.canManage && (
                  <Popconfirm title={o('ss.remove')} onConfirm={() => void run(() => removeSsCode(c.id))}>
                    <Button danger>{o('ss.remove')}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </TableScroll>
      {me.canManage && (
        <Form
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          style={{ marginTop: 24 }}
          initialValues={{ regionLevel: 'city', insuranceTypes: ['pension'] }}
          onFinish={(v) => void run(() => addSsCode(v)).then((ok) => ok && form.resetFields())}
        >
          <Form.Item name="code" label={o('ss.code')} rules={[{ required: true, message: o('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="regionLevel" label={o('ss.level')}>
            <Select options={(['province', 'city', 'district'] as const).map((l) => ({ value: l, label: o(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="regionName" label={o('ss.region')} rules={[{ required: true, message: o('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="insuranceTypes" label={o('ss.types')} rules={[{ required: true, message: o('common.required') }]}>
            <RequiredCheckboxes aria-label={o('ss.types')} options={TYPES.map((t) => ({ value: t, label: o(`type.${t}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large">
            {o('ss.add')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/**
 * A required checkbox group in a Form.Item: a named group of checkboxes. Form.Item marks its control
 * aria-required, which a group of checkboxes may not carry (axe: aria-allowed-attr, critical); the
 * requirement is the label's mark and the validation message.
 */
function RequiredCheckboxes({ 'aria-required': _required, ...props }: React.ComponentProps<typeof Checkbox.Group> & { 'aria-required'?: unknown }) {
  return <Checkbox.Group role="group" {...props} />;
}
