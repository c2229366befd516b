// 办事大厅现场认证 (seed 002 §2.9.1.9): done at the counter by staff; the page says so and nothing more.
import { Alert, Button } from 'antd';
import { useI18n } from '../../../i18n/context';

export function CounterInfo({ onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="realname-counter">
      <Alert type="info" showIcon title={t('realName.counter.intro')} style={{ marginBottom: 16 }} />
      <Button size="large" onClick={onCancel}>
        {t('realName.cancel')}
      </Button>
    </div>
  );
}
