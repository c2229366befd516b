// A full-width error state that always offers a way on: the given action and back to sign-in.
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/context';

interface Props {
  title: ReactNode;
  message?: ReactNode;
  /** Main action, e.g. 重新开始 or 重试. */
  action?: { label: ReactNode; onClick: () => void };
  status?: 'error' | 'warning' | 'info' | '404';
  /** data-testid of the block; its buttons get `${testId}-action` and `${testId}-back-to-login`. */
  testId?: string;
}

export function ProblemResult({ title, message, action, status = 'warning', testId = 'problem' }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div data-testid={testId}>
      <Result
        status={status}
        title={title}
        subTitle={message}
        extra={[
          action && (
            <Button key="action" type="primary" size="large" data-testid={`${testId}-action`} onClick={action.onClick}>
              {action.label}
            </Button>
          ),
          <Button key="login" size="large" data-testid={`${testId}-back-to-login`} onClick={() => navigate('/login')}>
            {t('common.backToLogin')}
          </Button>,
        ]}
      />
    </div>
  );
}
