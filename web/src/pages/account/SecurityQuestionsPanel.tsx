// 密保问题: choose 3 different questions from the fixed list and answer them; saving needs 身份验证 (the shared re-authentication modal).
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { useI18n } from '../../i18n/context';
import '../../selfService.css';
import { formatDateTime } from '../../lib/format';
import { useSignedInData } from '../../lib/useSignedInData';
import { getMySecurityQuestions, getSecurityQuestionList, saveSecurityQuestions, type SecurityQuestionStatus } from '../../selfServiceEndpoints';
import { useReauth } from './settings/ReauthModal';
import { PageHeading } from '../../components/PageHeading';

type Values = Record<`q${1 | 2 | 3}` | `a${1 | 2 | 3}`, string>;
const SLOTS = [1, 2, 3] as const;

export function SecurityQuestionsPanel() {
  const { t, lang } = useI18n();
  const load = useCallback(async () => {
    const [list, mine] = await Promise.all([getSecurityQuestionList(), getMySecurityQuestions()]);
    return { questions: list.questions, mine };
  }, []);
  const { data, error, reload } = useSignedInData(load);
  const [form] = Form.useForm<Values>();
  const [status, setStatus] = useState<SecurityQuestionStatus | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { withReauth, reauthModal } = useReauth();

  if (error) return <ProblemResult title={t('error.loadFailed')} message={error.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;
  const current = status ?? data.mine;

  const onFinish = async (v: Values) => {
    setBusy(true);
    setSaveError(null);
    setSaved(false);
    try {
      const items = SLOTS.map((n) => ({ questionId: v[`q${n}`], answer: v[`a${n}`] }));
      const res = await withReauth(() => saveSecurityQuestions({ items }));
      if (!res) return;
      setStatus(res);
      setSaved(true);
      // Keep the chosen questions on screen; the answers are not kept.
      form.setFieldsValue({ ...Object.fromEntries(SLOTS.flatMap((n) => [[`q${n}`, res.questionIds[n - 1]], [`a${n}`, '']])) });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const initial = Object.fromEntries(SLOTS.map((n) => [`q${n}`, current.questionIds[n - 1]]));

  return (
    <Card title={<PageHeading>{t('account.menu.securityQuestions')}</PageHeading>} className="sf-panel" data-testid="security-questions-panel">
      {reauthModal}
      <Typography.Paragraph>{t('securityQuestions.intro')}</Typography.Paragraph>
      <Alert
        className="sf-form-alert"
        type={current.configured ? 'success' : 'warning'}
        showIcon
        data-testid="security-questions-status"
        title={current.configured && current.updatedAt ? t('securityQuestions.configured', { date: formatDateTime(current.updatedAt, lang) }) : t('securityQuestions.notConfigured')}
      />
      {saved && <Alert className="sf-form-alert" type="success" showIcon role="status" data-testid="security-questions-saved" title={t('securityQuestions.saved')} />}
      {saveError && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="security-questions-alert" title={saveError.message} />}
      <Form<Values> form={form} name="securityQuestions" layout="vertical" size="large" requiredMark={false} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        {SLOTS.map((n) => (
          <div key={n} className="sf-question-slot">
            <Form.Item
              name={`q${n}`}
              label={t('securityQuestions.question', { n })}
              dependencies={SLOTS.filter((m) => m !== n).map((m) => `q${m}`)}
              rules={[
                { required: true, message: t('securityQuestions.question.required') },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    !value || SLOTS.every((m) => m === n || getFieldValue(`q${m}`) !== value)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('securityQuestions.question.duplicate'))),
                }),
              ]}
            >
              <Select data-testid={`security-question-${n}`} options={data.questions.map((q) => ({ value: q.id, label: q.text[lang] }))} />
            </Form.Item>
            <Form.Item name={`a${n}`} label={t('securityQuestions.answer', { n })} rules={[{ required: true, whitespace: true, message: t('securityQuestions.answer.required') }]}>
              <Input data-testid={`security-answer-${n}`} maxLength={50} autoComplete="off" />
            </Form.Item>
          </div>
        ))}
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="security-questions-save">
          {t('securityQuestions.save')}
        </Button>
      </Form>
    </Card>
  );
}
