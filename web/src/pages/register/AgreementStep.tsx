// Step 3 阅读协议: the masked summary, the agreement text, 我已阅读并同意 → POST …/agreement.
import { Button, Form, Typography } from 'antd';
import { acceptAgreement, registrationBack } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import type { IdTypeOption } from '../../types';
import { AgreeCheckbox, AgreementText, RegistrationSummary } from './AgreementParts';
import { StepAlert } from './StepAlert';
import type { RegistrationFlowState } from './useRegistrationFlow';

const FIELDS = ['agree'] as const;

export function AgreementStep({ reg, idTypes }: { reg: RegistrationFlowState; idTypes: IdTypeOption[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ agree: boolean }>();
  const agreed = Form.useWatch('agree', form) === true;
  const summary = reg.flow?.summary ?? {};

  return (
    <div data-testid="register-step-agreement">
      <StepAlert error={reg.stepError} fields={FIELDS} />
      <Typography.Title level={3}>{t('register.summary')}</Typography.Title>
      <RegistrationSummary summary={summary} idTypes={idTypes} withPhone />
      <Typography.Title level={3} id="agreement-title" className="sf-agreement-title">
        {t('register.agreement.title')}
      </Typography.Title>
      <AgreementText labelledBy="agreement-title" testId="register-agreement-text" />
      <Form form={form} name="agreement" layout="vertical" size="large" onFinish={() => void reg.run(acceptAgreement)}>
        <AgreeCheckbox testId="register-agree">{t('register.agree')}</AgreeCheckbox>
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
