// Loads GET /api/meta once per page load and shares it between components.
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api';
import { getMeta } from '../endpoints';
import type { Meta } from '../types';

let cached: Promise<Meta> | null = null;

/** GET /api/meta, fetched once per page load (a failure is retried on the next call). */
export function loadMeta(): Promise<Meta> {
  cached ??= getMeta().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function useMeta(): { meta: Meta | null; error: ApiError | null; reload: () => void } {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadMeta().then(
      (m) => live && setMeta(m),
      (err: ApiError) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);
  return { meta, error, reload };
}
