// Step 2 填写身份信息: name, ID type, ID number, mobile → POST …/identity-info; 上一步 → POST …/back.
// Once the step has answered in this flow ('该证件号码已注册', or 上一步 from step 3), each further
// answer needs a new image captcha (summary.captchaRequired): the picture is shown and asked for.
import { useState } from 'react';
import { Button, Form, Input, Select } from 'antd';
import { CaptchaField } from '../../components/CaptchaField';
import { registrationBack, submitIdentityInfo } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { idTypeLabel } from '../../lib/labels';
import type { IdTypeOption } from '../../types';
import { StepAlert } from './StepAlert';
import type { RegistrationFlowState } from './useRegistrationFlow';
import { useStepFailure } from './useStepFailure';

interface Values {
  name: string;
  idType: string;
  idNumber: string;
  phone: string;
  captcha?: string;
}

const FIELDS = ['name', 'idType', 'idNumber', 'phone', 'captcha'] as const;

export function IdentityInfoStep({ reg, idTypes }: { reg: RegistrationFlowState; idTypes: IdTypeOption[] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const summary = reg.flow?.summary ?? {};
  const [nonce, setNonce] = useState(() => Date.now());
  const refresh = () => setNonce((n) => n + 1);

  useStepFailure(reg, (error) => {
    // Any checked answer is used up: clear it and show a new picture.
    form.setFields([{ name: 'captcha', value: '', errors: [] }]);
    refresh();
    if (error) applyFieldErrors(form, error, FIELDS);
  });

  return (
    <div data-testid="register-step-identity-info">
      <StepAlert error={reg.stepError} fields={FIELDS} />
      <Form<Values>
        form={form}
        name="identityInfo"
        layout="vertical"
        size="large"
        requiredMark={false}
        initialValues={{ name: summary.name ?? '', idType: summary.idType ?? 'resident_id' }}
        onFinish={(values) => void reg.run((id) => submitIdentityInfo(id, values))}
      >
        <Form.Item name="name" label={t('register.name')} rules={[{ required: true, whitespace: true, message: t('register.name.required') }]}>
          <Input data-testid="register-name" placeholder={t('register.name.placeholder')} autoComplete="name" autoFocus maxLength={50} />
        </Form.Item>
        <Form.Item name="idType" label={t('register.idType')} rules={[{ required: true, message: t('register.idType.required') }]}>
          <Select
            data-testid="register-id-type"
            options={idTypes.map((o) => ({ value: o.value, label: idTypeLabel(o.value, lang, t, idTypes) }))}
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('register.idNumber')}
          rules={[{ required: true, whitespace: true, message: t('register.idNumber.required') }]}
        >
          <Input data-testid="register-id-number" placeholder={t('register.idNumber.placeholder')} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="phone" label={t('register.phone')} rules={[{ required: true, whitespace: true, message: t('register.phone.required') }]}>
          <Input data-testid="register-phone" placeholder={t('register.phone.placeholder')} autoComplete="tel" inputMode="tel" maxLength={20} />
        </Form.Item>
        {summary.captchaRequired && reg.flow && <CaptchaField flowId={reg.flow.id} nonce={nonce} onRefresh={refresh} testId="register-identity" />}
        <div className="sf-step-buttons">
          <Button size="large" disabled={reg.busy} data-testid="register-back" onClick={() => void reg.run(registrationBack)}>
            {t('common.back')}
          </Button>
          <Button type="primary" htmlType="submit" size="large" loading={reg.busy} data-testid="register-identity-info-submit">
            {t('common.next')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
