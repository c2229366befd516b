/**
 * The one error body every API route answers with on 4xx and 5xx (src/http/errors.ts `sendError`):
 * a stable code from the shared catalog, its message in the request's language, and per-field
 * messages for a form.
 */
import { z } from 'zod';
import { errorCatalog, type ErrorCode } from '../errors.js';

const CODES = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(CODES),
    message: z.string().min(1),
    /** Request field → localised message for that field. */
    fields: z.record(z.string(), z.string()).optional(),
    /** face.environment: the capture checks that failed (src/face/types.ts EnvironmentProblem). */
    problems: z.array(z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
