// The mainland mobile number form item (name "phone") of the SMS forms: required, 11 digits starting 1[3-9].
import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context';

export const PHONE_RULE = /^1[3-9]\d{9}$/;

interface Props {
  /** The input's data-testid. */
  testId: string;
  label: string;
  extra?: ReactNode;
  autoFocus?: boolean;
  autoComplete?: string;
}

export function PhoneField({ testId, label, extra, autoFocus, autoComplete }: Props) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="phone"
      label={label}
      extra={extra}
      rules={[
        { required: true, whitespace: true, message: t('sms.phone.required') },
        { pattern: PHONE_RULE, message: t('sms.phone.invalid') },
      ]}
    >
      <Input data-testid={testId} placeholder={t('sms.phone.placeholder')} inputMode="tel" autoComplete={autoComplete} maxLength={11} autoFocus={autoFocus} />
    </Form.Item>
  );
}
