// 账户安全: password, phone, e-mail and signed-in devices at a glance, each with one clear button.
import { Button, Card, List, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { getAccountSettings } from '../../../accountSettingsApi';
import { Loading } from '../../../components/Loading';
import { ProblemResult } from '../../../components/ProblemResult';
import { useI18n } from '../../../i18n/context';
import { useSignedInData } from '../../../lib/useSignedInData';
import { PageHeading } from '../../../components/PageHeading';

export function SecurityPanel() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, reload } = useSignedInData(getAccountSettings);
  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;
  const s = data.settings;
  const rows = [
    { key: 'password', title: t('security.password'), desc: t('security.password.desc'), action: t('security.change'), to: '/account/security/password' },
    {
      key: 'phone',
      title: t('security.phone'),
      desc: s.phoneMasked ? `${s.phoneMasked}${s.phoneVerified ? '' : t('security.unverified')}` : t('security.notBound'),
      action: !s.phoneMasked ? t('security.bind') : s.phoneVerified ? t('security.change') : t('phone.unverified.action'),
      to: '/account/security/phone',
    },
    {
      key: 'email',
      title: t('security.email'),
      desc: s.emailMasked ?? t('security.notBound'),
      action: s.emailMasked ? t('security.change') : t('security.bind'),
      to: '/account/security/email',
    },
    { key: 'sessions', title: t('security.sessions'), desc: t('security.sessions.desc'), action: t('security.view'), to: '/account/security/sessions' },
  ];
  return (
    <Card title={<PageHeading>{t('account.menu.security')}</PageHeading>} className="sf-panel">
      <Typography.Paragraph>{t('security.intro')}</Typography.Paragraph>
      <List
        data-testid="security-list"
        itemLayout="horizontal"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item
            data-testid={`security-${r.key}`}
            actions={[
              <Button key="go" type="primary" size="large" data-testid={`security-${r.key}-action`} onClick={() => navigate(r.to)}>
                {r.action}
              </Button>,
            ]}
          >
            <List.Item.Meta title={<span style={{ fontSize: '1.25rem' }}>{r.title}</span>} description={<span data-testid={`security-${r.key}-value`}>{r.desc}</span>} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The link back to 账户安全 that every sub-page shows (no dead ends). */
export function BackToSecurity() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button type="link" size="large" data-testid="back-to-security" onClick={() => navigate('/account/security')}>
      ← {t('security.back')}
    </Button>
  );
}
