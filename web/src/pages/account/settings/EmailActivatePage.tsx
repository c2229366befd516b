// The page an activation link opens (/email/activate?token=…): binds the e-mail and says 邮箱绑定成功, or why not.
import { Button, Result } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError, type ApiError } from '../../../api';
import { activateEmail } from '../../../accountSettingsApi';
import { Loading } from '../../../components/Loading';
import { ProblemResult } from '../../../components/ProblemResult';
import { PublicLayout } from '../../../components/PublicLayout';
import { useI18n } from '../../../i18n/context';
import { PageHeading } from '../../../components/PageHeading';

export function EmailActivatePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [bound, setBound] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const asked = useRef(false);

  useEffect(() => {
    // Strict mode runs effects twice; the link works once.
    if (asked.current) return;
    asked.current = true;
    activateEmail(token).then(
      (res) => setBound(res.emailMasked),
      (err: unknown) => {
        if (isApiError(err)) setError(err);
      },
    );
  }, [token]);

  return (
    <PublicLayout>
      {error ? (
        <ProblemResult testId="email-activate-problem" title={t('email.activate.failed')} message={error.message} />
      ) : bound ? (
        <div data-testid="email-activated">
          <Result
            status="success"
            title={
              <PageHeading title={t('email.activate.title')}>
                <span data-testid="email-activated-title">{t('email.activate.title')}</span>
              </PageHeading>
            }
            subTitle={t('email.activate.desc', { email: bound })}
            extra={
              <Button type="primary" size="large" data-testid="email-activated-account" onClick={() => navigate('/account/security')}>
                {t('email.activate.toAccount')}
              </Button>
            }
          />
        </div>
      ) : (
        <div>
          <p>{t('email.activate.working')}</p>
          <Loading />
        </div>
      )}
    </PublicLayout>
  );
}
