// /staff/pension: the service-hall staff's page for the pension certification (issue 14) — look a
// retiree up by 社会保障号码, record a 现场 (counter) or 社区 (community) certification with the document
// seen (audited on the server), and the figures: counts by region and status, passes and failures by
// reason per day, as charts (ECharts, lazy: its own chunk), with the CSV export of the same range.
import { Alert, Button, Card, Checkbox, Form, Input, Layout, Radio, Space } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { AppHeader } from '../../components/AppHeader';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { useNavigate } from 'react-router-dom';
import { pensionDate } from './format';
import { RetireeFacts } from './PensionCenterPage';
import { getPensionFigures, pensionFiguresCsvUrl, staffLookupRetiree, staffRecordCertification, type PensionFigures, type StaffPensionRetiree } from './pensionApi';
import { usePensionText, type PensionTextKey } from './text';
import './pension.css';
import { PageHeading } from '../../components/PageHeading';

const FiguresCharts = lazy(() => import('./FiguresCharts'));

/** A day as YYYY-MM-DD in Asia/Shanghai (the server's days), `back` days before today. */
function dayBefore(back: number): string {
  return new Date(Date.now() - back * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
}

interface RecordValues {
  channel: 'counter' | 'community';
  place: string;
  documentChecked: boolean;
  note?: string;
}

function Lookup({ onFound }: { onFound: (r: StaffPensionRetiree | null, ssn: string) => void }) {
  const { p } = usePensionText();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const onFinish = async ({ ssn }: { ssn: string }) => {
    setBusy(true);
    setError(null);
    setNotFound(false);
    try {
      const { retiree } = await staffLookupRetiree(ssn);
      setNotFound(!retiree);
      onFound(retiree, ssn);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      onFound(null, ssn);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" size="large" requiredMark={false} onFinish={onFinish} name="staff-pension-lookup">
      {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="staff-pension-alert" title={error.message} />}
      {notFound && <Alert className="sf-form-alert" type="warning" showIcon role="alert" data-testid="staff-pension-not-found" title={p('staff.lookup.notFound')} />}
      <Form.Item name="ssn" label={p('staff.lookup.ssn')} rules={[{ required: true, whitespace: true, message: p('entry.ssn.required') }]}>
        <Input data-testid="staff-pension-ssn" autoComplete="off" maxLength={40} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-pension-lookup">
        {p('staff.lookup.submit')}
      </Button>
    </Form>
  );
}

function RecordForm({ retiree, onRecorded }: { retiree: StaffPensionRetiree; onRecorded: () => void }) {
  const { lang } = useI18n();
  const { p } = usePensionText();
  const [form] = Form.useForm<RecordValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: RecordValues) => {
    setBusy(true);
    setError(null);
    try {
      const r = await staffRecordCertification({ retireeId: retiree.id, channel: v.channel, place: v.place, documentChecked: true, ...(v.note?.trim() ? { note: v.note } : {}) });
      setDone(r.nextDueAt);
      onRecorded();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (done) return <Alert type="success" showIcon role="status" data-testid="staff-pension-recorded" title={p('staff.record.done', { date: pensionDate(done, lang) })} />;
  return (
    <Form<RecordValues> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish} name="staff-pension-record" initialValues={{ channel: 'counter', documentChecked: false }}>
      {error && <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="staff-pension-record-alert" title={error.message} />}
      <Form.Item name="channel" label={p('staff.record.channel')}>
        <Radio.Group>
          <Radio value="counter" data-testid="staff-pension-channel-counter">{p('staff.record.counter')}</Radio>
          <Radio value="community" data-testid="staff-pension-channel-community">{p('staff.record.community')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="place" label={p('staff.record.place')} rules={[{ required: true, whitespace: true, min: 2, message: p('staff.record.place.required') }]}>
        <Input data-testid="staff-pension-place" maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={p('staff.record.note')}>
        <Input data-testid="staff-pension-note" maxLength={200} />
      </Form.Item>
      <Form.Item name="documentChecked" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(p('staff.record.document.required')))) }]}>
        <Checkbox data-testid="staff-pension-document">{p('staff.record.document')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-pension-record">
        {p('staff.record.submit')}
      </Button>
    </Form>
  );
}

