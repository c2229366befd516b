// 父账号信息 / 我的授权 in the account centre: binding requests to answer, the orgs I act for (which
// systems, until when), acting for one, leaving one.
import { Alert, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/useAction';
import { useSignedInData } from '../../lib/useSignedInData';
import { answerInvitation, getAuthorisations, getInvitations, leaveOrg, setActing } from './orgApi';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

const load = async () => {
  const [inv, auth] = await Promise.all([getInvitations(), getAuthorisations()]);
  return { invitations: inv.items, authorisations: auth.items };
};

export function MyAuthorisationsPanel() {
  const { lang } = useI18n();
  const o = useOrgText();
  const navigate = useNavigate();
  const { data, error, reload } = useSignedInData(load);
  const { failure, run } = useAction(reload);
  if (error) return <Alert type="error" showIcon role="alert" title={error.message} />;
  if (!data) return <Loading />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {failure && <Alert type="error" showIcon role="alert" title={failure.message} />}
      {data.invitations.length > 0 && (
        <Card title={o('my.invitations')} className="sf-panel" data-testid="my-invitations">
          {data.invitations.map((i) => (
            <div key={i.id} className="sf-stack" style={{ marginBottom: 16 }}>
              <p style={{ fontSize: '1.125rem' }}>
                {o('my.invitedBy', { org: i.orgName, role: o(`role.${i.role}`) })}（{i.uscc}）
              </p>
              <Space>
                <Button type="primary" size="large" data-testid={`invitation-accept-${i.uscc}`} onClick={() => void run(() => answerInvitation(i.id, true))}>
                  {o('my.accept')}
                </Button>
                <Button size="large" data-testid={`invitation-decline-${i.uscc}`} onClick={() => void run(() => answerInvitation(i.id, false))}>
                  {o('my.decline')}
                </Button>
              </Space>
            </div>
          ))}
        </Card>
      )}
      <Card
        title={<PageHeading>{o('my.title')}</PageHeading>}
        className="sf-panel"
        extra={
          <Link to="/org/register" data-testid="my-register-org">
            {o('my.registerOrg')}
          </Link>
        }
      >
        {data.authorisations.length === 0 ? (
          <Empty description={o('my.none')} />
        ) : (
          data.authorisations.map((a) => (
            <Card key={a.membershipId} type="inner" title={`${a.name}（${a.uscc}）`} style={{ marginBottom: 16 }} data-testid={`my-org-${a.uscc}`}>
              <Descriptions
                column={1}
                items={[
                  { key: 'role', label: o('members.role'), children: o(`role.${a.role}`) },
                  {
                    key: 'systems',
                    label: o('my.systems'),
                    children: a.grantsSuspended
                      ? o('my.suspended')
                      : a.systems.length === 0
                        ? o('my.noSystems')
                        : a.systems.map((s) => (
                            <Tag key={s.id} color={s.expired ? 'default' : undefined} className={s.expired ? undefined : 'sf-tag-ok'}>
                              {s.name} {s.expiresAt ? o('members.until', { date: formatDateTime(s.expiresAt, lang) }) : o('members.noExpiry')}
                              {s.expired ? `（${o('my.expired')}）` : ''}
                            </Tag>
                          )),
                  },
                ]}
              />
              <Space wrap>
                <Button type="primary" size="large" data-testid={`my-act-${a.uscc}`} onClick={() => void run(() => setActing(a.orgId), () => navigate('/org'))}>
                  {o('my.act')}
                </Button>
                <Popconfirm title={o('my.leaveConfirm')} onConfirm={() => void run(() => leaveOrg(a.membershipId))}>
                  <Button danger size="large">
                    {o('my.leave')}
                  </Button>
                </Popconfirm>
              </Space>
            </Card>
          ))
        )}
      </Card>
    </Space>
  );
}
