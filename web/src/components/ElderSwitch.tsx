// Header button: 长辈模式 on and off (web/src/lib/elder.tsx); 大字版 on a phone. A toggle button, so a screen reader hears its state.
import { FontSizeOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/context';
import { useElder } from '../lib/elder';

export function ElderSwitch() {
  const { t } = useI18n();
  const { elder, setElder } = useElder();
  return (
    <Button data-testid="elder-switch" ghost icon={<FontSizeOutlined aria-hidden />} aria-pressed={elder} onClick={() => setElder(!elder)}>
      <span className="sf-wide-only">{elder ? t('elder.off') : t('elder.on')}</span>
      <span className="sf-narrow-only">
        {elder ? t('elder.off.short') : t('elder.on.short')}
      </span>
    </Button>
  );
}
