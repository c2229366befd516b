// 个人登录: one method tab per method the server offers and the SPA can draw (用户名密码登录, 短信验证码登录, 扫码登录).
import { Alert, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import { PasswordLoginForm } from './PasswordLoginForm';
import { QrLoginForm } from './QrLoginForm';
import { SmsLoginForm } from './SmsLoginForm';

/** Methods this SPA has a form for; a method the server lists but the SPA lacks is not shown. */
const METHOD_VIEWS: Record<string, { label: MessageKey; render: () => ReactNode }> = {
  password: { label: 'login.method.password', render: () => <PasswordLoginForm /> },
  sms: { label: 'login.method.sms', render: () => <SmsLoginForm /> },
  qr: { label: 'login.method.qr', render: () => <QrLoginForm /> },
};

export function PersonLogin({ methods }: { methods: string[] }) {
  const { t } = useI18n();
  const shown = methods.filter((m) => Object.hasOwn(METHOD_VIEWS, m));
  if (shown.length === 0) {
    return <Alert type="info" showIcon role="alert" data-testid="login-no-methods" title={t('login.noMethods')} />;
  }
  return (
    <Tabs
      data-testid="login-methods"
      destroyOnHidden
      items={shown.map((m) => ({
        key: m,
        label: <span data-testid={`login-method-${m}`}>{t(METHOD_VIEWS[m]!.label)}</span>,
        children: METHOD_VIEWS[m]!.render(),
      }))}
    />
  );
}
