// The blue page header: platform name on the left, language switch and any extra actions on the right.
import { SafetyCertificateFilled } from '@ant-design/icons';
import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ extra }: { extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Layout.Header className="sf-header">
      <Link to="/" className="sf-brand" data-testid="app-name">
        <SafetyCertificateFilled aria-hidden className="sf-brand-icon" />
        <span>{t('app.name')}</span>
      </Link>
      <div className="sf-header-actions">
        {extra}
        <LanguageSwitch />
      </div>
    </Layout.Header>
  );
}
