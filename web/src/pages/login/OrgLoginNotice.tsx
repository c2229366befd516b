// 单位登录 while no org sign-in method exists: a plain notice with the way back to 个人登录.
import { Button, Result } from 'antd';
import { useI18n } from '../../i18n/context';

export function OrgLoginNotice({ onBack }: { onBack: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      data-testid="org-login-unavailable"
      status="info"
      title={t('login.org.title')}
      subTitle={t('login.org.desc')}
      extra={
        <Button type="primary" size="large" data-testid="org-login-back" onClick={onBack}>
          {t('login.org.back')}
        </Button>
      }
    />
  );
}
