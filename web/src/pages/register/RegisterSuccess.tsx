// 注册成功: the new username and its assurance level, and the way on to 去登录.
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { levelLabel } from '../../lib/labels';
import type { RegisteredAccount } from './useRegistrationFlow';

export function RegisterSuccess({ account }: { account: RegisteredAccount | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div data-testid="register-success">
      <Result
        status="success"
        title={t('register.success.title')}
        subTitle={
          <div className="sf-success-details">
            {account && <p data-testid="register-success-username">{t('register.success.username', { username: account.username })}</p>}
            {account?.assuranceLevel && (
              <p data-testid="register-success-level">{t('register.success.level', { level: levelLabel(account.assuranceLevel, t) })}</p>
            )}
            <p>{t('register.success.hint')}</p>
          </div>
        }
        extra={
          <Button type="primary" size="large" data-testid="register-go-login" onClick={() => navigate('/login')}>
            {t('register.success.login')}
          </Button>
        }
      />
    </div>
  );
}
