// 变更用户信息 (seed 001 §2.1.2): a new name and/or bank card, passing the bank card check again.
import { Alert } from 'antd';
import { useI18n } from '../../../i18n/context';
import { changeIdentity } from './api';
import { SmsMethodVerification } from './SmsMethodVerification';

export function IdentityChange({ currentName, onDone, onCancel }: { currentName: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <Alert type="info" showIcon title={t('realName.change.intro')} style={{ marginBottom: 16 }} data-testid="realname-change-intro" />
      <SmsMethodVerification
        method="bank4"
        smsTo="checked_phone"
        intro="realName.intro.bank4"
        doneTitle="realName.change.done"
        fields={[
          { name: 'name', label: 'realName.field.name', maxLength: 50 },
          { name: 'cardNumber', label: 'realName.field.cardNumber', maxLength: 23, inputMode: 'numeric' },
        ]}
        submit={(flowId, v) => changeIdentity({ flowId, name: v.name ?? currentName, cardNumber: v.cardNumber ?? '' })}
        onDone={onDone}
        onCancel={onCancel}
      />
    </>
  );
}
