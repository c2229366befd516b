// The help pages that depend on what this deployment offers wait for GET /api/meta; if it cannot
// be read they say so with 重试 (the frame's links still lead back).
import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { useMeta } from '../../lib/useMeta';
import type { Meta } from '../../types';

export function WithMeta({ children }: { children: (meta: Meta) => ReactNode }) {
  const { t } = useI18n();
  const { meta, error, reload } = useMeta();
  if (error)
    return (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" data-testid="help-alert" title={error.message} />
        <Button type="primary" size="large" block onClick={reload}>
          {t('common.retry')}
        </Button>
      </div>
    );
  if (!meta) return <Loading />;
  return children(meta);
}
