// 注销账户 (seed 000): a clear warning, a tick to confirm, 身份验证 (password or SMS code), a last 确定, then the signed-out page.
import { Alert, App, Button, Card, Checkbox, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../../api';
import { deactivateAccount, getAccountSettings } from '../../../accountSettingsApi';
import { useI18n } from '../../../i18n/context';
import { useSignedInData } from '../../../lib/useSignedInData';
import { useReauth } from './ReauthModal';
import { PageHeading } from '../../../components/PageHeading';

export function DeactivatePanel() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const { data } = useSignedInData(getAccountSettings);
  const { withReauth, reauthModal } = useReauth();
  const [agreed, setAgreed] = useState(false);
  const [showNeedTick, setShowNeedTick] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await withReauth(deactivateAccount);
      if (!res) return;
      renewCsrf();
      navigate('/signed-out?reason=deactivated', { replace: true });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    if (!agreed) {
      setShowNeedTick(true);
      return;
    }
    modal.confirm({
      title: t('deactivate.finalConfirm'),
      okText: t('deactivate.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, size: 'large', 'data-testid': 'deactivate-final-confirm' } as ButtonProps,
      cancelButtonProps: { size: 'large' },
      onOk: () => void run(),
    });
  };

  const days = data?.deactivatedRetentionDays ?? 180;
  return (
    <Card title={<PageHeading>{t('account.menu.deactivate')}</PageHeading>} className="sf-panel">
      {reauthModal}
      <div className="sf-column">
        <Alert
          type="warning"
          showIcon
          data-testid="deactivate-warning"
          title={t('deactivate.warning.title')}
          description={
            <ul>
              <li>{t('deactivate.warning.login')}</li>
              <li>{t('deactivate.warning.sessions')}</li>
              <li>{t('deactivate.warning.data', { days })}</li>
              <li>{t('deactivate.warning.audit')}</li>
            </ul>
          }
          className="sf-form-alert"
        />
        <Typography.Paragraph>{t('deactivate.steps')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" data-testid="deactivate-alert" title={error.message} className="sf-form-alert" />}
        <Checkbox
          data-testid="deactivate-confirm"
          checked={agreed}
          onChange={(e) => {
            setAgreed(e.target.checked);
            setShowNeedTick(false);
          }}
        >
          {t('deactivate.confirm')}
        </Checkbox>
        {showNeedTick && <Alert type="error" showIcon role="alert" title={t('deactivate.confirm.required')} className="sf-form-alert" data-testid="deactivate-need-tick" />}
        <div style={{ marginTop: 24 }}>
          <Button danger type="primary" size="large" block loading={busy} data-testid="deactivate-submit" onClick={submit}>
            {t('deactivate.submit')}
          </Button>
        </div>
      </div>
    </Card>
  );
}
