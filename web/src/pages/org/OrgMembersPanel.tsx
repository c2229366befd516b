// 子账号信息: the org's sub-accounts — 新增 / 发起绑定, 解除绑定, 授权 (business systems with an optional end), roles.
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/useAction';
import { useSignedInData } from '../../lib/useSignedInData';
import { getBusinessSystems, getMembers, inviteMember, setMemberGrants, setMemberRole, unbindMember, type Member } from './orgApi';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { TableScroll } from '../../components/TableScroll';
import { PageHeading } from '../../components/PageHeading';

export function OrgMembersPanel() {
  const { lang } = useI18n();
  const o = useOrgText();
  const { me } = useOutletContext<OrgOutlet>();
  const { data, error, reload } = useSignedInData(getMembers);
  const systems = useSignedInData(useCallback(getBusinessSystems, []));
  const [adding, setAdding] = useState(false);
  const [granting, setGranting] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { failure, run } = useAction(reload);

  if (error) return <Alert type="error" showIcon role="alert" title={error.message} />;
  if (!data) return <Loading />;
  return (
    <Card
      title={<PageHeading>{o('menu.members')}</PageHeading>}
      className="sf-panel"
      extra={
        me.canManage && (
          <Button type="primary" size="large" data-testid="members-add" onClick={() => setAdding(true)}>
            {o('members.add')}
          </Button>
        )
      }
    >
      {!me.canManage && <Alert className="sf-form-alert" type="info" showIcon title={o('members.readOnly')} />}
      {notice && <Alert className="sf-form-alert" type="success" showIcon data-testid="members-notice" title={notice} closable onClose={() => setNotice(null)} />}
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="members-alert" title={failure.message} />}
      <TableScroll label={o('menu.members')}>
        <Table<Member>
          data-testid="members-table"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: o('members.none') }}
          dataSource={data.items}
          columns={[
            { title: o('members.name'), dataIndex: 'name' },
            { title: o('members.idNumber'), dataIndex: 'idNumberMasked' },
            { title: o('members.role'), render: (_, m) => o(`role.${m.role}`) },
            { title: o('members.status'), render: (_, m) => <Tag color={m.status === 'active' ? 'success' : m.status === 'pending' ? 'blue' : 'default'}>{o(`status.${m.status}`)}</Tag> },
            {
              title: o('members.grants'),
              render: (_, m) =>
                m.grants.map((g) => (
                  <Tag key={g.systemId}>
                    {g.name}
                    {g.expiresAt ? ` ${o('members.until', { date: formatDateTime(g.expiresAt, lang) })}` : ''}
                  </Tag>
                )),
            },
            {
              title: o('members.actions'),
              render: (_, m) =>
                me.canManage && (
                  <Space wrap>
                    <Button data-testid={`member-grant-${m.name}`} onClick={() => setGranting(m)}>
                      {o('members.grant')}
                    </Button>
                    {m.role !== 'legal_rep' && (
                      <Button onClick={() => void run(() => setMemberRole(m.id, m.role === 'admin' ? 'agent' : 'admin'))}>
                        {m.role === 'admin' ? o('members.makeAgent') : o('members.makeAdmin')}
                      </Button>
                    )}
                    {m.status !== 'declined' && (
                      <Popconfirm title={o('members.unbindConfirm')} onConfirm={() => void run(() => unbindMember(m.id))} okText={o('members.unbind')} cancelText={o('common.cancel')}>
                        <Button danger data-testid={`member-unbind-${m.name}`}>
                          {o('members.unbind')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </TableScroll>
      {adding && (
        <AddMemberModal
          onClose={() => setAdding(false)}
          onSent={(message) => {
            setAdding(false);
            setNotice(message);
            reload();
          }}
        />
      )}
      {granting && systems.data && (
        <GrantModal
          member={granting}
          systems={systems.data.items}
          onClose={() => setGranting(null)}
          onSaved={() => {
            setGranting(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function AddMemberModal({ onClose, onSent }: { onClose: () => void; onSent: (message: string) => void }) {
  const o = useOrgText();
  const [form] = Form.useForm<{ name: string; idNumber: string; role: 'admin' | 'agent' }>();
  const { failure, busy, run } = useAction();
  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => onSent((await inviteMember(values)).message));
  };
  return (
    <Modal open title={o('members.addTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <p>{o('members.addHint')}</p>
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" title={failure.message} />}
      <Form form={form} layout="vertical" size="large" requiredMark={false} initialValues={{ role: 'agent' }}>
        <Form.Item name="name" label={o('members.name')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
          <Input data-testid="member-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={o('members.idNumber')} rules={[{ required: true, whitespace: true, message: o('common.required') }]}>
          <Input data-testid="member-id-number" />
        </Form.Item>
        <Form.Item name="role" label={o('members.role')}>
          <Radio.Group>
            <Radio value="agent">{o('role.agent')}</Radio>
            <Radio value="admin">{o('role.admin')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Button type="primary" size="large" block loading={busy} data-testid="member-bind" onClick={() => void submit()}>
          {o('members.bind')}
        </Button>
      </Form>
    </Modal>
  );
}

function GrantModal({ member, systems, onClose, onSaved }: { member: Member; systems: { id: string; name: string }[]; onClose: () => void; onSaved: () => void }) {
  const o = useOrgText();
  const [ticked, setTicked] = useState<string[]>(member.grants.map((g) => g.systemId));
  const [until, setUntil] = useState<string | null>(member.grants[0]?.expiresAt ?? null);
  const { failure, busy, run } = useAction();
  const save = () => run(() => setMemberGrants(member.id, ticked.map((systemId) => ({ systemId, expiresAt: until }))), onSaved);
  return (
    <Modal open title={`${o('members.grantTitle')} · ${member.name}`} onCancel={onClose} footer={null} destroyOnHidden>
      <p>{o('members.grantHint')}</p>
      {failure && <Alert className="sf-form-alert" type="error" showIcon role="alert" title={failure.message} />}
      <Checkbox.Group value={ticked} onChange={(v) => setTicked(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 12, fontSize: '1.125rem' }}>
        {systems.map((s) => (
          <Checkbox key={s.id} value={s.id} data-testid={`grant-system-${s.id}`}>
            {s.name}
          </Checkbox>
        ))}
      </Checkbox.Group>
      <p style={{ marginTop: 16 }}>{o('members.expiresAt')}</p>
      <DatePicker
        size="large"
        style={{ width: '100%' }}
        onChange={(d) => setUntil(d ? d.endOf('day').toISOString() : null)}
        placeholder={o('members.noExpiry')}
      />
      <Button type="primary" size="large" block style={{ marginTop: 16 }} loading={busy} data-testid="grant-save" onClick={() => void save()}>
        {o('common.save')}
      </Button>
    </Modal>
  );
}
