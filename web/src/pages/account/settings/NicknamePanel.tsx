// 个人资料 / 修改昵称 (seed 002 §2.4): shows the nickname, edit and 保存.
import { Alert, App, Button, Card, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { getAccountSettings, setNickname } from '../../../accountSettingsApi';
import { Loading } from '../../../components/Loading';
import { ProblemResult } from '../../../components/ProblemResult';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { PageHeading } from '../../../components/PageHeading';

export function NicknamePanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ nickname: string }>();
  const { data, error: loadError, reload } = useSignedInData(getAccountSettings);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (loadError) return <ProblemResult title={t('error.loadFailed')} message={loadError.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;

  const onFinish = async ({ nickname }: { nickname: string }) => {
    setBusy(true);
    setError(null);
    try {
      await setNickname(nickname);
      void message.success(t('nickname.saved'));
      setEditing(false);
      reload();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      applyFieldErrors(form, err, ['nickname']);
      if (err.code === 'nickname.invalid') form.setFields([{ name: 'nickname', errors: [err.message] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<PageHeading>{t('account.menu.nickname')}</PageHeading>} className="sf-panel">
      <Descriptions
        bordered
        column={1}
        items={[
          {
            key: 'nickname',
            label: t('nickname.label'),
            children: (
              <span>
                <span data-testid="nickname-value">{data.settings.nickname ?? t('nickname.none')}</span>
                {!editing && (
                  <Button
                    type="link"
                    size="large"
                    data-testid="nickname-edit"
                    onClick={() => {
                      form.setFieldsValue({ nickname: data.settings.nickname ?? '' });
                      setEditing(true);
                    }}
                  >
                    {t('security.change')}
                  </Button>
                )}
              </span>
            ),
          },
        ]}
      />
      {editing && (
        <div className="sf-column" style={{ marginTop: 24 }}>
          {error && <Alert type="error" showIcon role="alert" title={error.message} className="sf-form-alert" />}
          <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
            <Form.Item name="nickname" label={t('nickname.label')} rules={[{ required: true, whitespace: true, message: t('nickname.required') }]}>
              <Input data-testid="nickname-input" placeholder={t('nickname.placeholder')} maxLength={20} autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="nickname-save">
              {t('nickname.save')}
            </Button>{' '}
            <Button size="large" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Form>
        </div>
      )}
    </Card>
  );
}
