// /staff/org-recovery: the staff review queue of org password recovery requests (documents, approve, reject).
import { Alert, Button, Card, Image, Input, Layout, Space, Table } from 'antd';
import { useState } from 'react';
import { AppHeader } from '../../components/AppHeader';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/useAction';
import { useSignedInData } from '../../lib/useSignedInData';
import { useOrgText } from './text';
import { decideRecovery, getRecoveryDocuments, getRecoveryQueue, type PendingRecovery } from './recoveryApi';
import { TableScroll } from '../../components/TableScroll';
import { PageHeading } from '../../components/PageHeading';

export function StaffRecoveryPage() {
  const { lang } = useI18n();
  const o = useOrgText();
  const { data, error, reload } = useSignedInData(getRecoveryQueue);
  const [docs, setDocs] = useState<Record<string, { licencePhoto: string; agentIdPhoto: string }>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const { failure, run } = useAction();
  return (
    <Layout className="sf-page">
      <AppHeader />
      <Layout.Content className="sf-content">
        <Card title={<PageHeading>{o('staff.title')}</PageHeading>} className="sf-panel">
          {(error ?? failure) && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="staff-recovery-alert" title={(error ?? failure)!.message} />}
          {!data && !error ? (
            <Loading />
          ) : (
            data && (
              <TableScroll label={o('staff.title')}>
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
                          <Image width={280} src={docs[r.id]!.licencePhoto} alt={o('staff.licence')} />
                          <Image width={280} src={docs[r.id]!.agentIdPhoto} alt={o('staff.agentId')} />
                        </Space>
                      ) : (
                        <Button data-testid="staff-recovery-docs" onClick={() => void run(async () => setDocs({ ...docs, [r.id]: await getRecoveryDocuments(r.id) }))}>{o('staff.showDocuments')}</Button>
                      ),
                  }}
                  columns={[
                    { title: o('info.uscc'), dataIndex: 'uscc' },
                    { title: o('staff.org'), render: (_, r) => r.orgName ?? o('staff.noOrg') },
                    { title: o('staff.agent'), render: (_, r) => `${r.agentName} ${r.agentIdMasked}` },
                    { title: o('staff.phone'), dataIndex: 'phoneMasked' },
                    { title: o('staff.submittedAt'), render: (_, r) => formatDateTime(r.submittedAt, lang) },
                    {
                      title: '',
                      render: (_, r) => (
                        <Space direction="vertical">
                          <Input data-testid="staff-recovery-note" placeholder={o('staff.note')} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
                          <Space>
                            <Button type="primary" data-testid="staff-recovery-approve" disabled={!r.orgExists} onClick={() => void run(() => decideRecovery(r.id, true, notes[r.id] || null).then(reload))}>
                              {o('staff.approve')}
                            </Button>
                            <Button danger data-testid="staff-recovery-reject" onClick={() => void run(() => decideRecovery(r.id, false, notes[r.id] || null).then(reload))}>
                              {o('staff.reject')}
                            </Button>
                          </Space>
                        </Space>
                      ),
                    },
                  ]}
                />
              </TableScroll>
            )
          )}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
