/**
 * Fetch wrapper for the Shenfen API: same-origin cookies, JSON bodies, Accept-Language from the UI,
 * the CSRF token on every state-changing call, and an `ApiError` built from the server's error body.
 * Example: `await api<{ flow: Flow }>('POST', '/api/flows/login', {})`.
 */
import type { z } from 'zod';
import type { ErrorBody } from '../../src/shared/api/errors';
import { errorMessage } from '../../src/shared/errors';
import { currentLang } from './i18n/lang';
import { translate } from './i18n/translate';
import { notePowChallenges, withPow } from './lib/pow';

/** An error answer of the API (or a network failure, status 0, code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable code from src/shared/errors.ts, e.g. `auth.invalid_credentials`. */
    readonly code: string,
    /** Already localised by the server. */
    message: string,
    /** Request field → localised message for that field. */
    readonly fields: Record<string, string> = {},
    /** face.environment: the capture checks that failed (src/face/types.ts EnvironmentProblem). */
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (err: unknown, ...codes: string[]): err is ApiError =>
  err instanceof ApiError && (codes.length === 0 || codes.includes(err.code));

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The answer a route declares (its schema in src/shared/api/, which the server checks its answers
 * against): `api<Answer<typeof SessionInfo>>('GET', '/api/session')`. Types only: no zod in the bundle.
 */
export type Answer<S extends z.ZodType> = z.infer<S>;

let csrfToken: Promise<string> | null = null;

/** Forgets the CSRF token; the next state-changing call fetches a fresh one (after login and logout). */
export function renewCsrf(): void {
  csrfToken = null;
}

function csrf(): Promise<string> {
  csrfToken ??= request<{ csrfToken: string }>('GET', '/api/csrf').then(
    (r) => r.csrfToken,
    (err: unknown) => {
      csrfToken = null;
      throw err;
    },
  );
  return csrfToken;
}

async function send(method: Method, path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  if (token) headers['X-CSRF-Token'] = token;
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', translate(currentLang(), 'error.network'));
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const data: unknown = await res.json().catch(() => null);
  // The server's error body (src/shared/api/errors.ts), read warily: a proxy may have answered instead.
  const error = (data as { error?: Partial<Record<keyof ErrorBody['error'], unknown>> } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const fields = error.fields && typeof error.fields === 'object' ? (error.fields as Record<string, string>) : {};
    const extra: unknown = (error as { problems?: unknown }).problems;
    const problems = Array.isArray(extra) ? extra.filter((p): p is string => typeof p === 'string') : [];
    return new ApiError(res.status, error.code, error.message, fields, problems);
  }
  // Not our JSON (a proxy or gateway answered): say something true and calm.
  return new ApiError(res.status, `http.${res.status}`, errorMessage('server.internal', currentLang()));
}

async function request<T>(method: Method, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await send(method, path, body, token);
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json();
  // Every captcha comes with a proof of work: start solving it now, while the person types.
  notePowChallenges(data);
  return data as T;
}

/** Calls the API; a state-changing call carries the CSRF token and is retried once with a new token if it was stale. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  if (method === 'GET') return request<T>(method, path);
  // A captcha answer goes with its proof of work (web/src/lib/pow.ts).
  body = await withPow(path, body);
  try {
    return await request<T>(method, path, body, await csrf());
  } catch (err) {
    if (!isApiError(err, 'csrf.invalid')) throw err;
    // The token is checked before anything else happens, so sending again is safe.
    renewCsrf();
    return request<T>(method, path, body, await csrf());
  }
}
