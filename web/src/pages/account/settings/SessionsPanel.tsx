// 在线设备: the live sessions of the account, the current one marked, each with 退出该设备.
import { App, Button, Card, Popconfirm, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf } from '../../../api';
import { endSession, getSessions, type ActiveSession } from '../../../accountSettingsApi';
import { Loading } from '../../../components/Loading';
import { ProblemResult } from '../../../components/ProblemResult';
import { useI18n } from '../../../i18n/context';
import { browserName, formatDateTime } from '../../../lib/format';
import { useSignedInData } from '../../../lib/useSignedInData';
import { BackToSecurity } from './SecurityPanel';
import { PageHeading } from '../../../components/PageHeading';

export function SessionsPanel() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, error, reload } = useSignedInData(getSessions);

  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;

  const end = async (s: ActiveSession) => {
    try {
      const res = await endSession(s.ref);
      if (res.current) {
        renewCsrf();
        navigate('/signed-out?reason=session_ended', { replace: true });
        return;
      }
      void message.success(t('sessions.ended'));
    } catch (err) {
      if (!isApiError(err)) throw err;
      void message.error(err.message);
    }
    reload();
  };

  const columns: ColumnsType<ActiveSession> = [
    {
      key: 'device',
      title: t('sessions.device'),
      render: (_, s) => (
        <span>
          {browserName(s.userAgent) ?? t('history.unknownBrowser')}{' '}
          {s.current && (
            <Tag color="blue" data-testid="session-current">
              {t('sessions.current')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'ip', title: t('sessions.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
    { key: 'createdAt', title: t('sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, lang) },
    { key: 'lastSeen', title: t('sessions.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v, lang) },
    {
      key: 'action',
      title: '',
      render: (_, s) => (
        <Popconfirm title={t('sessions.end.confirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => end(s)} okButtonProps={{ size: 'large', 'data-testid': 'session-end-confirm' } as ButtonProps}>
          <Button danger size="large" data-testid={s.current ? 'session-end-current' : 'session-end'}>
            {t('sessions.end')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card title={<PageHeading>{t('security.sessions')}</PageHeading>} className="sf-panel" extra={<BackToSecurity />}>
      <Typography.Paragraph>{t('sessions.hint')}</Typography.Paragraph>
      <div className="sf-table-scroll">
        <Table<ActiveSession>
          data-testid="sessions-table"
          rowKey="ref"
          columns={columns}
          dataSource={data.items}
          pagination={false}
          locale={{ emptyText: t('sessions.empty') }}
          onRow={(s) => ({ 'data-testid': s.current ? 'session-row-current' : 'session-row' }) as object}
        />
      </div>
    </Card>
  );
}
