/**
 * The application error: a stable code from the catalogue (./errors.ts), the fields it concerns
 * and headers to send. Thrown anywhere — accounts, flows, methods, orgs — and rendered only at the
 * HTTP edge (src/http/errors.ts), so no core module imports the HTTP layer.
 */
import { errorCatalog, type ErrorCode, type ErrorParams } from './errors.js';

export class AppError extends Error {
  /** The values of the message's placeholders, for the codes in ErrorParams: set by AppError.with. */
  params?: Readonly<Record<string, string | number>>;
  /** What the answer carries beside code and message (face.environment: `problems`, the checks that failed). */
  extra?: { problems?: string[] };
  constructor(
    readonly code: ErrorCode,
    /** Field name → error code, shown next to the field. */
    readonly fields?: Record<string, ErrorCode>,
    /** Extra headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
  /** An error whose message takes values (ErrorParams), typed per code: `AppError.with('auth.locked', { minutes })`. */
  static with<C extends keyof ErrorParams>(code: C, params: ErrorParams[C], headers?: Record<string, string>): AppError {
    const err = new AppError(code, undefined, headers);
    err.params = params;
    return err;
  }
  get status(): number {
    return errorCatalog[this.code].status;
  }
}

/** `assertThat(flow.state === 'x', 'flow.wrong_state')` */
export function assertThat(condition: unknown, code: ErrorCode, fields?: Record<string, ErrorCode>): asserts condition {
  if (!condition) throw new AppError(code, fields);
}
