// 单位找回密码 · 验证身份: the org account's security questions (set in the org centre), and the way
// out for an org that cannot answer them — recovery by uploaded documents (/org/recover).
import { Button, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import { answerOrgRecoveryQuestions, type RecoveryFlow } from '../../selfServiceEndpoints';
import type { SelfServiceFlow } from './useSelfServiceFlow';

export function OrgQuestionsVerify({ rec, back }: { rec: SelfServiceFlow<RecoveryFlow>; back: ReactNode }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, string>>();
  const asked = rec.flow?.summary?.orgQuestions ?? [];
  const onFinish = async (v: Record<string, string>) => {
    const err = await rec.run((id) => answerOrgRecoveryQuestions(id, asked.map((_, i) => v[`a${i}`] ?? '')));
    if (err) applyFieldErrors(form, err, []);
  };
  return (
    <div data-testid="recovery-org-verify">
      <Typography.Paragraph strong>{t('forgotPassword.org.method')}</Typography.Paragraph>
      <Form form={form} name="recoveryOrgQuestions" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)}>
        <Typography.Paragraph>{t('forgotPassword.org.questionsHint')}</Typography.Paragraph>
        {asked.map((q, i) => (
          <Form.Item key={i} name={`a${i}`} label={`${i + 1}. ${q}`} rules={[{ required: true, whitespace: true, message: t('forgotPassword.answer.required') }]}>
            <Input data-testid={`recovery-org-answer-${i + 1}`} maxLength={50} autoComplete="off" />
          </Form.Item>
        ))}
        <div className="sf-step-buttons">
          {back}
          <Button type="primary" htmlType="submit" size="large" loading={rec.busy} data-testid="recovery-org-questions-submit">
            {t('common.next')}
          </Button>
        </div>
      </Form>
      <p className="sf-card-links">
        <Link to="/org/recover" data-testid="recovery-org-by-documents">
          {t('forgotPassword.org.byDocuments')}
        </Link>
      </p>
    </div>
  );
}
