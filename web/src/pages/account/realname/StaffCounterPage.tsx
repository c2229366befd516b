// 办事大厅现场认证, staff side: look a person up by ID number, check the original document, record the check.
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Result, Select } from 'antd';
import { Link } from 'react-router-dom';
import { useEffect, useState } from 'react';
import { isApiError, type ApiError } from '../../../api';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/zh-CN';
import { applyFieldErrors } from '../../../lib/formErrors';
import type { AssuranceLevel } from '../../../types';
import { getStaffStatus, lookUpPerson, recordCounterCheck, type CounterPerson } from './api';
import { PageHeading } from '../../../components/PageHeading';

const ID_TYPES = ['resident_id', 'hmt_residence_permit', 'hk_mo_travel_permit', 'tw_travel_permit', 'foreign_permanent_residence'];

export function StaffCounterPage() {
  const { t } = useI18n();
  const [staff, setStaff] = useState<boolean | null>(null);
  const [lookupForm] = Form.useForm<{ idNumber: string }>();
  const [checkForm] = Form.useForm<{ documentType: string; documentNumber: string; place: string; documentChecked: boolean }>();
  const [persons, setPersons] = useState<CounterPerson[] | null>(null);
  const [chosen, setChosen] = useState<CounterPerson | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AssuranceLevel | null>(null);

  useEffect(() => {
    getStaffStatus().then((s) => setStaff(s.staff), () => setStaff(false));
  }, []);

  const guarded = async (work: () => Promise<void>, form?: Parameters<typeof applyFieldErrors>[0], names: readonly string[] = []) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (!form || !applyFieldErrors(form, err, names)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (staff === false) {
    return (
      <Card title={<PageHeading>{t('staff.title')}</PageHeading>} className="sf-panel">
        <Alert type="warning" showIcon title={t('staff.notStaff')} data-testid="staff-refused" />
      </Card>
    );
  }

  const reset = () => {
    setPersons(null);
    setChosen(null);
    setDone(null);
    setError(null);
    checkForm.resetFields();
  };

  return (
    <Card
      title={<PageHeading>{t('staff.title')}</PageHeading>}
      className="sf-panel"
      data-testid="staff-counter"
      extra={
        <Link to="/staff/pension" data-testid="staff-pension-link">
          {t('staff.pensionLink')}
        </Link>
      }
    >
      {error && <Alert type="error" showIcon role="alert" data-testid="staff-alert" title={error.message} style={{ marginBottom: 16 }} />}
      {done ? (
        <Result status="success" data-testid="staff-done" title={t('staff.check.done', { level: `${done} ${t(`level.${done}`)}` })} extra={<Button size="large" onClick={reset}>{t('common.restart')}</Button>} />
      ) : (
        <>
          <Form
            form={lookupForm}
            layout="inline"
            size="large"
            onFinish={(v) =>
              void guarded(async () => {
                const res = await lookUpPerson(v.idNumber);
                setPersons(res.persons);
                setChosen(res.persons.length === 1 ? res.persons[0]! : null);
              }, lookupForm, ['idNumber'])
            }
          >
            <Form.Item name="idNumber" label={t('staff.lookup.idNumber')} rules={[{ required: true, whitespace: true, message: t('realName.field.required') }]}>
              <Input data-testid="staff-lookup-id" autoComplete="off" maxLength={18} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy && !persons} data-testid="staff-lookup-submit">
              {t('staff.lookup.submit')}
            </Button>
          </Form>
          {persons?.map((p) => (
            <Descriptions
              key={p.accountId}
              bordered
              column={1}
              size="middle"
              style={{ marginTop: 24 }}
              data-testid="staff-person"
              items={[
                { key: 'u', label: t('staff.person.username'), children: p.username },
                { key: 'n', label: t('staff.person.name'), children: p.name },
                { key: 'i', label: t('staff.person.idNumber'), children: `${t(`idType.${p.idType}` as MessageKey)} ${p.idNumberMasked}` },
                { key: 'l', label: t('staff.person.level'), children: `${p.assuranceLevel} ${t(`level.${p.assuranceLevel}`)}` },
                { key: 'c', label: t('staff.person.counter'), children: p.counterVerified ? t('realName.status.verified') : t('realName.status.not_verified') },
              ]}
            />
          ))}
          {chosen && (
            <Form
              form={checkForm}
              layout="vertical"
              size="large"
              requiredMark={false}
              style={{ marginTop: 24 }}
              initialValues={{ documentType: chosen.idType }}
              onFinish={(v) =>
                void guarded(async () => {
                  const res = await recordCounterCheck({ accountId: chosen.accountId, documentType: v.documentType, documentNumber: v.documentNumber, place: v.place, documentChecked: true });
                  setDone(res.assuranceLevel);
                }, checkForm, ['documentNumber', 'place'])
              }
            >
              <Form.Item name="documentType" label={t('staff.check.documentType')}>
                <Select data-testid="staff-document-type" options={ID_TYPES.map((v) => ({ value: v, label: t(`idType.${v}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="documentNumber" label={t('staff.check.documentNumber')} rules={[{ required: true, whitespace: true, message: t('realName.field.required') }]}>
                <Input data-testid="staff-document-number" autoComplete="off" maxLength={18} />
              </Form.Item>
              <Form.Item name="place" label={t('staff.check.place')} rules={[{ required: true, whitespace: true, min: 2, message: t('realName.field.required') }]}>
                <Input data-testid="staff-place" maxLength={100} />
              </Form.Item>
              <Form.Item name="documentChecked" valuePropName="checked" rules={[{ required: true, type: 'enum', enum: [true], message: t('staff.check.confirm') }]}>
                <Checkbox data-testid="staff-confirm">{t('staff.check.confirm')}</Checkbox>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-submit">
                {t('staff.check.submit')}
              </Button>
            </Form>
          )}
        </>
      )}
    </Card>
  );
}
