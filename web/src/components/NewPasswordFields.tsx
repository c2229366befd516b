// A new password typed twice (fields "password" and "confirmPassword"): the policy hint under the first,
// and 两次输入的密码不一致 under the second until they match. The server checks the policy itself.
import { Form, Input } from 'antd';
import { useI18n } from '../i18n/context';

interface Props {
  /** data-testid prefix: `${testId}-password`, `${testId}-confirm-password`. */
  testId: string;
  passwordLabel: string;
  confirmLabel: string;
  confirmPlaceholder?: string;
  autoFocus?: boolean;
}

export function NewPasswordFields({ testId, passwordLabel, confirmLabel, confirmPlaceholder, autoFocus }: Props) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="password" label={passwordLabel} extra={t('register.password.placeholder')} rules={[{ required: true, message: t('register.password.required') }]}>
        <Input.Password data-testid={`${testId}-password`} autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={confirmLabel}
        dependencies={['password']}
        rules={[
          { required: true, message: t('register.confirmPassword.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('register.confirmPassword.mismatch'))),
          }),
        ]}
      >
        <Input.Password data-testid={`${testId}-confirm-password`} placeholder={confirmPlaceholder} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
