// /staff/org-recovery: the staff review queue of org password recovery requests (documents, approve, reject).
import { Alert, Button, Card, Image, Input, Layout, Space, Table } from 'antd';
import { useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { AppHeader } from '../../components/AppHeader';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { useSignedInData } from '../../lib/useSignedInData';
import { decideRecovery, getRecoveryDocuments, getRecoveryQueue, type PendingRecovery } from './recoveryApi';

export function StaffRecoveryPage() {
  const { lang } = useI18n();
  const zh = lang !== 'en-US';
  const { data, error, reload } = useSignedInData(getRecoveryQueue);
  const [docs, setDocs] = useState<Record<string, { licencePhoto: string; agentIdPhoto: string }>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await action();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
    }
  };
  return (
    <Layout className="sf-page">
      <AppHeader />
      <Layout.Content className="sf-content">
        <Card title={zh ? '单位找回密码审核' : 'Org password recovery review'} className="sf-panel">
          {(error ?? failure) && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="staff-recovery-alert" title={(error ?? failure)!.message} />}
          {!data && !error ? (
            <Loading />
          ) : (
            data && (
              <Table<PendingRecovery>
                data-testid="staff-recovery-table"
                onRow={(r) => ({ 'data-testid': `staff-recovery-row-${r.uscc}` }) as React.HTMLAttributes<HTMLElement>}
                rowKey="id"
                pagination={false}
                dataSource={data.items}
                expandable={{
                  expandedRowRender: (r) =>
                    docs[r.id] ? (
                      <Space wrap>
                        <Image width={280} src={docs[r.id]!.licencePhoto} alt={zh ? '营业执照' : 'Licence'} />
                        <Image width={280} src={docs[r.id]!.agentIdPhoto} alt={zh ? '经办人身份证' : 'Agent ID'} />
                      </Space>
                    ) : (
                      <Button data-testid="staff-recovery-docs" onClick={() => void run(async () => setDocs({ ...docs, [r.id]: await getRecoveryDocuments(r.id) }))}>{zh ? '查看证件照' : 'Show documents'}</Button>
                    ),
                }}
                columns={[
                  { title: zh ? '统一社会信用代码' : 'USCC', dataIndex: 'uscc' },
                  { title: zh ? '单位' : 'Org', render: (_, r) => r.orgName ?? (zh ? '（无此单位账户）' : '(no org account)') },
                  { title: zh ? '经办人' : 'Agent', render: (_, r) => `${r.agentName} ${r.agentIdMasked}` },
                  { title: zh ? '联系电话' : 'Phone', dataIndex: 'phoneMasked' },
                  { title: zh ? '提交时间' : 'Submitted', render: (_, r) => formatDateTime(r.submittedAt, lang) },
                  {
                    title: '',
                    render: (_, r) => (
                      <Space direction="vertical">
                        <Input data-testid="staff-recovery-note" placeholder={zh ? '审核意见' : 'Note'} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
                        <Space>
                          <Button type="primary" data-testid="staff-recovery-approve" disabled={!r.orgExists} onClick={() => void run(() => decideRecovery(r.id, true, notes[r.id] || null).then(reload))}>
                            {zh ? '通过' : 'Approve'}
                          </Button>
                          <Button danger data-testid="staff-recovery-reject" onClick={() => void run(() => decideRecovery(r.id, false, notes[r.id] || null).then(reload))}>
                            {zh ? '不通过' : 'Reject'}
                          </Button>
                        </Space>
                      </Space>
                    ),
                  },
                ]}
              />
            )
          )}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
