// 邮寄地址 (seed 002 §2.5): several addresses, one default; 新增地址, 编辑, 删除, 设为默认.
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, List, Modal, Popconfirm, Space, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { addAddress, deleteAddress, getAddresses, setDefaultAddress, updateAddress, type AddressInput, type MailingAddress } from '../../../accountSettingsApi';
import { Loading } from '../../../components/Loading';
import { ProblemResult } from '../../../components/ProblemResult';
import { useI18n } from '../../../i18n/context';
import { applyFieldErrors } from '../../../lib/formErrors';
import { useSignedInData } from '../../../lib/useSignedInData';
import { PageHeading } from '../../../components/PageHeading';

const FIELDS = ['recipient', 'phone', 'region', 'detail', 'postcode'] as const;
const FIELD_OF: Record<string, (typeof FIELDS)[number]> = {
  'address.recipient': 'recipient',
  'phone.invalid': 'phone',
  'address.region': 'region',
  'address.detail': 'detail',
  'address.postcode': 'postcode',
};

export function AddressesPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddressInput>();
  const { data, error: loadError, reload } = useSignedInData(getAddresses);
  const [editing, setEditing] = useState<MailingAddress | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (loadError) return <ProblemResult title={t('error.loadFailed')} message={loadError.message} action={{ label: t('common.retry'), onClick: reload }} />;
  if (!data) return <Loading />;

  const open = (a: MailingAddress | 'new') => {
    setError(null);
    form.resetFields();
    if (a !== 'new') form.setFieldsValue({ recipient: a.recipient, phone: a.phone, region: a.region, detail: a.detail, postcode: a.postcode, isDefault: a.isDefault });
    setEditing(a);
  };

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      reload();
    } catch (err) {
      if (!isApiError(err)) throw err;
      void message.error(err.message);
      reload();
    }
  };

  const save = async (values: AddressInput) => {
    setBusy(true);
    setError(null);
    try {
      const body = { ...values, isDefault: values.isDefault ?? false };
      if (editing === 'new') await addAddress(body);
      else if (editing) await updateAddress(editing.id, body);
      void message.success(t('addresses.saved'));
      setEditing(null);
      reload();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      if (!applyFieldErrors(form, err, FIELDS)) {
        const field = FIELD_OF[err.code];
        if (field) form.setFields([{ name: field, errors: [err.message] }]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={<PageHeading>{t('account.menu.addresses')}</PageHeading>}
      className="sf-panel"
      extra={
        <Button type="primary" size="large" data-testid="address-add" onClick={() => open('new')}>
          {t('addresses.add')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('addresses.hint')}</Typography.Paragraph>
      {data.items.length === 0 ? (
        <Empty data-testid="addresses-empty" description={t('addresses.empty')} />
      ) : (
        <List
          data-testid="addresses-list"
          bordered
          dataSource={data.items}
          renderItem={(a) => (
            <List.Item
              data-testid={a.isDefault ? 'address-item-default' : 'address-item'}
              actions={[
                <Button key="edit" size="large" data-testid="address-edit" onClick={() => open(a)}>
                  {t('addresses.edit')}
                </Button>,
                !a.isDefault && (
                  <Button key="default" size="large" data-testid="address-set-default" onClick={() => void act(() => setDefaultAddress(a.id))}>
                    {t('addresses.setDefault')}
                  </Button>
                ),
                <Popconfirm key="delete" title={t('addresses.delete.confirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => act(() => deleteAddress(a.id))} okButtonProps={{ size: 'large', 'data-testid': 'address-delete-confirm' } as ButtonProps}>
                  <Button danger size="large" data-testid="address-delete">
                    {t('addresses.delete')}
                  </Button>
                </Popconfirm>,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <span>{a.recipient}</span>
                    <span>{a.phoneMasked}</span>
                    {a.isDefault && (
                      <Tag color="blue" data-testid="address-default-tag">
                        {t('addresses.default')}
                      </Tag>
                    )}
                  </Space>
                }
                description={<span data-testid="address-text">{`${a.region} ${a.detail} ${a.postcode}`}</span>}
              />
            </List.Item>
          )}
        />
      )}
      <Modal open={editing !== null} title={editing === 'new' ? t('addresses.add') : t('addresses.editTitle')} footer={null} onCancel={() => setEditing(null)} destroyOnHidden width={600}>
        {error && <Alert type="error" showIcon role="alert" title={error.message} className="sf-form-alert" data-testid="address-alert" />}
        <Form<AddressInput> form={form} layout="vertical" size="large" requiredMark={false} onFinish={save} preserve={false}>
          <Form.Item name="recipient" label={t('addresses.recipient')} rules={[{ required: true, whitespace: true, message: t('addresses.recipient.required') }]}>
            <Input data-testid="address-recipient" maxLength={20} />
          </Form.Item>
          <Form.Item name="phone" label={t('addresses.phone')} rules={[{ required: true, whitespace: true, message: t('addresses.phone.required') }]}>
            <Input data-testid="address-phone" inputMode="tel" maxLength={20} placeholder={t('phone.new.placeholder')} />
          </Form.Item>
          <Form.Item name="region" label={t('addresses.region')} rules={[{ required: true, whitespace: true, message: t('addresses.region.required') }]}>
            <Input data-testid="address-region" maxLength={60} placeholder={t('addresses.region.placeholder')} />
          </Form.Item>
          <Form.Item name="detail" label={t('addresses.detail')} rules={[{ required: true, whitespace: true, message: t('addresses.detail.required') }]}>
            <Input data-testid="address-detail" maxLength={100} placeholder={t('addresses.detail.placeholder')} />
          </Form.Item>
          <Form.Item name="postcode" label={t('addresses.postcode')} rules={[{ required: true, whitespace: true, message: t('addresses.postcode.required') }]}>
            <Input data-testid="address-postcode" inputMode="numeric" maxLength={6} placeholder={t('addresses.postcode.placeholder')} />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox data-testid="address-default">{t('addresses.makeDefault')}</Checkbox>
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="address-save">
              {t('addresses.save')}
            </Button>
            <Button size="large" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
