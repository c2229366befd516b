// The last step of a self-service flow (找回密码, 找回用户名): success, and the way back to 登录.
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/context';

interface Props {
  /** data-testid prefix: `${testId}-done`, `${testId}-to-login`. */
  testId: string;
  title: string;
  hint: ReactNode;
}

export function DoneToLogin({ testId, title, hint }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div data-testid={`${testId}-done`}>
      <Result
        status="success"
        title={title}
        subTitle={hint}
        extra={
          <Button type="primary" size="large" data-testid={`${testId}-to-login`} onClick={() => navigate('/login')}>
            {t('register.success.login')}
          </Button>
        }
      />
    </div>
  );
}
