// A stored self-service flow as the page sees it: start it (or resume it after a reload), run a step,
// keep the captcha picture fresh.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isApiError, type ApiError } from '../../api';

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

/** With `resume`, the flow id survives a reload in sessionStorage and GET /api/flows/:id shows the step it is at. */
export interface ResumeOptions {
  storageKey: string;
  kind: string;
}

function remember(key: string | undefined, id: string | null): void {
  if (!key) return;
  try {
    if (id) sessionStorage.setItem(key, id);
    else sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: a reload simply starts again.
  }
}

function remembered(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function useSelfServiceFlow<F extends { id: string; kind?: string; state: string; captcha?: string }>(
  start: () => Promise<{ flow: F }>,
  resume?: ResumeOptions,
): SelfServiceFlow<F> {
  const [flow, setFlow] = useState<F | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [captchaNonce, setNonce] = useState(() => Date.now());
  const [captchaSrc, setCaptchaSrc] = useState<string | null>(null);
  const started = useRef(false);
  const storageKey = resume?.storageKey;
  const resumeKind = resume?.kind;

  const show = useCallback(
    (next: F) => {
      setFlow(next);
      remember(storageKey, next.state === 'completed' ? null : next.id);
    },
    [storageKey],
  );

  const refreshCaptcha = useCallback(() => {
    setCaptchaSrc(null);
    setNonce((n) => n + 1);
  }, []);

  const restart = useCallback(async () => {
    setFatal(null);
    setError(null);
    setFlow(null);
    remember(storageKey, null);
    try {
      const res = await start();
      show(res.flow);
      setCaptchaSrc(res.flow.captcha ?? null);
      setNonce((n) => n + 1);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFatal(err);
    }
  }, [start, show, storageKey]);

  /** The remembered flow if it is still there, of this kind and not finished; else a new one. */
  const resumeOrStart = useCallback(async () => {
    const id = storageKey ? remembered(storageKey) : null;
    if (!id) return restart();
    try {
      const { flow: stored } = await api<{ flow: F }>('GET', `/api/flows/${encodeURIComponent(id)}`);
      if (stored.kind !== resumeKind || stored.state === 'completed') return restart();
      show(stored);
    } catch (err) {
      if (!isApiError(err)) throw err;
      await restart();
    }
  }, [storageKey, resumeKind, restart, show]);

  useEffect(() => {
    // One start per visit, also under React's development double-mount.
    if (started.current) return;
    started.current = true;
    void resumeOrStart();
  }, [resumeOrStart]);

  const run = useCallback(
    async (call: (id: string) => Promise<{ flow: F }>) => {
      if (!flow) return null;
      setBusy(true);
      setError(null);
      try {
        const res = await call(flow.id);
        show(res.flow);
        return null;
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (FLOW_GONE.includes(err.code)) {
          remember(storageKey, null);
          setFatal(err);
        } else setError(err);
        return err;
      } finally {
        setBusy(false);
      }
    },
    [flow, show, storageKey],
  );

  return { flow, fatal, error, setError, busy, captchaNonce, captchaSrc, refreshCaptcha, run, restart };
}
