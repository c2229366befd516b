/**
 * A stored account-centre flow that needs 身份验证 first (phone change, e-mail binding): starts it
 * on opening the panel through the re-authentication modal, keeps its captcha picture fresh, and
 * holds the panel's error. Render `reauthModal` in the panel.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Flow } from '../../../../../src/shared/api/flows';
import { isApiError, type ApiError } from '../../../api';
import { useReauth } from './ReauthModal';

/** What the re-authentication reads of its flow. */
export type ReauthFlow = Pick<Flow, 'id' | 'captcha'>;

export function useReauthFlow(startFlow: () => Promise<{ flow: ReauthFlow }>) {
  const { withReauth, reauthModal } = useReauth();
  const [flow, setFlow] = useState<ReauthFlow | null>(null);
  const [nonce, setNonce] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);

  const start = useCallback(async () => {
    setError(null);
    try {
      const res = await withReauth(startFlow);
      if (res) setFlow({ id: res.flow.id, ...(res.flow.captcha ? { captcha: res.flow.captcha } : {}) });
    } catch (err) {
      if (isApiError(err)) setError(err);
    }
  }, [withReauth, startFlow]);

  useEffect(() => {
    void start();
  }, [start]);

  /** A new picture: the inline one of the start is used once, then the flow's captcha URL with a new nonce. */
  const refreshCaptcha = useCallback(() => {
    setFlow((f) => (f ? { id: f.id } : f));
    setNonce((n) => n + 1);
  }, []);

  /** The flow is gone on the server (expired, used up): drop it and start a new one. */
  const restart = useCallback(async () => {
    setFlow(null);
    await start();
  }, [start]);

  return { flow, nonce, refreshCaptcha, start, restart, error, setError, withReauth, reauthModal };
}
