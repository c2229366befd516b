// What the registration pages share: the masked summary of what was entered, the scrollable
// 用户协议 text and the 我已阅读并同意 box (3 阅读协议, the Shenzhen bank step, registration by phone).
import { Checkbox, Descriptions, Form } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/context';
import { idTypeLabel } from '../../lib/labels';
import type { IdTypeOption, RegistrationSummary as Summary } from '../../types';
import { AGREEMENT } from './agreementText';

/** 用户名, 姓名, 证件类型, 证件号码 (masked), and 手机号码 (masked) where the step has one. */
export function RegistrationSummary({ summary, idTypes, withPhone = false }: { summary: Summary; idTypes: IdTypeOption[]; withPhone?: boolean }) {
  const { t, lang } = useI18n();
  return (
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
        ...(withPhone ? [{ key: 'phone', label: t('register.phone'), children: summary.phoneMasked }] : []),
      ]}
    />
  );
}

/** The agreement in the page's language, in a box that scrolls and takes the keyboard focus. */
export function AgreementText({ labelledBy, testId }: { labelledBy?: string; testId?: string }) {
  const { t, lang } = useI18n();
  return (
    <div
      className="sf-agreement"
      role="region"
      {...(labelledBy ? { 'aria-labelledby': labelledBy, 'aria-description': t('register.agreement.box') } : { 'aria-label': t('register.agreement.box') })}
      tabIndex={0}
      data-testid={testId}
    >
      {AGREEMENT[lang].map((s) => (
        <section key={s.heading}>
          <h4>{s.heading}</h4>
          <p>{s.body}</p>
        </section>
      ))}
    </div>
  );
}

/** The `agree` field: it must be ticked to go on. */
export function AgreeCheckbox({ testId, children }: { testId: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Form.Item name="agree" valuePropName="checked" rules={[{ required: true, type: 'enum', enum: [true], message: t('register.agree.required') }]}>
      <Checkbox data-testid={testId} className="sf-agree">
        {children}
      </Checkbox>
    </Form.Item>
  );
}
