// One button's call to the API from a signed-in page: while it runs `busy`; a refusal is kept in
// `failure` for the page to show above its form; on success `then` (by default `after`, e.g. reload).
import { useState } from 'react';
import { isApiError, type ApiError } from '../api';

export function useAction(after?: () => void): {
  failure: ApiError | null;
  busy: boolean;
  /** Resolves to true when the call succeeded. */
  run: (action: () => Promise<unknown>, then?: () => void) => Promise<boolean>;
} {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, then: (() => void) | undefined = after) => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      then?.();
      return true;
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { failure, busy, run };
}
