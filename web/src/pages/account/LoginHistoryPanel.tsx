// 登录历史: the last sign-ins with time, IP, browser, method and a coloured result tag.
import { Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { getLoginHistory } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import { browserName, formatDateTime } from '../../lib/format';
import { useSignedInData } from '../../lib/useSignedInData';
import type { LoginHistoryItem } from '../../types';
import { TableScroll } from '../../components/TableScroll';
import { PageHeading } from '../../components/PageHeading';

const RESULT_TAG: Record<string, { color: string; label: MessageKey }> = {
  success: { color: 'success', label: 'history.result.success' },
  failure: { color: 'error', label: 'history.result.failure' },
  locked: { color: 'warning', label: 'history.result.locked' },
};

const METHOD_LABEL: Record<string, MessageKey> = {
  password: 'login.method.password',
  sms: 'login.method.sms',
  qr: 'login.method.qr',
  password_change: 'history.method.passwordChange',
};

type Row = LoginHistoryItem & { key: number };

const loadHistory = () => getLoginHistory(20);

export function LoginHistoryPanel() {
  const { t, lang } = useI18n();
  const { data, error, reload } = useSignedInData(loadHistory);

  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;

  const columns: ColumnsType<Row> = [
    { key: 'at', title: t('history.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, lang) },
    { key: 'ip', title: t('history.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
    {
      key: 'browser',
      title: t('history.browser'),
      dataIndex: 'userAgent',
      render: (ua: string | null) => <span title={ua ?? undefined}>{browserName(ua) ?? t('history.unknownBrowser')}</span>,
    },
    {
      key: 'method',
      title: t('history.method'),
      dataIndex: 'method',
      render: (m: string) => (Object.hasOwn(METHOD_LABEL, m) ? t(METHOD_LABEL[m]!) : m),
    },
    {
      key: 'result',
      title: t('history.result'),
      dataIndex: 'result',
      render: (r: string) => {
        const tag = RESULT_TAG[r];
        return tag ? (
          <Tag color={tag.color} variant="solid" className="sf-result-tag" data-testid={`history-result-${r}`}>
            {t(tag.label)}
          </Tag>
        ) : (
          <Tag>{r}</Tag>
        );
      },
    },
  ];

  return (
    <Card title={<PageHeading>{t('account.menu.history')}</PageHeading>} className="sf-panel">
      <Typography.Paragraph>{t('history.hint')}</Typography.Paragraph>
      <TableScroll label={t('account.menu.history')}>
        <Table<Row>
          data-testid="login-history-table"
          rowKey="key"
          columns={columns}
          dataSource={data.items.map((item, i) => ({ ...item, key: i }))}
          pagination={false}
          locale={{ emptyText: t('history.empty') }}
        />
      </TableScroll>
    </Card>
  );
}
