// Starts a login flow on mount and can start a fresh one when the old one expired or was used up.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { startLogin } from '../../endpoints';

export interface LoginFlowState {
  flowId: string | null;
  /** Why no flow could be started (network, rate limit…), with `restart` as the way out. */
  startError: ApiError | null;
  /** Changes whenever the captcha picture must be fetched again. */
  captchaNonce: number;
  /** The inline captcha the flow started with; null once the user asked for a new one. */
  captchaSrc: string | null;
  refreshCaptcha: () => void;
  restart: () => Promise<void>;
}

/** How a flow with a captcha is started: its id and the first picture. */
export type StartCaptchaFlow = () => Promise<{ flow: { id: string; captcha?: string } }>;

/**
 * `method: 'qr'` starts the flow without a captcha (扫码登录 never asks for one); `start` starts
 * another kind of flow with the same captcha handling (the pension sign-in's; a stable function).
 */
export function useLoginFlow({ method, start }: { method?: 'qr'; start?: StartCaptchaFlow } = {}): LoginFlowState {
  const [flowId, setFlowId] = useState<string | null>(null);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [captchaNonce, setCaptchaNonce] = useState(() => Date.now());
  const [captchaSrc, setCaptchaSrc] = useState<string | null>(null);
  const started = useRef(false);

  const restart = useCallback(async () => {
    setStartError(null);
    try {
      const { flow } = await (start ? start() : startLogin(method ? { method } : {}));
      setFlowId(flow.id);
      setCaptchaSrc(flow.captcha ?? null);
      setCaptchaNonce((n) => n + 1);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFlowId(null);
      setStartError(err);
    }
  }, [method, start]);

  useEffect(() => {
    // One flow per visit, also under React's development double-mount.
    if (started.current) return;
    started.current = true;
    void restart();
  }, [restart]);

  const refreshCaptcha = useCallback(() => {
    setCaptchaSrc(null);
    setCaptchaNonce((n) => n + 1);
  }, []);
  return { flowId, startError, captchaNonce, captchaSrc, refreshCaptcha, restart };
}
