// The signed-out state after a password change, deactivation or signing out this device: what happened, and 重新登录.
import { Button, Result } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PublicLayout } from '../../../components/PublicLayout';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/zh-CN';
import { PageHeading } from '../../../components/PageHeading';

const TEXTS: Record<string, { title: MessageKey; desc: MessageKey }> = {
  password_changed: { title: 'signedOut.password.title', desc: 'signedOut.password.desc' },
  deactivated: { title: 'signedOut.deactivated.title', desc: 'signedOut.deactivated.desc' },
  session_ended: { title: 'signedOut.session.title', desc: 'signedOut.session.desc' },
};

export function SignedOutPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const reason = params.get('reason') ?? 'session_ended';
  const text = TEXTS[reason] ?? TEXTS.session_ended!;
  return (
    <PublicLayout>
      <div data-testid="signed-out" data-reason={reason}>
        <Result
          status={reason === 'deactivated' ? 'info' : 'success'}
          title={
            <PageHeading title={t(text.title)}>
              <span data-testid="signed-out-title">{t(text.title)}</span>
            </PageHeading>
          }
          subTitle={t(text.desc)}
          extra={
            <Button type="primary" size="large" data-testid="signed-out-login" onClick={() => navigate('/login', { replace: true })}>
              {t('signedOut.login')}
            </Button>
          }
        />
      </div>
    </PublicLayout>
  );
}
