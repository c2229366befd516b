// /pension/results: 认证结果查询 (seed 003 四) — the latest result, then every certification newest
// first: 认证时间, 认证渠道 (网上自助 / 现场 / 社区 / 手机APP), 认证结果, 下次认证截止日期. As cards, not a
// table: they read on a phone without scrolling sideways.
import { Alert, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { pensionDate } from './format';
import { RetireeFacts } from './PensionCenterPage';
import { SignedOutNotice, type PensionOutlet } from './PensionLayout';
import { getPensionResults, type PensionHistoryItem } from './pensionApi';
import { usePensionText, type PensionTextKey } from './text';
import { PageHeading } from '../../components/PageHeading';

function HistoryCard({ item, testId }: { item: PensionHistoryItem; testId: string }) {
  const { lang } = useI18n();
  const { p } = usePensionText();
  return (
    <dl className="sf-pension-facts sf-pension-history-item" data-testid={testId} data-result={item.result} data-channel={item.channel}>
      <dt>{p('results.at')}</dt>
      <dd>{pensionDate(item.at, lang)}</dd>
      <dt>{p('results.channel')}</dt>
      <dd data-testid={`${testId}-channel`}>{p(`channel.${item.channel}` as PensionTextKey)}</dd>
      <dt>{p('results.result')}</dt>
      <dd data-testid={`${testId}-result`}>
        <Tag color={item.result === 'passed' ? 'success' : 'error'}>{p(`result.${item.result}` as PensionTextKey)}</Tag>
        {/* A suspected spoof is told to the retiree as the seed's no-match, as the capture page told it. */}
        {item.reason && <span className="sf-pension-reason">{p(`reason.${item.reason === 'spoof' ? 'no_match' : item.reason}` as PensionTextKey)}</span>}
      </dd>
      {item.nextDueAt && (
        <>
          <dt>{p('results.nextDueAt')}</dt>
          <dd data-testid={`${testId}-next-due`}>{pensionDate(item.nextDueAt, lang)}</dd>
        </>
      )}
    </dl>
  );
}

export function PensionResultsPage() {
  const { lang } = useI18n();
  const { p } = usePensionText();
  const { retiree } = useOutletContext<PensionOutlet>();
  const [history, setHistory] = useState<PensionHistoryItem[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(() => {
    setError(null);
    getPensionResults().then(
      (r) => setHistory(r.history),
      (err: unknown) => {
        if (!isApiError(err)) throw err;
        setError(err);
      },
    );
  }, []);
  useEffect(() => {
    if (retiree) load();
  }, [retiree, load]);
  if (!retiree || error?.status === 401) return <SignedOutNotice />;
  return (
    <section className="sf-pension-card" data-testid="pension-results">
      <PageHeading look="plain" className="sf-pension-title">{p('results.title')}</PageHeading>
      <RetireeFacts retiree={retiree} />
      {error && <Alert type="error" showIcon role="alert" title={error.message} />}
      {!history && !error && <Loading />}
      {history && history.length === 0 && <p className="sf-pension-lead" data-testid="pension-results-none">{p('results.none')}</p>}
      {history && history.length > 0 && (
        <>
          <h2 className="sf-pension-subtitle">{p('results.latest')}</h2>
          <HistoryCard item={history[0]!} testId="pension-latest" />
          {history.length > 1 && (
            <>
              <h2 className="sf-pension-subtitle">{p('results.history')}</h2>
              {history.slice(1).map((item, i) => (
                <HistoryCard key={`${item.at}-${i}`} item={item} testId={`pension-history-${i + 1}`} />
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}
