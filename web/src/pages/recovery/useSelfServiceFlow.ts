// A stored self-service flow as the page sees it: start it, run a step, keep the captcha picture fresh.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, type ApiError } from '../../api';

const FLOW_GONE = ['flow.expired', 'flow.not_found'];

export interface SelfServiceFlow<F extends { id: string; state: string; captcha?: string }> {
  flow: F | null;
  /** Could not start, or the flow is gone: only 重新开始 helps. */
  fatal: ApiError | null;
  /** The last refused step, shown above the form. */
  error: ApiError | null;
  setError: (err: ApiError | null) => void;
  busy: boolean;
  captchaNonce: number;
  captchaSrc: string | null;
  refreshCaptcha: () => void;
  /** Runs a step; resolves to the error (null on success) so the form can place field messages. */
  run: (call: (id: string) => Promise<{ flow: F }>) => Promise<ApiError | null>;
  restart: () => Promise<void>;
}

export function useSelfServiceFlow<F extends { id: string; state: string; captcha?: string }>(start: () => Promise<{ flow: F }>): SelfServiceFlow<F> {
  const [flow, setFlow] = useState<F | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [captchaNonce, setNonce] = useState(() => Date.now());
  const [captchaSrc, setCaptchaSrc] = useState<string | null>(null);
  const started = useRef(false);

  const refreshCaptcha = useCallback(() => {
    setCaptchaSrc(null);
    setNonce((n) => n + 1);
  }, []);

  const restart = useCallback(async () => {
    setFatal(null);
    setError(null);
    setFlow(null);
    try {
      const res = await start();
      setFlow(res.flow);
      setCaptchaSrc(res.flow.captcha ?? null);
      setNonce((n) => n + 1);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFatal(err);
    }
  }, [start]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void restart();
  }, [restart]);

  const run = useCallback(
    async (call: (id: string) => Promise<{ flow: F }>) => {
      if (!flow) return null;
      setBusy(true);
      setError(null);
      try {
        const res = await call(flow.id);
        setFlow(res.flow);
        return null;
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (FLOW_GONE.includes(err.code)) setFatal(err);
        else setError(err);
        return err;
      } finally {
        setBusy(false);
      }
    },
    [flow],
  );

  return { flow, fatal, error, setError, busy, captchaNonce, captchaSrc, refreshCaptcha, run, restart };
}
