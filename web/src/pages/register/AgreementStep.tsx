// Step 3 阅读协议: the masked summary, the agreement text, 我已阅读并同意 → POST …/agreement.
import { Button, Checkbox, Descriptions, Form, Typography } from 'antd';
import { acceptAgreement, registrationBack } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { idTypeLabel } from '../../lib/labels';
import type { IdTypeOption } from '../../types';
import { AGREEMENT } from './agreementText';
import { StepAlert } from './StepAlert';
import type { RegistrationFlowState } from './useRegistrationFlow';

const FIELDS = ['agree'] as const;

export function AgreementStep({ reg, idTypes }: { reg: RegistrationFlowState; idTypes: IdTypeOption[] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ agree: boolean }>();
  const agreed = Form.useWatch('agree', form) === true;
  const summary = reg.flow?.summary ?? {};

  return (
    <div data-testid="register-step-agreement">
      <StepAlert error={reg.stepError} fields={FIELDS} />
      <Typography.Title level={3}>{t('register.summary')}</Typography.Title>
      <Descriptions
        data-testid="register-summary"
        bordered
        column={1}
        size="middle"
        items={[
          { key: 'username', label: t('register.username'), children: summary.username },
          { key: 'name', label: t('register.name'), children: summary.name },
          { key: 'idType', label: t('register.idType'), children: summary.idType && idTypeLabel(summary.idType, lang, t, idTypes) },
          { key: 'idNumber', label: t('register.idNumber'), children: summary.idNumberMasked },
          { key: 'phone', label: t('register.phone'), children: summary.phoneMasked },
        ]}
      />
      <Typography.Title level={3} id="agreement-title" className="sf-agreement-title">
        {t('register.agreement.title')}
      </Typography.Title>
      <div
        className="sf-agreement"
        role="region"
        aria-labelledby="agreement-title"
        aria-description={t('register.agreement.box')}
        tabIndex={0}
        data-testid="register-agreement-text"
      >
        {AGREEMENT[lang].map((s) => (
          <section key={s.heading}>
            <h4>{s.heading}</h4>
            <p>{s.body}</p>
          </section>
        ))}
      </div>
      <Form form={form} name="agreement" layout="vertical" size="large" onFinish={() => void reg.run(acceptAgreement)}>
        <Form.Item name="agree" valuePropName="checked" rules={[{ required: true, type: 'enum', enum: [true], message: t('register.agree.required') }]}>
          <Checkbox data-testid="register-agree" className="sf-agree">
            {t('register.agree')}
          </Checkbox>
        </Form.Item>
        <div className="sf-step-buttons">
          <Button size="large" disabled={reg.busy} data-testid="register-back" onClick={() => void reg.run(registrationBack)}>
            {t('common.back')}
          </Button>
          <Button type="primary" htmlType="submit" size="large" disabled={!agreed} loading={reg.busy} data-testid="register-submit">
            {t('register.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
