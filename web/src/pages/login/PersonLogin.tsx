// 个人登录: one method tab per method the server offers and the SPA can draw (用户名密码登录, 短信验证码登录, 扫码登录).
import { Alert, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import { PHONE_SIZED, useMediaQuery } from '../../lib/useMediaQuery';
import { PasswordLoginForm } from './PasswordLoginForm';
import { QrLoginForm } from './QrLoginForm';
import { SmsLoginForm } from './SmsLoginForm';

/** Methods this SPA has a form for; a method the server lists but the SPA lacks is not shown. */
const METHOD_VIEWS: Record<string, { label: MessageKey; short: MessageKey; render: () => ReactNode }> = {
  password: { label: 'login.method.password', short: 'login.method.password.short', render: () => <PasswordLoginForm /> },
  sms: { label: 'login.method.sms', short: 'login.method.sms.short', render: () => <SmsLoginForm /> },
  qr: { label: 'login.method.qr', short: 'login.method.qr', render: () => <QrLoginForm /> },
};

export function PersonLogin({ methods }: { methods: string[] }) {
  const { t } = useI18n();
  // The tab the person chose. Only they change it: the tabs are controlled, so a tab that leaves
  // the list never hands the page to its neighbour.
  const [chosen, setChosen] = useState<string | null>(null);
  // On a phone-sized screen 扫码登录 has no use (the phone is what scans) and would push the other
  // tabs behind an overflow menu: it is left out there — unless it is the tab in use, which a
  // window that narrows (resized, zoomed, still being laid out at start-up) must not take away.
  const phoneSized = useMediaQuery(PHONE_SIZED);
  const shown = methods.filter((m) => Object.hasOwn(METHOD_VIEWS, m) && !(m === 'qr' && phoneSized && chosen !== 'qr'));
  if (shown.length === 0) {
    return <Alert type="info" showIcon role="alert" data-testid="login-no-methods" title={t('login.noMethods')} />;
  }
  const active = chosen !== null && shown.includes(chosen) ? chosen : shown[0];
  return (
    <Tabs
      className="sf-fit-tabs"
      data-testid="login-methods"
      destroyOnHidden
      activeKey={active}
      onChange={setChosen}
      items={shown.map((m) => ({
        key: m,
        // Short names on a phone, so both fit side by side with no overflow menu.
        label: <span data-testid={`login-method-${m}`}>{t(phoneSized ? METHOD_VIEWS[m]!.short : METHOD_VIEWS[m]!.label)}</span>,
        children: METHOD_VIEWS[m]!.render(),
      }))}
    />
  );
}
