// When a flow could not be started (network, rate limit…): what went wrong and one big 重试 button.
import { Alert, Button } from 'antd';
import type { ApiError } from '../api';
import { useI18n } from '../i18n/context';

export function FlowStartError({ error, onRetry, testId }: { error: ApiError; onRetry: () => void; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="sf-stack">
      <Alert type="error" showIcon role="alert" data-testid={`${testId}-alert`} title={error.message} />
      <Button type="primary" size="large" block data-testid={`${testId}-retry`} onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </div>
  );
}
