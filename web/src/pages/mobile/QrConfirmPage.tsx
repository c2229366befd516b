// 扫码登录 on the phone (/m/qr/:ticket): not signed in → sign in first and come back here; then the
// computer that asks (browser and system, its IP address, the service, the time) with two big
// buttons 确认登录 / 取消, then a clear done state. Phone-sized, large text.
import { Alert, Button, Result } from 'antd';
import { DesktopOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError, type ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { PublicLayout } from '../../components/PublicLayout';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { QR_PAGE } from '../../lib/next';
import { cancelQr, confirmQr, scanQr, type QrTicketDetails } from '../../qrEndpoints';
import './mobile.css';
import { PageHeading } from '../../components/PageHeading';

type Stage = 'loading' | 'ask' | 'approved' | 'cancelled';

export function QrConfirmPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { ticket = '' } = useParams();
  const [stage, setStage] = useState<Stage>('loading');
  const [details, setDetails] = useState<QrTicketDetails | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const scanned = useRef(false);
  const here = `/m/qr/${ticket}`;

  useEffect(() => {
    // One scan per visit, also under React's development double-mount.
    if (scanned.current) return;
    scanned.current = true;
    if (!QR_PAGE.test(here)) return;
    scanQr(ticket).then(
      (res) => {
        setDetails(res.ticket);
        setStage('ask');
      },
      (err: unknown) => {
        if (!isApiError(err)) throw err;
        // Sign in on the phone first; the login page brings the person back here.
        if (err.status === 401) void navigate(`/login?back=${encodeURIComponent(here)}`, { replace: true });
        else setProblem(err);
      },
    );
  }, [ticket, here, navigate]);

  const act = async (action: 'confirm' | 'cancel') => {
    setBusy(action);
    setProblem(null);
    try {
      if (action === 'confirm') await confirmQr(ticket);
      else await cancelQr(ticket);
      setStage(action === 'confirm' ? 'approved' : 'cancelled');
    } catch (err) {
      if (!isApiError(err)) throw err;
      setProblem(err);
      // A dead ticket or a refusal ends the page; a network hiccup or a rate limit leaves the buttons.
      if (err.status !== 0 && err.status !== 429) setStage('loading');
    } finally {
      setBusy(null);
    }
  };

  const toAccount = (
    <Button key="account" type="primary" size="large" block data-testid="qr-mobile-account" onClick={() => navigate('/account')}>
      {t('qr.mobile.toAccount')}
    </Button>
  );

  let body;
  let asking = false;
  if (problem && stage !== 'ask') {
    body = <ProblemResult testId="qr-mobile-problem" title={t('qr.mobile.problem')} message={problem.message} status="warning" />;
  } else if (!QR_PAGE.test(here)) {
    body = <ProblemResult testId="qr-mobile-problem" title={t('qr.mobile.problem')} message={t('qr.mobile.badLink')} status="warning" />;
  } else if (stage === 'loading' || !details) {
    body = <Loading />;
  } else if (stage === 'approved') {
    body = <Result status="success" data-testid="qr-mobile-done" title={t('qr.mobile.done')} subTitle={t('qr.mobile.doneDesc')} extra={[toAccount]} />;
  } else if (stage === 'cancelled') {
    body = <Result status="info" data-testid="qr-mobile-cancelled" title={t('qr.mobile.cancelled')} subTitle={t('qr.mobile.cancelledDesc')} extra={[toAccount]} />;
  } else {
    asking = true;
    const device = [details.device.browser, details.device.os].filter(Boolean).join(' · ') || t('qr.mobile.unknownDevice');
    body = (
      <div className="sf-mobile-qr" data-testid="qr-mobile-ask">
        <PageHeading look="title" className="sf-mobile-title" title={t('qr.mobile.title')}>
          <DesktopOutlined className="sf-mobile-icon" aria-hidden />
          {t('qr.mobile.title')}
        </PageHeading>
        <p className="sf-mobile-lead">{t('qr.mobile.ask')}</p>
        <dl className="sf-mobile-facts">
          <dt>{t('qr.mobile.device')}</dt>
          <dd data-testid="qr-mobile-device">{device}</dd>
          <dt>{t('qr.mobile.place')}</dt>
          <dd data-testid="qr-mobile-place">{details.place.ip ? t('qr.mobile.placeIp', { ip: details.place.ip }) : t('qr.mobile.unknownPlace')}</dd>
          <dt>{t('qr.mobile.service')}</dt>
          <dd data-testid="qr-mobile-service">{details.service}</dd>
          <dt>{t('qr.mobile.time')}</dt>
          <dd data-testid="qr-mobile-time">{formatDateTime(details.createdAt, lang)}</dd>
        </dl>
        <Alert type="warning" showIcon className="sf-mobile-warning" title={t('qr.mobile.warning')} />
        {problem && <Alert type="error" showIcon role="alert" data-testid="qr-mobile-alert" className="sf-mobile-warning" title={problem.message} />}
        <div className="sf-mobile-buttons">
          <Button type="primary" size="large" block loading={busy === 'confirm'} disabled={busy !== null} data-testid="qr-mobile-confirm" onClick={() => void act('confirm')}>
            {t('qr.mobile.confirm')}
          </Button>
          <Button size="large" block loading={busy === 'cancel'} disabled={busy !== null} data-testid="qr-mobile-cancel" onClick={() => void act('cancel')}>
            {t('qr.mobile.cancel')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <PublicLayout>
      {/* The asking state shows the page's title as its h1; the others name the page for screen readers. */}
      {!asking && <PageHeading look="hidden">{t('qr.mobile.title')}</PageHeading>}
      {body}
    </PublicLayout>
  );
}
