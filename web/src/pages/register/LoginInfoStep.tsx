// Step 1 填写登录信息: username, password twice, image captcha → POST …/login-info.
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { CaptchaField } from '../../components/CaptchaField';
import { submitLoginInfo } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { StepAlert } from './StepAlert';
import type { RegistrationFlowState } from './useRegistrationFlow';
import { useStepFailure } from './useStepFailure';

interface Values {
  username: string;
  password: string;
  confirmPassword: string;
  captcha: string;
}

const FIELDS = ['username', 'password', 'confirmPassword', 'captcha'] as const;

export function LoginInfoStep({ reg, flowId }: { reg: RegistrationFlowState; flowId: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [nonce, setNonce] = useState(() => Date.now());
  const refresh = () => setNonce((n) => n + 1);

  useStepFailure(reg, (error) => {
    // Any checked answer is used up: clear it and show a new picture.
    form.setFields([{ name: 'captcha', value: '', errors: [] }]);
    refresh();
    if (error) applyFieldErrors(form, error, FIELDS);
  });

  return (
    <div data-testid="register-step-login-info">
      <StepAlert error={reg.stepError} fields={FIELDS} />
      <Form<Values>
        form={form}
        name="loginInfo"
        layout="vertical"
        size="large"
        requiredMark={false}
        initialValues={{ username: reg.flow?.summary?.username ?? '' }}
        onFinish={(values) => void reg.run((id) => submitLoginInfo(id, values))}
      >
        <Form.Item
          name="username"
          label={t('register.username')}
          extra={t('register.username.placeholder')}
          rules={[{ required: true, whitespace: true, message: t('register.username.required') }]}
        >
          <Input data-testid="register-username" autoComplete="username" autoFocus maxLength={20} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('register.password')}
          extra={t('register.password.placeholder')}
          rules={[{ required: true, message: t('register.password.required') }]}
        >
          <Input.Password data-testid="register-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('register.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('register.confirmPassword.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('register.confirmPassword.mismatch'))),
            }),
          ]}
        >
          <Input.Password
            data-testid="register-confirm-password"
            placeholder={t('register.confirmPassword.placeholder')}
            autoComplete="new-password"
          />
        </Form.Item>
        <CaptchaField flowId={flowId} nonce={nonce} onRefresh={refresh} testId="register" />
        <Button type="primary" htmlType="submit" size="large" block loading={reg.busy} data-testid="register-login-info-submit">
          {t('common.next')}
        </Button>
      </Form>
      <p className="sf-card-links">
        {t('register.haveAccount')} <BackToLoginLink />
      </p>
    </div>
  );
}
