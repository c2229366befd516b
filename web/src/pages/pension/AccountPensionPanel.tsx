// /account/pension: 养老资格认证 in the person's account centre (issue 14) — the person's own latest
// result and history when their verified resident ID is a retiree's (GET /api/account/pension), with
// the way to certify (个人年度资格认证入口, 直接进入); otherwise what the service is and who it is for.
import { Button, Card, Tag } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../../i18n/context';
import { ProblemResult } from '../../components/ProblemResult';
import { Loading } from '../../components/Loading';
import { useSignedInData } from '../../lib/useSignedInData';
import { pensionDate } from './format';
import { RetireeFacts } from './PensionCenterPage';
import { getAccountPension } from './pensionApi';
import { usePensionText, type PensionTextKey } from './text';
import './pension.css';
import { PageHeading } from '../../components/PageHeading';

export function AccountPensionPanel() {
  const { t, lang } = useI18n();
  const { p } = usePensionText();
  const load = useCallback(() => getAccountPension(), []);
  const { data, error, reload } = useSignedInData(load);
  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;
  const { retiree, history } = data;
  return (
    <Card title={<PageHeading>{p('account.title')}</PageHeading>} className="sf-panel" data-testid="account-pension">
      {!retiree ? (
        <div data-testid="account-pension-none">
          <p>{p('account.none')}</p>
          <p>{p('entry.note.who')}</p>
        </div>
      ) : (
        <>
          <RetireeFacts retiree={retiree} ids={{ due: 'account-pension-due' }} />
          {history.length === 0 ? (
            <p>{p('results.none')}</p>
          ) : (
            <ul className="sf-pension-account-history" data-testid="account-pension-history">
              {history.map((h, i) => (
                <li key={`${h.at}-${i}`}>
                  {pensionDate(h.at, lang)} · {p(`channel.${h.channel}` as PensionTextKey)} ·{' '}
                  <Tag color={h.result === 'passed' ? 'success' : 'error'}>{p(`result.${h.result}` as PensionTextKey)}</Tag>
                  {h.nextDueAt && `${p('results.nextDueAt')}：${pensionDate(h.nextDueAt, lang)}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Button type="primary" size="large" href="/pension" data-testid="account-pension-go">
        {p('entry.title')}
      </Button>
    </Card>
  );
}
