// 身份证实名认证 (seed 002 §2.9.1.1): fill in 姓名 and 身份证号, press 认证; '认证完成' on success.
import { Alert, Button, Form, Input, Result, Space } from 'antd';
import { useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { verifyRealName } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import { applyFieldErrors } from '../../lib/formErrors';
import type { AssuranceLevel } from '../../types';

interface Values {
  name: string;
  idNumber: string;
}

const FIELDS = ['name', 'idNumber'] as const;

export function IdCardVerification({
  onDone,
  onCancel,
  doneLabel,
  cancelLabel,
}: {
  onDone: () => void;
  onCancel: () => void;
  /** The words of the buttons after success and beside 认证, where not 返回 (right after registration: on to the account centre). */
  doneLabel?: string;
  cancelLabel?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [level, setLevel] = useState<AssuranceLevel | null>(null);

  if (level) {
    return (
      <Result
        status="success"
        data-testid="realname-done"
        title={t('realName.done')}
        subTitle={t('realName.done.level', { level: `${level} ${t(`level.${level}`)}` })}
        extra={
          <Button type="primary" size="large" onClick={onDone} data-testid="realname-done-back">
            {doneLabel ?? t('realName.cancel')}
          </Button>
        }
      />
    );
  }

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const res = await verifyRealName('id_card', { name: values.name, idNumber: values.idNumber });
      setLevel(res.assuranceLevel);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      applyFieldErrors(form, err, FIELDS);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div data-testid="realname-id-card">
      <p>{t('realName.idCard.intro')}</p>
      {error && <Alert type="error" showIcon role="alert" data-testid="realname-alert" title={error.message} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={(v) => void onFinish(v)}>
        <Form.Item name="name" label={t('realName.idCard.name')} rules={[{ required: true, whitespace: true, message: t('realName.idCard.name.required') }]}>
          <Input data-testid="realname-name" autoComplete="name" maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('realName.idCard.idNumber')} rules={[{ required: true, whitespace: true, message: t('realName.idCard.idNumber.required') }]}>
          <Input data-testid="realname-id-number" autoComplete="off" maxLength={18} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="realname-submit">
            {t('realName.submit')}
          </Button>
          <Button onClick={onCancel} data-testid="realname-cancel">
            {cancelLabel ?? t('realName.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
