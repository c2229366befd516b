// /pension/center: 用户中心 (seed 003 三(一)): 个人资料 — 欢迎回来, 姓名; 个人基本信息 (姓名, 身份证号 masked),
// the certification status and the date it is due by; 进入资格认证 opens the 注意事项 dialog. An
// ineligible retiree reads the seed's reason and the other channels instead of a button that fails.
import { Alert, Button, Tag } from 'antd';
import { Link, useOutletContext } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { OtherChannels } from './Channels';
import { pensionDate } from './format';
import { SignedOutNotice, type PensionOutlet } from './PensionLayout';
import type { PensionRetiree } from './pensionApi';
import { usePensionText, type PensionTextKey } from './text';
import { PageHeading } from '../../components/PageHeading';

const STATUS_COLOUR: Record<PensionRetiree['status'], string> = { pending: 'processing', certified: 'success', due_soon: 'warning', overdue: 'error' };

/** 待认证 / 已认证 / 即将到期 / 已逾期 as a coloured tag. */
export function StatusTag({ status }: { status: PensionRetiree['status'] }) {
  const { p } = usePensionText();
  return (
    <Tag color={STATUS_COLOUR[status]} className="sf-pension-status" data-testid="pension-status" data-status={status}>
      {p(`status.${status}` as PensionTextKey)}
    </Tag>
  );
}

/** 个人基本信息: name, masked ID number, (region,) status and due date, (last certification); the test ids each page reads. */
export function RetireeFacts({ retiree, region = false, last = false, ids = {} }: { retiree: PensionRetiree; region?: boolean; last?: boolean; ids?: { root?: string; name?: string; id?: string; due?: string; last?: string } }) {
  const { p } = usePensionText();
  const { lang } = useI18n();
  return (
    <dl className="sf-pension-facts" data-testid={ids.root}>
      <dt>{p('center.name')}</dt>
      <dd data-testid={ids.name}>{retiree.name}</dd>
      <dt>{p('center.idNumber')}</dt>
      <dd data-testid={ids.id}>{retiree.idNumberMasked}</dd>
      {region && (
        <>
          <dt>{p('center.region')}</dt>
          <dd>{retiree.region}</dd>
        </>
      )}
      <dt>{p('center.status')}</dt>
      <dd>
        <StatusTag status={retiree.status} />
      </dd>
      <dt>{p('center.dueAt')}</dt>
      <dd data-testid={ids.due}>{retiree.dueAt ? pensionDate(retiree.dueAt, lang) : '—'}</dd>
      {last && (
        <>
          <dt>{p('center.lastCertifiedAt')}</dt>
          <dd data-testid={ids.last}>{retiree.lastCertifiedAt ? pensionDate(retiree.lastCertifiedAt, lang) : p('center.never')}</dd>
        </>
      )}
    </dl>
  );
}

/** Why this retiree cannot certify online (today), with the ways that remain; null when they can. */
export function CannotCertify({ retiree }: { retiree: PensionRetiree }) {
  const { p } = usePensionText();
  if (!retiree.eligible) {
    return (
      <div data-testid="pension-ineligible">
        <Alert type="error" showIcon role="alert" title={p('ineligible')} description={p('ineligible.help')} />
      </div>
    );
  }
  if (retiree.attemptsLeftToday === 0) {
    return (
      <div data-testid="pension-no-attempts">
        <Alert type="warning" showIcon role="alert" title={p('noAttempts')} />
        <OtherChannels title={false} />
      </div>
    );
  }
  return null;
}

export function PensionCenterPage() {
  const { lang } = useI18n();
  const { p } = usePensionText();
  const { retiree, openNotice } = useOutletContext<PensionOutlet>();
  if (!retiree) return <SignedOutNotice />;
  const blocked = !retiree.eligible || retiree.attemptsLeftToday === 0;
  return (
    <section className="sf-pension-card" data-testid="pension-center">
      <PageHeading look="plain" className="sf-pension-title">{p('center.profile')}</PageHeading>
      <p className="sf-pension-lead" data-testid="pension-welcome">
        {p('center.welcome', { name: retiree.name })}
      </p>
      <h2 className="sf-pension-subtitle">{p('center.basic')}</h2>
      <RetireeFacts retiree={retiree} region last ids={{ root: 'pension-facts', name: 'pension-name-shown', id: 'pension-id-masked', due: 'pension-due-at', last: 'pension-last-certified' }} />
      {blocked ? (
        <CannotCertify retiree={retiree} />
      ) : (
        <>
          <Button type="primary" size="large" block className="sf-pension-big" onClick={openNotice} data-testid="pension-enter">
            {p('center.enter')}
          </Button>
          <p className="sf-pension-hint">{p('attemptsLeft', { n: retiree.attemptsLeftToday })}</p>
        </>
      )}
      <p className="sf-pension-hint">
        {p('center.resultsHint')}{' '}
        <Link to="/pension/results" data-testid="pension-to-results">
          {p('menu.results')}
        </Link>
      </p>
    </section>
  );
}
