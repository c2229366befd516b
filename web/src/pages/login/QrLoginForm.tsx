// 扫码登录 (seed 002): the login flow's QR code, large, with plain guidance; 等待扫码 → 已扫码，请在手机上确认
// → signed in (following `next` or `back` like the password form). Expired or cancelled: a big 刷新二维码.
// Polls two seconds after each answer, only while this tab is shown (the tabs unmount hidden panes)
// and the page is visible; the page coming back to the front polls at once.
import { Alert, Button, Typography } from 'antd';
import { CheckCircleFilled, MobileOutlined, ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, renewCsrf, type ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import { followNext, safeBack, safeNext } from '../../lib/next';
import { pollQr, requestQr, type QrCode, type QrState } from '../../qrEndpoints';
import { useLoginFlow } from './useLoginFlow';

const POLL_MS = 2000;
/** The flow is gone (expired, used, another browser's): a new flow and a new code. */
const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

type Status = QrState | 'signed_in';

export function QrLoginForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { flowId, startError, restart } = useLoginFlow({ method: 'qr' });
  const [qr, setQr] = useState<QrCode | null>(null);
  const [status, setStatus] = useState<Status>('pending');
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const fetchCode = useCallback(
    async (id: string) => {
      setLoading(true);
      setError(null);
      try {
        const res = await requestQr(id, safeNext());
        setQr(res.qr);
        setStatus('pending');
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (FLOW_GONE.includes(err.code)) await restart();
        else setError(err);
      } finally {
        setLoading(false);
      }
    },
    [restart],
  );

  useEffect(() => {
    if (flowId) void fetchCode(flowId);
  }, [flowId, fetchCode]);

  const waiting = qr !== null && (status === 'pending' || status === 'scanned');
  const code = qr?.url;
  useEffect(() => {
    if (!flowId || !waiting) return;
    // `live`: this code is still the one on screen. An answer about another (the code was
    // refreshed, the flow restarted, the tab left) changes nothing here — except a sign-in.
    let live = true;
    let busy = false;
    let timer: number | undefined;
    const signedIn = () => {
      // The poll that found the code approved signed this browser in (new session, new CSRF
      // binding), whatever the page did meanwhile: go on, unless the person has left /login.
      renewCsrf();
      if (live) setStatus('signed_in');
      if (window.location.pathname !== '/login') return;
      const next = safeNext();
      if (next) followNext(next);
      else navigate(safeBack() ?? '/account', { replace: true });
    };
    const tick = async () => {
      window.clearTimeout(timer);
      if (!live || busy || document.visibilityState === 'hidden') return;
      busy = true;
      let again = true;
      try {
        const res = await pollQr(flowId);
        if (res.state === 'approved') {
          again = false;
          signedIn();
        } else if (live) {
          setStatus(res.state);
        }
      } catch (err) {
        if (!live) return;
        if (!isApiError(err)) throw err;
        // A dead code or flow: offer a new one. Other trouble (network, rate limit): try again next tick.
        if (err.code === 'qr.invalid' || FLOW_GONE.includes(err.code)) {
          again = false;
          setStatus('expired');
        }
      } finally {
        busy = false;
        if (live && again) timer = window.setTimeout(() => void tick(), POLL_MS);
      }
    };
    // Hidden, the page does not poll; shown again, it asks at once rather than at the next tick.
    const onVisibility = () => void tick();
    document.addEventListener('visibilitychange', onVisibility);
    timer = window.setTimeout(() => void tick(), POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [flowId, code, waiting, navigate]);

  const refresh = () => {
    if (flowId) void fetchCode(flowId);
    else void restart();
  };

  const problem = startError ?? error;
  if (problem) {
    return (
      <div className="sf-stack">
        <Alert type="error" showIcon role="alert" data-testid="qr-login-alert" title={problem.message} />
        <Button type="primary" size="large" block data-testid="qr-login-retry" onClick={() => (startError ? void restart() : refresh())}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  if (!qr) return <Loading />;

  const dead = status === 'expired' || status === 'cancelled';
  return (
    <div className="sf-qr" data-testid="qr-login" data-state={status}>
      <Typography.Paragraph className="sf-qr-guide" data-testid="qr-login-guide">
        <MobileOutlined className="sf-qr-icon" aria-hidden />
        {t('qr.desktop.guide')}
      </Typography.Paragraph>
      <div className={dead ? 'sf-qr-picture sf-qr-dead' : 'sf-qr-picture'}>
        <img src={qr.svg} alt={t('qr.desktop.alt')} data-testid="qr-login-image" width={240} height={240} />
        {dead && (
          <div className="sf-qr-overlay">
            <Button type="primary" size="large" icon={<ReloadOutlined />} loading={loading} onClick={refresh} data-testid="qr-login-refresh">
              {t('qr.desktop.refresh')}
            </Button>
          </div>
        )}
      </div>
      <div className="sf-qr-status" role="status" aria-live="polite" data-testid="qr-login-status">
        {status === 'pending' && t('qr.desktop.pending')}
        {status === 'scanned' && (
          <>
            <CheckCircleFilled className="sf-qr-ok" aria-hidden />
            {t('qr.desktop.scanned')}
          </>
        )}
        {status === 'expired' && t('qr.desktop.expired')}
        {status === 'cancelled' && t('qr.desktop.cancelled')}
        {status === 'signed_in' && t('qr.desktop.signedIn')}
      </div>
      <ol className="sf-qr-steps">
        <li>{t('qr.desktop.step1')}</li>
        <li>{t('qr.desktop.step2')}</li>
        <li>{t('qr.desktop.step3')}</li>
      </ol>
      {!dead && (
        <Typography.Paragraph type="secondary" className="sf-qr-link">
          {t('qr.desktop.link')}
          <br />
          <Typography.Text copyable data-testid="qr-login-url">
            {qr.url}
          </Typography.Text>
        </Typography.Paragraph>
      )}
    </div>
  );
}
