// 支付宝实名认证 (seed 002 §2.9.1.7): off to Alipay's authorisation page; Alipay sends the person back to the list.
import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { useI18n } from '../../../i18n/context';
import { startAlipay } from './api';

export function AlipayVerification({ onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      window.location.assign((await startAlipay()).redirectUrl);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div data-testid="realname-alipay">
      <p>{t('realName.alipay.intro')}</p>
      {error && <Alert type="error" showIcon role="alert" data-testid="realname-alert" title={error.message} style={{ marginBottom: 16 }} />}
      <Space>
        <Button type="primary" size="large" loading={busy} onClick={() => void go()} data-testid="realname-alipay-go">
          {t('realName.alipay.go')}
        </Button>
        <Button size="large" onClick={onCancel}>
          {t('realName.cancel')}
        </Button>
      </Space>
    </div>
  );
}
