// 个人信息: the signed-in person's profile (ID number, phone and e-mail masked by the server) and nickname.
import { Alert, Button, Card, Descriptions } from 'antd';
import { useNavigate } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { getProfile } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { idTypeLabel, levelLabel } from '../../lib/labels';
import { useMeta } from '../../lib/useMeta';
import { useSignedInData } from '../../lib/useSignedInData';
import { PageHeading } from '../../components/PageHeading';

export function ProfilePanel() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { meta } = useMeta();
  const { data, error, reload } = useSignedInData(getProfile);

  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;
  const p = data.profile;
  return (
    <Card
      title={<PageHeading>{t('account.menu.profile')}</PageHeading>}
      className="sf-panel"
      extra={
        p.name && (
          <Button size="large" data-testid="profile-change" onClick={() => navigate('/account/real-name', { state: { open: 'identity-change' } })}>
            {t('profile.change')}
          </Button>
        )
      }
    >
      {p.phoneMasked && !p.phoneVerified && (
        <Alert
          type="warning"
          showIcon
          className="sf-form-alert"
          data-testid="profile-phone-unverified"
          title={t('phone.unverified.title')}
          description={t('phone.unverified.desc', { phone: p.phoneMasked })}
          action={
            <Button type="primary" size="large" data-testid="profile-verify-phone" onClick={() => navigate('/account/security/phone')}>
              {t('phone.unverified.action')}
            </Button>
          }
        />
      )}
      <Descriptions
        data-testid="profile-table"
        bordered
        column={1}
        items={[
          { key: 'username', label: t('profile.username'), children: p.username },
          { key: 'nickname', label: t('nickname.label'), children: p.nickname ?? t('nickname.none') },
          { key: 'name', label: t('profile.name'), children: p.name ?? t('profile.notVerified') },
          { key: 'idType', label: t('profile.idType'), children: p.idType ? idTypeLabel(p.idType, lang, t, meta?.idTypes) : t('profile.notVerified') },
          { key: 'idNumber', label: t('profile.idNumber'), children: p.idNumberMasked ?? t('profile.notVerified') },
          { key: 'phone', label: t('profile.phone'), children: p.phoneMasked ? `${p.phoneMasked}${p.phoneVerified ? '' : t('security.unverified')}` : t('security.notBound') },
          { key: 'email', label: t('security.email'), children: p.emailMasked ?? t('security.notBound') },
          { key: 'level', label: t('profile.level'), children: levelLabel(p.assuranceLevel, t) },
          { key: 'createdAt', label: t('profile.createdAt'), children: formatDateTime(p.createdAt, lang) },
        ]}
      />
    </Card>
  );
}
