// Header button that switches the UI between 中文 and English.
import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/context';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const next = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      data-testid="lang-switch"
      ghost
      icon={<GlobalOutlined aria-hidden />}
      lang={next}
      title={t('lang.switchLabel')}
      onClick={() => setLang(next)}
    >
      <span className="sf-wide-only">{t('lang.switch')}</span>
      <span className="sf-narrow-only">
        {t('lang.switch.short')}
      </span>
    </Button>
  );
}
