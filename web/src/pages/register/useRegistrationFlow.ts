/**
 * The registration flow as the server holds it. The server's `flow.state` decides which step is shown;
 * the flow id survives a reload in sessionStorage and is resumed with GET /api/flows/:id.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, type ApiError } from '../../api';
import { getFlow, startRegistration } from '../../endpoints';
import type { AssuranceLevel, Flow } from '../../types';

const STORAGE_KEY = 'shenfen.registrationFlowId';
const FLOW_GONE = ['flow.expired', 'flow.not_found'];

export interface RegisteredAccount {
  username: string;
  assuranceLevel?: AssuranceLevel;
}

export interface RegistrationFlowState {
  flow: Flow | null;
  /** The flow is gone (expired, unknown) or could not be started: only 重新开始 helps. */
  fatal: ApiError | null;
  /** A step was refused as out of order; the view was re-synchronised with the server. */
  notice: ApiError | null;
  /** The last step error, for the step now shown to put under its fields. */
  stepError: ApiError | null;
  /** Counts failed submits, so a step knows to refresh its captcha and show `stepError`. */
  failures: number;
  busy: boolean;
  account: RegisteredAccount | null;
  /** Runs one step call; resolves true when the server accepted it. */
  run: (call: (flowId: string) => Promise<{ flow: Flow; account?: RegisteredAccount }>) => Promise<boolean>;
  restart: () => Promise<void>;
}

function remember(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(STORAGE_KEY, id);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: a reload simply starts again.
  }
}

function remembered(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function useRegistrationFlow(): RegistrationFlowState {
  const [flow, setFlow] = useState<Flow | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<ApiError | null>(null);
  const [stepError, setStepError] = useState<ApiError | null>(null);
  const [failures, setFailures] = useState(0);
  const [busy, setBusy] = useState(false);
  const [account, setAccount] = useState<RegisteredAccount | null>(null);
  const started = useRef(false);

  const show = useCallback((next: Flow) => {
    setFlow(next);
    remember(next.state === 'completed' ? null : next.id);
    if (next.state === 'completed' && next.summary?.username) {
      setAccount((a) => a ?? { username: next.summary!.username! });
    }
  }, []);

  const restart = useCallback(async () => {
    remember(null);
    setFlow(null);
    setFatal(null);
    setNotice(null);
    setStepError(null);
    setAccount(null);
    try {
      show((await startRegistration()).flow);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFatal(err);
    }
  }, [show]);

  const resume = useCallback(async () => {
    const id = remembered();
    if (!id) return restart();
    try {
      const { flow: stored } = await getFlow(id);
      if (stored.kind !== 'registration' || stored.state === 'completed') return restart();
      show(stored);
    } catch (err) {
      if (!isApiError(err)) throw err;
      await restart();
    }
  }, [restart, show]);

  useEffect(() => {
    // One start per visit, also under React's development double-mount.
    if (started.current) return;
    started.current = true;
    void resume();
  }, [resume]);

  /** After a refused step the server may have moved the flow (e.g. back to a step whose data was taken). */
  const resync = useCallback(
    async (id: string) => {
      try {
        show((await getFlow(id)).flow);
      } catch (err) {
        if (isApiError(err, ...FLOW_GONE)) setFatal(err);
      }
    },
    [show],
  );

  const run = useCallback<RegistrationFlowState['run']>(
    async (call) => {
      if (!flow) return false;
      setBusy(true);
      setNotice(null);
      setStepError(null);
      try {
        const result = await call(flow.id);
        if (result.account) setAccount(result.account);
        show(result.flow);
        return true;
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (FLOW_GONE.includes(err.code)) {
          remember(null);
          setFatal(err);
          return false;
        }
        if (err.code === 'flow.wrong_state') setNotice(err);
        else setStepError(err);
        setFailures((n) => n + 1);
        await resync(flow.id);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [flow, show, resync],
  );

  return { flow, fatal, notice, stepError, failures, busy, account, run, restart };
}
