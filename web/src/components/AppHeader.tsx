// The blue page header: platform name on the left; any extra actions, 长辈模式 and the language switch on the right.
import { SafetyCertificateFilled } from '@ant-design/icons';
import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { ElderSwitch } from './ElderSwitch';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ extra }: { extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Layout.Header className="sf-header">
      <Link to="/" className="sf-brand" data-testid="app-name">
        <SafetyCertificateFilled aria-hidden className="sf-brand-icon" />
        <span className="sf-brand-words">
          <span>{t('app.name')}</span>
          <span className="sf-brand-department" data-testid="app-department">
            {t('app.department')}
          </span>
        </span>
      </Link>
      <div className="sf-header-actions">
        {extra}
        <ElderSwitch />
        <LanguageSwitch />
      </div>
    </Layout.Header>
  );
}
