// The help pages that depend on what this deployment offers wait for GET /api/meta; if it cannot
// be read they say so with 重试 and 返回登录.
import type { ReactNode } from 'react';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { useI18n } from '../../i18n/context';
import { useMeta } from '../../lib/useMeta';
import type { Meta } from '../../types';

export function WithMeta({ children }: { children: (meta: Meta) => ReactNode }) {
  const { t } = useI18n();
  const { meta, error, reload } = useMeta();
  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} testId="help-problem" />;
  if (!meta) return <Loading />;
  return children(meta);
}
