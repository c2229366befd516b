// /choose-org: after signing in, a person who acts for orgs chooses the one they act for now (or
// themselves). With `auto=1` and a single org, it is chosen at once. Binding requests not yet accepted
// (they start pending) are named, with the way to 我的授权 (/account/orgs) to answer them.
import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { PublicLayout } from '../../components/PublicLayout';
import { followNext, safeNext } from '../../lib/next';
import { useSignedInData } from '../../lib/useSignedInData';
import { getActing, getInvitations, setActing } from './orgApi';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

/** Who the person may act for, and the binding requests waiting for their answer (as 我的授权 lists them). */
const load = async () => {
  const acting = await getActing();
  const invitations = acting.kind === 'person' ? (await getInvitations()).items : [];
  return { ...acting, invitations };
};

export function ChooseOrgPage() {
  const o = useOrgText();
  const navigate = useNavigate();
  const { data, error } = useSignedInData(load);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const auto = new URLSearchParams(window.location.search).get('auto') === '1';

  const choose = async (orgId: string | null) => {
    setBusy(orgId ?? 'self');
    setFailure(null);
    try {
      await setActing(orgId);
      const next = safeNext();
      if (next) followNext(next);
      else navigate(orgId ? '/org' : '/account', { replace: true });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      setBusy(null);
    }
  };

  useEffect(() => {
    if (auto && data?.kind === 'person' && data.choices.length === 1) void choose(data.choices[0]!.orgId);
    if (data?.kind === 'org') navigate('/org', { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  const pending = data && data.invitations.length > 0 ? o('choose.pending', { orgs: data.invitations.map((i) => `“${i.orgName}”`).join('、') }) : null;
  const toInvitations = (
    <Button key="answer" type="primary" size="large" onClick={() => navigate('/account/orgs')} data-testid="choose-to-invitations">
      {o('choose.toInvitations')}
    </Button>
  );

  let body;
  if (error) body = <Alert type="error" showIcon role="alert" title={error.message} />;
  else if (!data) body = <Loading />;
  else if (data.choices.length === 0)
    body = (
      <Result
        status="info"
        title={<PageHeading>{o('choose.title')}</PageHeading>}
        subTitle={<span data-testid="choose-none">{pending ?? o('choose.none')}</span>}
        extra={[
          pending && toInvitations,
          <Button key="self" type={pending ? 'default' : 'primary'} size="large" onClick={() => void choose(null)} data-testid="choose-self">
            {o('choose.toAccount')}
          </Button>,
        ]}
      />
    );
  else
    body = (
      <div className="sf-stack">
        <PageHeading look="title" className="sf-card-title">{o('choose.title')}</PageHeading>
        <p>{o('choose.desc')}</p>
        {failure && <Alert type="error" showIcon role="alert" title={failure.message} />}
        {pending && <Alert type="info" showIcon data-testid="choose-pending" title={pending} action={toInvitations} />}
        {data.choices.map((c) => (
          <Button
            key={c.orgId}
            size="large"
            block
            type={data.actingFor?.orgId === c.orgId ? 'primary' : 'default'}
            icon={<BankOutlined aria-hidden />}
            loading={busy === c.orgId}
            data-testid={`choose-org-${c.uscc}`}
            onClick={() => void choose(c.orgId)}
            style={{ height: 'auto', padding: '12px 16px', whiteSpace: 'normal', textAlign: 'left' }}
          >
            {c.name}（{o(`role.${c.role}`)}）<br />
            <small>{c.uscc}</small>
          </Button>
        ))}
        <Button size="large" block icon={<UserOutlined aria-hidden />} loading={busy === 'self'} data-testid="choose-self" onClick={() => void choose(null)}>
          {o('choose.self')}
        </Button>
      </div>
    );

  return (
    <PublicLayout>
      <Card className="sf-card" data-testid="choose-org-card">
        {body}
      </Card>
    </PublicLayout>
  );
}
