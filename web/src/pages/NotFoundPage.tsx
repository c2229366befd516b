// Any unknown path: says so and leads back to the home page.
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n/context';
import { PageHeading } from '../components/PageHeading';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <PublicLayout>
      <div data-testid="not-found">
        <Result
          status="404"
          title={<PageHeading>{t('notFound.title')}</PageHeading>}
          subTitle={t('notFound.desc')}
          extra={
            <Button type="primary" size="large" onClick={() => navigate('/')}>
              {t('common.goHome')}
            </Button>
          }
        />
      </div>
    </PublicLayout>
  );
}
