// A large, labelled loading indicator.
import { Spin } from 'antd';
import { useI18n } from '../i18n/context';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="sf-loading" role="status" aria-live="polite">
      <Spin size="large" />
      <span>{t('common.loading')}</span>
    </div>
  );
}