function Figures({ version }: { version: number }) {
  const { p } = usePensionText();
  const [from, setFrom] = useState(() => dayBefore(29));
  const [to, setTo] = useState(() => dayBefore(0));
  const [figures, setFigures] = useState<PensionFigures | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    getPensionFigures(from, to).then(
      (f) => live && setFigures(f),
      (err: unknown) => {
        if (!live) return;
        if (!isApiError(err)) throw err;
        setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [from, to, version]);
  return (
    <div data-testid="staff-pension-figures">
      <Space wrap align="center" className="sf-pension-range">
        <span>{p('staff.figures.range')}</span>
        <Input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} aria-label={`${p('staff.figures.range')} ${p('staff.figures.from')}`} data-testid="staff-pension-from" />
        <span>{p('staff.figures.to')}</span>
        <Input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} aria-label={`${p('staff.figures.range')} ${p('staff.figures.to')}`} data-testid="staff-pension-to" />
        <Button href={pensionFiguresCsvUrl(from, to)} download data-testid="staff-pension-csv">
          {p('staff.figures.csv')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error.message} />}
      {!figures && !error && <Loading />}
      {figures && (
        <Suspense fallback={<Loading />}>
          <FiguresCharts
            figures={figures}
            p={p}
            statusLabel={(s) => p(`status.${s}` as PensionTextKey)}
            reasonLabel={(r) => p(`reason.${r}` as PensionTextKey)}
          />
        </Suspense>
      )}
    </div>
  );
}

export function StaffPensionPage() {
  const { lang } = useI18n();
  const { p } = usePensionText();
  const navigate = useNavigate();
  const [retiree, setRetiree] = useState<StaffPensionRetiree | null>(null);
  const [ssn, setSsn] = useState('');
  const [version, setVersion] = useState(0);
  const [denied, setDenied] = useState<ApiError | null>(null);
  // Whether this session is staff at all: a figures call answers 401 (signed out) or 403 (not staff).
  useEffect(() => {
    const today = dayBefore(0);
    getPensionFigures(today, today).catch((err: unknown) => {
      if (!isApiError(err)) throw err;
      if (err.status === 401) navigate('/login?back=/staff/pension', { replace: true });
      else if (err.status === 403) setDenied(err);
    });
  }, [navigate]);
  const found = useCallback((r: StaffPensionRetiree | null, number: string) => {
    setRetiree(r);
    setSsn(number);
  }, []);
  // After a record: the retiree's new status, and the figures again.
  const recorded = useCallback(() => {
    setVersion((n) => n + 1);
    staffLookupRetiree(ssn).then(
      (r) => r.retiree && setRetiree(r.retiree),
      () => {},
    );
  }, [ssn]);
  return (
    <Layout className="sf-page">
      <AppHeader />
      <Layout.Content className="sf-content">
        <div className="sf-pension-staff">
          <Card title={<PageHeading>{p('staff.title')}</PageHeading>} className="sf-panel" data-testid="staff-pension">
            {denied ? (
              <Alert type="warning" showIcon role="alert" data-testid="staff-pension-denied" title={p('staff.notStaff')} description={denied.message} />
            ) : (
              <>
                <h2 className="sf-pension-subtitle">{p('staff.lookup')}</h2>
                <Lookup onFound={found} />
                {retiree && (
                  <div className="sf-pension-staff-retiree" data-testid="staff-pension-retiree">
                    <RetireeFacts retiree={retiree} region ids={{ name: 'staff-pension-retiree-name' }} />
                    {retiree.eligible ? (
                      <>
                        <h2 className="sf-pension-subtitle">{p('staff.record')}</h2>
                        <RecordForm key={retiree.id} retiree={retiree} onRecorded={recorded} />
                      </>
                    ) : (
                      <Alert type="error" showIcon role="alert" data-testid="staff-pension-ineligible" title={p('ineligible')} />
                    )}
                  </div>
                )}
                <h2 className="sf-pension-subtitle">{p('staff.figures')}</h2>
                <Figures version={version} />
              </>
            )}
          </Card>
        </div>
      </Layout.Content>
    </Layout>
  );
}
