// Loads data that needs a session; a 401 sends the user to /login instead of showing an error.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, type ApiError } from '../api';

export function useSignedInData<T>(load: () => Promise<T>): { data: T | null; error: ApiError | null; reload: () => void } {
  // useNavigate() changes identity on every navigation; the load must not re-run because of that.
  const navigate = useRef(useNavigate());
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setData(value),
      (err: unknown) => {
        if (!live) return;
        if (!isApiError(err)) throw err;
        if (err.status === 401) void navigate.current('/login', { replace: true });
        else setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);
  return { data, error, reload };
}
