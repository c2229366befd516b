// Page frame for signed-out pages (login, registration): header, a centred column, footer (帮助中心, the notice).
import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context';
import { HelpLink } from '../pages/help/HelpLink';
import { AppHeader } from './AppHeader';

export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <Layout className="sf-page">
      <AppHeader />
      <Layout.Content className="sf-content">
        <main className={wide ? 'sf-column sf-column-wide' : 'sf-column'}>{children}</main>
      </Layout.Content>
      <Layout.Footer className="sf-footer">
        <p className="sf-footer-help">
          <HelpLink />
        </p>
        {t('app.footer')}
      </Layout.Footer>
    </Layout>
  );
}
